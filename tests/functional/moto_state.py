"""What moto received, read the way /dev/outbox reads it (moto's own state dump)."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any


def moto_state() -> dict[str, Any]:
    with urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/moto-api/data.json") as answer:
        return dict(json.load(answer))


def sent_emails() -> list[dict[str, Any]]:
    return list(moto_state().get("ses", {}).get("Message", []))


def sent_sms() -> list[dict[str, Any]]:
    return list(moto_state().get("sns", {}).get("SMS", []))
