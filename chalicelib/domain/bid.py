"""Bids, and the award that one of them may win."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.lots import Delivery, Share
from chalicelib.domain.money import mad

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
    unit_prices: tuple[Decimal, ...] = ()  # products: one per item of the lot
    delivery: Delivery | None = None  # products: how the goods travel (its price is in amount)
    shares: tuple[Share, ...] = ()  # a joint bid: each member's share, the lead's first

    @property
    def members(self) -> tuple[str, ...]:
        """Who is paid for the bid: the caterer alone, or every member of a joint bid."""
        return tuple(s.caterer_id for s in self.shares) or (self.caterer_id,)


@dataclass(frozen=True)
class Offer:
    """What a bid offers, before it is written: the price and proposal and, on a products
    lot, the unit prices, the delivery and (a joint bid) the members' shares."""

    amount: Decimal
    proposal: str
    unit_prices: tuple[Decimal, ...] = ()
    delivery: Delivery | None = None
    shares: tuple[Share, ...] = ()


@dataclass(frozen=True)
class Award:
    """The bid a tender is currently awarded to (it may pass to the runner-up)."""

    bid_id: str
    caterer_id: str
    amount: Decimal


def check_amount(amount: Decimal) -> Decimal:
    """A bid is a positive amount in dirhams with at most two decimals."""
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("bad amount", {"amount_mad": "at most 2 decimals"})
    if not Decimal("0") < amount <= MAX_AMOUNT:
        raise InvalidInput(
            "bad amount", {"amount_mad": f"must be above 0 and at most {MAX_AMOUNT}"}
        )
    return mad(amount)
