"""AWS clients: one botocore session per process, clients created lazily and once.

Why one session: each botocore session parses botocore's service data anew (about 10 MB per
session), and PynamoDB opens a session per table connection, so a process using eleven tables
held eleven copies (bench peak-memory: 180 MB). Sharing one keeps the Lambda near 100 MB.
Why lazily: a Lambda that serves a page must not pay for the SES, SNS and Scheduler clients it
never uses (cold start), and tests point ``AWS_ENDPOINT_URL`` at moto before the first client.
Client creation on a shared session is not thread-safe in botocore, hence the lock and
``warm_up`` before a threaded server starts.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

LOCK = threading.RLock()


@cache
def botocore_session() -> Any:
    import botocore.session

    return botocore.session.get_session()


def share_session_with_pynamodb() -> None:
    """PynamoDB offers no setting for its botocore session; its connections call the module's
    ``get_session``, which this points at the process's one session."""
    import pynamodb.connection.base

    pynamodb.connection.base.get_session = botocore_session  # type: ignore[attr-defined]


@cache
def boto3_session() -> Any:
    """One boto3 session too: each registers its handlers on the botocore session, and S3's
    (the transfer methods) refuse to be injected twice ("Cannot inject class attribute")."""
    import boto3

    return boto3.session.Session(botocore_session=botocore_session())


@cache
def client(service: str) -> Any:
    with LOCK:
        return boto3_session().client(service)
