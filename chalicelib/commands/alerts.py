"""How an account hears from Walima: its notice settings, and a caterer's tender alerts."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
)

from chalicelib.commands.fields import (
    Command,
)
from chalicelib.domain.notice_policy import Channel, NoticeSettings


class AlertPreferencesIn(Command):
    """``PUT /api/me/alerts``: how a caterer hears of matching tenders (the inbox always)."""

    channel: Annotated[Channel, Field(strict=False)]
    digest: bool = False


class NoticeSettingsIn(Command):
    """``PUT /api/me/notice-settings``: the channels every notice may use beyond the inbox, and
    whether quiet hours (22:00–08:00, Morocco) hold them."""

    sms: bool
    email: bool
    quiet_hours: bool

    def settings(self) -> NoticeSettings:
        return NoticeSettings(self.sms, self.email, self.quiet_hours)
