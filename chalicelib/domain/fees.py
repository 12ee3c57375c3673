"""The platform's service fee and the one-year exemption: pure arithmetic, no clock, no I/O.

Why a ledger of entries rather than a balance: a fee once booked is never edited, only
cancelled by a reversal entry, so what a caterer was charged and why can always be shown.
Entry ids derive from the tender, so booking the same confirmation twice books it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.money import ZERO, mad

WARN_BEFORE = timedelta(days=30)


class EntryKind(StrEnum):
    FEE = "fee"
    REVERSAL = "reversal"


@dataclass(frozen=True)
class Exemption:
    """A beneficiary's exemption: fees on awards confirmed in [starts_at, ends_at) are 0."""

    starts_at: datetime
    ends_at: datetime
    reason: str = ""
    programme: str = ""

    def covers(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at

    @property
    def warn_at(self) -> datetime:
        """When the caterer is told the exemption is about to end."""
        return self.ends_at - WARN_BEFORE


@dataclass(frozen=True)
class FeeEntry:
    """One line of a caterer's ledger; a reversal carries the negated amounts of what it undoes."""

    entry_id: str
    caterer_id: str
    tender_id: str
    kind: EntryKind
    amount: Decimal
    rate: Decimal
    fee: Decimal
    exempt: bool
    created_at: datetime
    reverses: str | None = None


def one_year_from(start: datetime) -> datetime:
    """The same day and time next year (29 February becomes 28 February)."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28)


def grant(now: datetime, reason: str, programme: str) -> Exemption:
    return Exemption(now, one_year_from(now), reason, programme)


def fee_for(amount: Decimal, rate: Decimal, exempt: bool) -> Decimal:
    """The fee on a contracted amount, rounded to the centime; always 0 when exempt."""
    return ZERO if exempt else mad(amount * rate)


def fee_entry_id(tender_id: str) -> str:
    """One fee per tender: the confirmation of a tender is booked once, whoever retries."""
    return f"fee:{tender_id}"


def book(
    caterer_id: str,
    tender_id: str,
    amount: Decimal,
    rate: Decimal,
    exemption: Exemption | None,
    at: datetime,
) -> FeeEntry:
    exempt = exemption is not None and exemption.covers(at)
    return FeeEntry(
        entry_id=fee_entry_id(tender_id),
        caterer_id=caterer_id,
        tender_id=tender_id,
        kind=EntryKind.FEE,
        amount=mad(amount),
        rate=rate,
        fee=fee_for(amount, rate, exempt),
        exempt=exempt,
        created_at=at,
    )


def reverse(entry: FeeEntry, at: datetime, reason_id: str) -> FeeEntry:
    """A new entry that cancels ``entry`` (the original stays as it was)."""
    if entry.kind is EntryKind.REVERSAL:
        raise ValueError("a reversal is not reversed; book the fee again instead")
    return FeeEntry(
        entry_id=f"reversal:{entry.tender_id}:{reason_id}",
        caterer_id=entry.caterer_id,
        tender_id=entry.tender_id,
        kind=EntryKind.REVERSAL,
        amount=-entry.amount,
        rate=entry.rate,
        fee=-entry.fee,
        exempt=entry.exempt,
        created_at=at,
        reverses=entry.entry_id,
    )


def total_fee(entries: Iterable[FeeEntry]) -> Decimal:
    return mad(sum((e.fee for e in entries), ZERO))
