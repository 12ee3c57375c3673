"""Private threads: one per (tender, caterer), between the tender's organizer and that caterer.

Pure. Who may write (``Thread.may_write``): a verified caterer while the tender is open, or
once it has bid; the organizer to a caterer that wrote or bid; after the contract, only the
two parties. Each side reads only its own threads. Before the contract a message never
carries a contact detail: ``mask_contacts`` hides phone numbers and e-mail addresses when the
message is written (what is stored is what both sides see), so a sealed tender's parties
cannot agree outside Walima before the award is settled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.account import Role, Viewer
from chalicelib.domain.contract import Side
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender

MAX_MESSAGE = 1000  # characters
MASK = "•••"
EXCERPT = 120  # characters of a message its notice quotes


@dataclass(frozen=True)
class Message:
    id: str
    tender_id: str
    caterer_id: str
    sender: Side
    text: str
    created_at: datetime


class ThreadMoved(Exception):
    """The thread or its tender changed between the read and the write: read again."""


@dataclass(frozen=True)
class ThreadState:
    """A started thread as stored: each side's unread count and when it was last told."""

    unread: dict[Side, int]
    told_at: dict[Side, datetime | None]


@dataclass(frozen=True)
class ThreadSummary:
    """A thread as its organizer's list shows it."""

    tender_id: str
    caterer_id: str
    business_name: str
    last_at: datetime
    unread: int  # the organizer's unread messages


@dataclass(frozen=True)
class Thread:
    """The thread of ``caterer_id`` on ``tender``; ``started``: a message has been written."""

    tender: Tender
    caterer_id: str
    started: bool

    @property
    def after_contract(self) -> bool:
        t = self.tender
        return t.status in (TenderStatus.CONTRACTED, TenderStatus.COMPLETED) or (
            t.status is TenderStatus.CANCELLED and t.cancelled_by is not None
        )

    def side_of(self, viewer: Viewer | None) -> Side | None:
        """Which side of this thread the viewer is on, if any."""
        if viewer is None or self.tender.practice:
            return None
        if viewer.account_id == self.tender.organizer_id:
            return Side.ORGANIZER
        if viewer.role is Role.CATERER and viewer.account_id == self.caterer_id:
            return Side.CATERER
        return None

    def may_read(self, viewer: Viewer | None) -> bool:
        return self.side_of(viewer) is not None

    def may_write(self, viewer: Viewer | None, now: datetime) -> bool:
        side = self.side_of(viewer)
        t, bid = self.tender, self.caterer_id in self.tender.bidder_ids
        if side is None or viewer is None:
            return False
        if self.after_contract:
            return self.caterer_id == t.winner_id
        if side is Side.ORGANIZER:
            return self.started or bid
        return viewer.verified and (t.is_open_at(now) or bid)

    @property
    def masks_contacts(self) -> bool:
        return not self.after_contract


_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.IGNORECASE)
# 9 or more digits (Western, Arabic-Indic or Extended Arabic-Indic), however spaced, dotted or
# bracketed: every Moroccan phone number (06/07 and nine digits after +212); a date (8 digits)
# or a price stays.
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_PHONE = re.compile(rf"\+?{_DIGIT}(?:[\s.\-()]*{_DIGIT}){{8,}}")


def mask_contacts(text: str) -> str:
    """``text`` with every e-mail address and phone-like number replaced by ``MASK``."""
    return _PHONE.sub(MASK, _EMAIL.sub(MASK, text))


def excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[: EXCERPT - 1] + "…"
