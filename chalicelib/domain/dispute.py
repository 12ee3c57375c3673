"""Disputes: either party of a contract asks an admin to settle what went wrong.

A dispute is opened on a contracted or completed tender, until 14 days after the event, one
open at a time per tender; an admin upholds or dismisses it with a note. Upheld against the
caterer (opened by the organizer), it reverses the caterer's fee and counts against it like a
late cancellation. No clock here: the day and the moment are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from chalicelib.domain.contract import Side

DISPUTE_WINDOW = timedelta(days=14)  # after the event


class DisputeStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


DECISIONS = (DisputeStatus.UPHELD, DisputeStatus.DISMISSED)


def may_be_opened(event_date: date, today: date) -> bool:
    return today <= event_date + DISPUTE_WINDOW


@dataclass(frozen=True)
class Dispute:
    id: str
    tender_id: str
    opened_by: Side
    reason: str
    created_at: datetime
    status: DisputeStatus = DisputeStatus.OPEN
    note: str = ""
    decided_at: datetime | None = None

    @property
    def against(self) -> Side:
        return Side.CATERER if self.opened_by is Side.ORGANIZER else Side.ORGANIZER

    def decide(self, decision: DisputeStatus, note: str, at: datetime) -> Dispute:
        if decision not in DECISIONS:
            raise ValueError(f"{decision} is not a decision")
        return replace(self, status=decision, note=note, decided_at=at)

    @property
    def costs_the_caterer(self) -> bool:
        """Upheld against the caterer: its fee is reversed and it counts as a late cancellation."""
        return self.status is DisputeStatus.UPHELD and self.against is Side.CATERER
