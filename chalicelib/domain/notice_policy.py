"""One notice policy: how each notice reaches its person beyond the inbox.

Pure: the clock comes in as ``now``. Every notice is in the in-app inbox at once; its e-mail
and SMS follow the account's ``NoticeSettings`` (each channel on or off, and quiet hours
22:00–08:00 Morocco time, during which they wait until 08:00). Tender alerts narrow it to
the one channel the caterer chose for them; a thread's messages send at most one e-mail/SMS
per ``MESSAGE_SPACING`` to each side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from chalicelib.domain.catalog import MOROCCO

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)  # also when the daily digest goes out
MESSAGE_SPACING = timedelta(minutes=15)


class Channel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    NONE = "none"  # the inbox only


@dataclass(frozen=True)
class NoticeSettings:
    """An account's choice, for every notice Walima sends it (the inbox always has them)."""

    sms: bool = True
    email: bool = True
    quiet_hours: bool = True  # hold e-mail and SMS from 22:00 to 08:00, Morocco time


@dataclass(frozen=True)
class Reach:
    """Where a notice's e-mail and SMS go (None: not sent that way), and from when."""

    email_to: str | None = None
    sms_to: str | None = None
    send_after: datetime | None = None  # quiet hours: not before then

    @property
    def sends(self) -> bool:
        return self.email_to is not None or self.sms_to is not None


INBOX_ONLY = Reach()


def reach(
    settings: NoticeSettings,
    email: str,
    phone: str,
    now: datetime,
    only: Channel | None = None,
) -> Reach:
    """How a notice decided at ``now`` reaches an account with these settings and contacts;
    ``only``: the one channel a tender alert may use."""
    email_to = email if email and settings.email and only in (None, Channel.EMAIL) else None
    sms_to = phone if phone and settings.sms and only in (None, Channel.SMS) else None
    if email_to is None and sms_to is None:
        return INBOX_ONLY
    held = send_after(now) if settings.quiet_hours else None
    return Reach(email_to, sms_to, held)


def message_reach(
    settings: NoticeSettings, email: str, phone: str, now: datetime, told_at: datetime | None
) -> Reach:
    """A new message's notice to one side of a thread: sent as ``reach`` says unless that side
    was told (or is to be told, after quiet hours) less than ``MESSAGE_SPACING`` ago."""
    if told_at is not None and now < told_at + MESSAGE_SPACING:
        return INBOX_ONLY
    return reach(settings, email, phone, now)


def told_at(sent: Reach, now: datetime) -> datetime | None:
    """When a side of a thread counts as told by this notice (None: it was not)."""
    if not sent.sends:
        return None
    return sent.send_after or now


def in_quiet_hours(moment: datetime) -> bool:
    local = moment.astimezone(MOROCCO).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def local_eight(day: date) -> datetime:
    """08:00 in Morocco on ``day``; tzdata knows the Ramadan offset changes."""
    return datetime.combine(day, QUIET_UNTIL, tzinfo=MOROCCO)


def send_after(now: datetime) -> datetime | None:
    """When an SMS or e-mail decided at ``now`` may go: None (at once) outside quiet hours,
    else the next 08:00 Morocco time."""
    if not in_quiet_hours(now):
        return None
    local = now.astimezone(MOROCCO)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return local_eight(day)
