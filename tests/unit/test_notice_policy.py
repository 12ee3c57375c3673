"""The one notice policy: channels, quiet hours, and the spacing of a thread's messages."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.catalog import MOROCCO
from chalicelib.domain.notice_policy import (
    INBOX_ONLY,
    MESSAGE_SPACING,
    Channel,
    NoticeSettings,
    Reach,
    in_quiet_hours,
    message_reach,
    reach,
    send_after,
    told_at,
)

MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
NOON = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 12:00 in Morocco (UTC+1 in December)
NIGHT = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Morocco
EIGHT = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
EMAIL, PHONE = "c1@example.ma", "+212661000001"


@given(
    sms=st.booleans(),
    email=st.booleans(),
    quiet=st.booleans(),
    only=st.sampled_from([None, *Channel]),
    now=MOMENTS,
)
def test_every_channel_and_moment_follows_the_settings(
    sms: bool, email: bool, quiet: bool, only: Channel | None, now: datetime
) -> None:
    sent = reach(NoticeSettings(sms=sms, email=email, quiet_hours=quiet), EMAIL, PHONE, now, only)
    assert (sent.sms_to == PHONE) == (sms and only in (None, Channel.SMS))
    assert (sent.email_to == EMAIL) == (email and only in (None, Channel.EMAIL))
    held = sent.sends and quiet and in_quiet_hours(now)
    assert (sent.send_after is not None) == held
    assert sent.sends or sent == INBOX_ONLY


def test_a_channel_without_its_contact_sends_nothing_that_way() -> None:
    assert reach(NoticeSettings(), "", PHONE, NOON) == Reach(None, PHONE)
    assert reach(NoticeSettings(), "", "", NOON) == INBOX_ONLY
    assert reach(NoticeSettings(), EMAIL, PHONE, NOON, Channel.NONE) == INBOX_ONLY


def test_quiet_hours_hold_the_email_and_sms_until_eight() -> None:
    assert reach(NoticeSettings(), EMAIL, PHONE, NIGHT) == Reach(EMAIL, PHONE, EIGHT)
    assert reach(NoticeSettings(quiet_hours=False), EMAIL, PHONE, NIGHT) == Reach(EMAIL, PHONE)


@given(MOMENTS)
def test_nothing_is_ever_sent_in_quiet_hours(now: datetime) -> None:
    """Whatever the moment (Ramadan's offset changes included), an e-mail/SMS decided then goes
    at once outside 22:00–08:00 Morocco time, else at the next 08:00, within ten hours."""
    at = send_after(now)
    sent = now if at is None else at
    local = sent.astimezone(MOROCCO)
    assert 8 <= local.hour < 22
    assert (at is None) == (not in_quiet_hours(now))
    if at is not None:
        assert local.time().isoformat() == "08:00:00"
        assert timedelta(0) < at - now <= timedelta(hours=10, minutes=1)


def test_quiet_hours_examples() -> None:
    assert send_after(NIGHT) == EIGHT
    two_am = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert send_after(two_am) == EIGHT
    assert send_after(EIGHT) is None  # 08:00 sharp: go
    ramadan_night = datetime(2026, 2, 25, 22, 30, tzinfo=UTC)  # UTC+0 during Ramadan 2026
    assert send_after(ramadan_night) == datetime(2026, 2, 26, 8, 0, tzinfo=UTC)


# --- a thread's messages ------------------------------------------------------------------


@given(
    seconds=st.lists(st.integers(min_value=0, max_value=24 * 3600), min_size=1, max_size=60),
    quiet=st.booleans(),
)
def test_a_side_of_a_thread_is_told_at_most_once_per_fifteen_minutes(
    seconds: list[int], quiet: bool
) -> None:
    """Messages at any moments of a day: the e-mails/SMS they send go out at least 15 minutes
    apart (quiet hours included: the night's messages make one at 08:00), and a message
    finds the side told within the last 15 minutes (or about to be), or tells it."""
    settings, start = NoticeSettings(quiet_hours=quiet), NIGHT - timedelta(hours=12)
    last: datetime | None = None
    goes: list[datetime] = []
    for now in sorted(start + timedelta(seconds=s) for s in seconds):
        sent = message_reach(settings, EMAIL, PHONE, now, last)
        assert sent.sends == (last is None or now >= last + MESSAGE_SPACING)
        if sent.sends:
            last = told_at(sent, now)
            assert last is not None
            goes.append(last)
    assert all(b - a >= MESSAGE_SPACING for a, b in itertools.pairwise(goes))


def test_the_night_s_messages_make_one_email_at_eight() -> None:
    first = message_reach(NoticeSettings(), EMAIL, PHONE, NIGHT, None)
    assert first == Reach(EMAIL, PHONE, EIGHT)
    told = told_at(first, NIGHT)
    assert message_reach(NoticeSettings(), EMAIL, PHONE, NIGHT + timedelta(hours=3), told) == (
        INBOX_ONLY
    )
    assert message_reach(NoticeSettings(), EMAIL, PHONE, EIGHT + MESSAGE_SPACING, told).sends
