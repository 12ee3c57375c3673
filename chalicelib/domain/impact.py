"""The programme's impact, month by month (Morocco time): what the beneficiaries of the fee
exemption earned, the shares going to women-led cooperatives and to the isolated provinces,
the fees waived, and the caterers onboarded, verified and winning for the first time.

Each figure is added to its month's item in the write that makes it (``Contribution``), so
the report reads 12 items and never scans.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from chalicelib.domain.catalog import PRODUCT_EVENTS, Province
from chalicelib.domain.fees import FeeEntry
from chalicelib.domain.money import ZERO, mad
from chalicelib.domain.tender import TenderDraft

ISOLATED = frozenset({Province.TATA, Province.TAROUDANT})


@dataclass(frozen=True)
class Contribution:
    """What one confirmed contract adds to its month."""

    contracted_mad: Decimal
    exempt_contracted_mad: Decimal
    women_mad: Decimal
    isolated_mad: Decimal
    fees_waived_mad: Decimal
    first_wins: int

    def __add__(self, other: Contribution) -> Contribution:
        """A joint contract's: each member counted on its share, added up."""
        return Contribution(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


NOTHING = Contribution(ZERO, ZERO, ZERO, ZERO, ZERO, 0)


def from_isolation(draft: TenderDraft, seller_provinces: tuple[Province, ...]) -> bool:
    """A meal held in an isolated province; products sold by a seller there, wherever they go
    (reaching buyers across Morocco is the way out of isolation)."""
    if draft.event_type in PRODUCT_EVENTS:
        return bool(ISOLATED & set(seller_provinces))
    return draft.province in ISOLATED


def contribution(fee: FeeEntry, isolated: bool, women_led: bool, first_win: bool) -> Contribution:
    """A contract's amounts: its whole amount, and the parts that count as the exemption's
    (with the fee it waived: the amount at the rate), a women-led caterer's and an isolated
    province's."""
    amount = fee.amount
    return Contribution(
        contracted_mad=amount,
        exempt_contracted_mad=amount if fee.exempt else ZERO,
        women_mad=amount if women_led else ZERO,
        isolated_mad=amount if isolated else ZERO,
        fees_waived_mad=mad(amount * fee.rate) if fee.exempt else ZERO,
        first_wins=1 if first_win else 0,
    )


AMOUNTS = tuple(f.name for f in fields(Contribution) if f.name.endswith("_mad"))
COUNTS = ("onboarded", "verified", "first_wins")


@dataclass(frozen=True)
class ImpactMonth:
    month: str  # YYYY-MM, Morocco time
    contracted_mad: Decimal = ZERO
    exempt_contracted_mad: Decimal = ZERO
    women_mad: Decimal = ZERO
    isolated_mad: Decimal = ZERO
    fees_waived_mad: Decimal = ZERO
    onboarded: int = 0  # caterers who signed up
    verified: int = 0  # caterers verified
    first_wins: int = 0  # caterers whose first contract this was

    def share(self, part: Decimal) -> Decimal | None:
        """``part`` of the contracted amount, in percent (None when nothing was contracted)."""
        if not self.contracted_mad:
            return None
        return (part * 100 / self.contracted_mad).quantize(Decimal("0.1"))

    @property
    def women_share(self) -> Decimal | None:
        return self.share(self.women_mad)

    @property
    def isolated_share(self) -> Decimal | None:
        return self.share(self.isolated_mad)


def total(months: list[ImpactMonth]) -> ImpactMonth:
    """The months added up (``month`` is the span: first…last)."""
    span = f"{months[0].month}…{months[-1].month}" if months else ""
    figures: dict[str, Any] = {
        **{n: mad(sum((getattr(m, n) for m in months), ZERO)) for n in AMOUNTS},
        **{n: sum(getattr(m, n) for m in months) for n in COUNTS},
    }
    return ImpactMonth(span, **figures)
