"""Bids and the award rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import mad
from chalicelib.domain.tender import Award

MAX_AMOUNT = Decimal("100000000.00")


@dataclass(frozen=True)
class Bid:
    """One submission by a caterer; the live bid is the caterer's latest submission."""

    id: str
    tender_id: str
    caterer_id: str
    amount: Decimal
    proposal: str
    submitted_at: datetime


def check_amount(amount: Decimal) -> Decimal:
    """A bid is a positive amount in dirhams with at most two decimals."""
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("bad amount", {"amount_mad": "at most 2 decimals"})
    if not Decimal("0") < amount <= MAX_AMOUNT:
        raise InvalidInput(
            "bad amount", {"amount_mad": f"must be above 0 and at most {MAX_AMOUNT}"}
        )
    return mad(amount)


def ranking_key(bid: Bid) -> tuple[Decimal, datetime, str]:
    """Lowest amount first; equal amounts go to the earlier bid (then the id, for determinism)."""
    return (bid.amount, bid.submitted_at, bid.id)


def rank(bids: Iterable[Bid]) -> list[Bid]:
    return sorted(bids, key=ranking_key)


def choose_award(live_bids: Iterable[Bid]) -> Award | None:
    """The lowest live bid wins; no bid means no award (the tender is unsuccessful)."""
    ranked = rank(live_bids)
    if not ranked:
        return None
    best = ranked[0]
    return Award(bid_id=best.id, caterer_id=best.caterer_id, amount=best.amount)
