"""``/dev/outbox`` on the local stage: the e-mails and SMS that moto received, newest first."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any


def moto_outbox() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """E-mails and SMS from moto's state dump (``/moto-api/data.json``), as moto recorded them."""
    endpoint = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
    if not endpoint.startswith("http://127.0.0.1:"):
        raise RuntimeError("the dev outbox reads only the embedded moto on loopback")
    with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=5) as answer:  # noqa: S310
        data = json.load(answer)
    emails = list(reversed(data.get("ses", {}).get("Message", [])))
    sms = list(reversed(data.get("sns", {}).get("SMS", [])))
    return emails, sms
