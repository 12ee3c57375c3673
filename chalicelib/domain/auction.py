"""The open reverse auction's clock: anti-sniping extensions.

A new best bid placed in the last ``window`` of bidding moves the deadline to ``step`` after
that bid, so rivals can answer it; all extensions together stop at ``cap`` past the original
deadline, so an auction always ends (e-sourcing practice: 2 minutes, capped at 1 hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal


@dataclass(frozen=True)
class SnipingRules:
    window: timedelta = timedelta(minutes=2)
    step: timedelta = timedelta(minutes=2)
    cap: timedelta = timedelta(minutes=60)


def extended_deadline(
    deadline: datetime, original: datetime, bid_at: datetime, rules: SnipingRules
) -> datetime | None:
    """The new deadline a best bid at ``bid_at`` earns, or None when it earns none.

    None when the bid is outside the last ``window``, or the cap is already reached.
    """
    if deadline - bid_at > rules.window:
        return None
    extended = min(bid_at + rules.step, original + rules.cap)
    return extended if extended > deadline else None


@dataclass(frozen=True)
class Bidding:
    """What decides whether a tender accepts a bid at an instant (the bid's write condition)."""

    open: bool
    deadline: datetime
    accept_at_most: Decimal | None = None


def refusal(state: Bidding, amount: Decimal, at: datetime) -> str | None:
    """Why a bid of ``amount`` at ``at`` is refused, or None when it is accepted.

    The storage adapter enforces exactly this as a DynamoDB condition (a property test checks
    that the two agree); here it is plain code so the rules can be reasoned about and tested.
    """
    if not state.open:
        return "not open"
    if at >= state.deadline:
        return "deadline passed"
    if state.accept_at_most is not None and amount > state.accept_at_most:
        return "not low enough"
    return None


@dataclass(frozen=True)
class OpenTerms:
    """An open-mode bid's extra terms, computed by the service from the bid alone.

    ``ceiling``: the highest amount the *next* bid may have once this one is the best.
    ``extend_to``: the anti-sniping deadline this bid earns, valid only if the deadline is
    still ``seen_deadline`` when the write lands.
    ``seen_leader``: the caterer whose bid led when the tender was read (None: no bid yet); the
    write holds only if it still leads, so ``outbid`` (the event that tells it, if any) names
    the caterer this bid really undercuts.
    """

    ceiling: Decimal
    seen_deadline: datetime
    extend_to: datetime | None = None
    seen_leader: str | None = None
    outbid: str | None = None


class TenderMoved(Exception):
    """Another bid changed what this bid's terms were computed from (the deadline, the lead)
    between our read and our write: read again."""
