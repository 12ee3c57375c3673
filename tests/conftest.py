"""Shared fixtures. One moto server (serialised, as on the embedded default) for the session;
every functional test gets fresh tables and its own clock."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta

import pytest

from embedded.aws import REGION, MotoServer, point_clients_at
from embedded.runner import stage_environment

_moto = MotoServer().start()
point_clients_at(_moto.endpoint)
os.environ.update(stage_environment("local"))
os.environ["WALIMA_TOKEN_SECRET"] = secrets.token_urlsafe(48)


class Clock:
    """A clock the test moves by hand; services read time only through it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def moto_server() -> MotoServer:
    """The session's moto server (the journal tests attach a journal to it)."""
    return _moto


@pytest.fixture(scope="session")
def moto_endpoint() -> str:
    return _moto.endpoint


@pytest.fixture
def aws(moto_endpoint: str) -> str:
    """Fresh moto state with Walima's tables, SES identity and schedule group."""
    fresh_aws(moto_endpoint)
    return moto_endpoint


def fresh_aws(moto_endpoint: str) -> None:
    """moto emptied, then Walima's tables, SES identity, schedule group and bucket."""
    import urllib.request

    from chalicelib.adapters.aws import client
    from chalicelib.adapters.models import create_tables
    from chalicelib.adapters.uploads import Uploads
    from chalicelib.settings import settings

    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request).close()
    create_tables()
    client("ses").verify_email_identity(EmailAddress=settings().sender_email)
    client("scheduler").create_schedule_group(Name=settings().schedule_group)
    Uploads(settings().upload_bucket).create_bucket(REGION)
