"""The tender's state machine: one table of allowed transitions, and every change goes through it.

Why a table: the closer, the sweeper, cancellation and award steps all move tenders; checking each
move against one table means no code path can invent a transition the product does not allow.
``docs/tender-lifecycle.md`` draws this table, and a test keeps the drawing true.
"""

from __future__ import annotations

from enum import StrEnum

from chalicelib.domain.errors import Conflict


class TenderStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    AWARDED = "awarded"
    CONTRACTED = "contracted"
    COMPLETED = "completed"
    UNSUCCESSFUL = "unsuccessful"
    CANCELLED = "cancelled"


TRANSITIONS: dict[TenderStatus, frozenset[TenderStatus]] = {
    TenderStatus.DRAFT: frozenset({TenderStatus.OPEN, TenderStatus.CANCELLED}),
    TenderStatus.OPEN: frozenset({TenderStatus.CLOSED, TenderStatus.CANCELLED}),
    TenderStatus.CLOSED: frozenset(
        {TenderStatus.AWARDED, TenderStatus.UNSUCCESSFUL, TenderStatus.CANCELLED}
    ),
    # awarded → awarded: declined, rejected or timed out, the award passes to the runner-up.
    TenderStatus.AWARDED: frozenset(
        {
            TenderStatus.AWARDED,
            TenderStatus.CONTRACTED,
            TenderStatus.UNSUCCESSFUL,
            TenderStatus.CANCELLED,
        }
    ),
    # contracted → cancelled: either party cancels the contract (``services/contracts.py``).
    TenderStatus.CONTRACTED: frozenset({TenderStatus.COMPLETED, TenderStatus.CANCELLED}),
    TenderStatus.COMPLETED: frozenset(),
    TenderStatus.UNSUCCESSFUL: frozenset(),
    TenderStatus.CANCELLED: frozenset(),
}

# Statuses its organizer cancels the tender from: anything before the contract. After it,
# the contract is cancelled instead, by either party, with its own consequences.
CANCELLABLE = frozenset(
    s for s, targets in TRANSITIONS.items() if TenderStatus.CANCELLED in targets
) - {TenderStatus.CONTRACTED}


def can_move(current: TenderStatus, target: TenderStatus) -> bool:
    """True when the table allows ``current → target``."""
    return target in TRANSITIONS[current]


def check_move(current: TenderStatus, target: TenderStatus) -> TenderStatus:
    """Return ``target`` if the table allows it from ``current``, else refuse with a conflict."""
    if not can_move(current, target):
        raise Conflict(f"a tender cannot go from {current} to {target}")
    return target
