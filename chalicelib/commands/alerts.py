"""A caterer's tender alerts."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
)

from chalicelib.commands.fields import (
    Command,
)
from chalicelib.domain.alerts import Channel


class AlertPreferencesIn(Command):
    """``PUT /api/me/alerts``: how a caterer hears of matching tenders (the inbox always)."""

    channel: Annotated[Channel, Field(strict=False)]
    digest: bool = False
