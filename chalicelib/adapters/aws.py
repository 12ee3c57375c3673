"""AWS clients: one botocore session per process, clients created lazily and once.

Why one session: each botocore session parses botocore's service data anew (about 10 MB per
session), and PynamoDB opens a session per table connection, so a process using eleven tables
held eleven copies (bench peak-memory: 180 MB). Sharing one keeps the Lambda near 100 MB.
Why lazily: a Lambda that serves a page must not pay for the SES, SNS and Scheduler clients it
never uses (cold start), and tests point ``AWS_ENDPOINT_URL`` at moto before the first client.
Why a data path of our own: botocore's ``endpoints.json`` describes every service (about 7 MB
once parsed); ours, in ``botocore_data/``, only the services in ``SERVICES`` (``infra/
botocore_data.py`` writes it from the installed botocore, a test keeps them equal).
Why one DynamoDB connection: PynamoDB gives each table its own connection, hence its own
botocore client (about 1 MB each, 17 of them); every model uses ``dynamodb()`` instead
(``models.Table``), and so do the transactions.
Client creation on a shared session is not thread-safe in botocore, hence the lock and
``warm_up`` before a threaded server starts.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

LOCK = threading.RLock()
SERVICES = ("dynamodb", "s3", "scheduler", "ses", "sns", "ssm")
DATA_PATH = Path(__file__).with_name("botocore_data")


@cache
def botocore_session() -> Any:
    import botocore.session

    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, str(DATA_PATH))
    return session


def share_session_with_pynamodb() -> None:
    """PynamoDB offers no setting for its botocore session; its connections call the module's
    ``get_session``, which this points at the process's one session."""
    import pynamodb.connection.base

    pynamodb.connection.base.get_session = botocore_session  # type: ignore[attr-defined]


@cache
def dynamodb() -> Any:
    """The one PynamoDB connection (one botocore client, made on first use) of every table."""
    from pynamodb.connection import Connection

    return Connection()


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
