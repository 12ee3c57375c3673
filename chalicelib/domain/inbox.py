"""A notice as its recipient's inbox holds it, and a new one with where its e-mail and SMS go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class NewNotice:
    """A notice rendered in its recipient's language, with where its e-mail and SMS go."""

    account_id: str
    notice_id: str
    kind: str
    tender_id: str | None
    title: str
    body: str
    language: str
    created_at: datetime
    email_to: str | None
    sms_to: str | None
    send_after: datetime | None = None  # quiet hours: the e-mail/SMS wait until then


@dataclass(frozen=True)
class InboxItem:
    id: str
    kind: str
    tender_id: str | None
    title: str
    body: str
    created_at: datetime
    read: bool
