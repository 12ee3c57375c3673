"""boto3 clients, created lazily and once per process.

Why lazily: a Lambda that serves a page must not pay for importing and building the SES, SNS
and Scheduler clients it never uses (cold start), and tests point ``AWS_ENDPOINT_URL`` at moto
before the first client exists.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3

    return boto3.session.Session().client(service)
