"""A tender's history: every change of its state, appended in the write that makes the change
and never altered after. Who (role and account), when, from which status to which, and why.

Each step is numbered after the tender's last one in that same write (``adapters/history.py``),
so the history's order is the order the writes took effect, however they raced. The public
steps also carry their OCDS release (``domain/ocds.py``), built from the state at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from chalicelib.domain.account import Principal, Role, Viewer
from chalicelib.domain.lifecycle import TenderStatus

SYSTEM = "system"  # the chronograph: closes, awards, lapses and completions on time


class Action(StrEnum):
    POSTED = "posted"
    DEADLINE_EXTENDED = "deadline_extended"
    CLOSED = "closed"
    AWARDED = "awarded"
    UNSUCCESSFUL = "unsuccessful"
    AWARD_PASSED = "award_passed"
    CANCELLED = "cancelled"
    CONTRACTED = "contracted"
    DEPOSIT_PAID = "deposit_paid"
    BALANCE_PAID = "balance_paid"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CONTRACT_CANCELLED = "contract_cancelled"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_DECIDED = "dispute_decided"


# Between the organizer and the winner only: other bidders see neither the step nor its reason.
BETWEEN_PARTIES = frozenset({Action.DISPUTE_OPENED, Action.DISPUTE_DECIDED})

# The steps whose reason a person wrote (pages show it as said; the others' are the API's).
SAID = frozenset(
    {
        Action.AWARD_PASSED,
        Action.CANCELLED,
        Action.CONTRACT_CANCELLED,
        Action.DISPUTE_OPENED,
        Action.DISPUTE_DECIDED,
    }
)

Release = dict[str, Any]  # an OCDS release without its ocid, id and date (set from the step)


@dataclass(frozen=True)
class Actor:
    role: str  # a Role's value, or SYSTEM
    account_id: str | None = None

    @classmethod
    def of(cls, who: Principal | Viewer) -> Actor:
        return cls(who.role.value, who.account_id)


CHRONOGRAPH = Actor(SYSTEM)


@dataclass(frozen=True)
class Step:
    """One change of a tender's state, as its writer saw it; ``seq`` is given when written."""

    tender_id: str
    action: Action
    at: datetime
    actor: Actor
    before: TenderStatus | None  # None for the step that created the tender
    after: TenderStatus
    reason: str = ""
    release: Release | None = None
    seq: int = 0

    def visible_to(self, viewer: Viewer, parties: frozenset[str]) -> bool:
        """A bidder that is not a party to the deal does not see what is between the parties."""
        private = self.action in BETWEEN_PARTIES
        return not private or viewer.role is Role.ADMIN or viewer.account_id in parties


def may_read_history(viewer: Viewer, organizer_id: str, bidder_ids: frozenset[str]) -> bool:
    """Its organizer, the caterers that bid on it, and admins."""
    return (
        viewer.role is Role.ADMIN
        or viewer.account_id == organizer_id
        or (viewer.role is Role.CATERER and viewer.account_id in bidder_ids)
    )
