"""The platform's service fee and the one-year exemption: pure arithmetic, no clock, no I/O.

Why a ledger of entries rather than a balance: a fee once booked is never edited, only
cancelled by a reversal entry, so what a caterer was charged and why can always be shown.
Entry ids derive from the tender, so booking the same confirmation twice books it once; a
reversal's id derives from the entry it reverses, so an entry is reversed at most once.
Ids are UUIDs (name-based), like every id in a path.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.errors import Conflict
from chalicelib.domain.joint import split
from chalicelib.domain.money import ZERO, mad

WARN_BEFORE = timedelta(days=30)
# The namespace of the ledger's name-based ids (uuid5): fixed forever, or ids would change.
LEDGER_NAMESPACE = uuid.UUID("6f1c2a4e-2d8b-5c53-9a57-0c3f8e1d7b42")


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

    def days_left(self, now: datetime) -> int:
        """Whole days until the end (0 once ended; a day partly left counts as one)."""
        left = self.ends_at - now
        if left <= timedelta(0):
            return 0
        return left.days + (1 if left % timedelta(days=1) else 0)

    def ending_soon(self, now: datetime) -> bool:
        """Running, with less than 30 days left: the caterer is reminded."""
        return self.covers(now) and now >= self.warn_at

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
    reason: str = ""


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


def fee_entry_id(tender_id: str, partner_id: str | None = None) -> str:
    """One fee per tender and payee: the confirmation of a tender is booked once, whoever
    retries. The winner's entry is named by the tender alone; a joint bid's partner's by the
    tender and the partner, so every entry id is unique across the ledgers."""
    name = f"fee:{tender_id}" if partner_id is None else f"fee:{tender_id}:{partner_id}"
    return str(uuid.uuid5(LEDGER_NAMESPACE, name))


def fee_entry_ids(tender_id: str, payees: Sequence[str]) -> tuple[str, ...]:
    """Each payee's entry for the tender's fee, the winner first (``fee_entry_id``)."""
    return tuple(fee_entry_id(tender_id, p if n else None) for n, p in enumerate(payees))


def reversal_id(entry_id: str) -> str:
    """One reversal per entry: two admins reversing the same fee write the same id."""
    return str(uuid.uuid5(LEDGER_NAMESPACE, f"reversal:{entry_id}"))


@dataclass(frozen=True)
class Payee:
    """A member of the confirmed bid (the caterer alone, or a joint bid's member) and what it
    is paid."""

    caterer_id: str
    amount: Decimal
    exemption: Exemption | None


def book_shares(
    tender_id: str, payees: Sequence[Payee], rate: Decimal, at: datetime
) -> tuple[FeeEntry, ...]:
    """One entry per payee of a confirmed award (the winner first), in each one's ledger: its
    part of the bid's fee (the parts add up to the fee on the whole), 0 and exempt inside its
    own exemption."""
    amounts = [mad(p.amount) for p in payees]
    parts = split(fee_for(sum(amounts, ZERO), rate, False), amounts)
    ids = fee_entry_ids(tender_id, [p.caterer_id for p in payees])
    entries = []
    for payee, entry_id, amount, part in zip(payees, ids, amounts, parts, strict=True):
        exempt = payee.exemption is not None and payee.exemption.covers(at)
        entries.append(
            FeeEntry(
                entry_id=entry_id,
                caterer_id=payee.caterer_id,
                tender_id=tender_id,
                kind=EntryKind.FEE,
                amount=amount,
                rate=rate,
                fee=ZERO if exempt else part,
                exempt=exempt,
                created_at=at,
            )
        )
    return tuple(entries)


def reverse(entry: FeeEntry, at: datetime, reason: str) -> FeeEntry:
    """A new entry that cancels ``entry`` (the original stays as it was), saying why."""
    if entry.kind is EntryKind.REVERSAL:
        raise Conflict("a reversal is never reversed")
    return FeeEntry(
        entry_id=reversal_id(entry.entry_id),
        caterer_id=entry.caterer_id,
        tender_id=entry.tender_id,
        kind=EntryKind.REVERSAL,
        amount=-entry.amount,
        rate=entry.rate,
        fee=-entry.fee,
        exempt=entry.exempt,
        created_at=at,
        reverses=entry.entry_id,
        reason=reason,
    )


def total_fee(entries: Iterable[FeeEntry]) -> Decimal:
    return mad(sum((e.fee for e in entries), ZERO))


def totals_by_caterer(fees: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Each caterer's total from (caterer, fee) pairs, in order of first appearance."""
    totals: dict[str, Decimal] = {}
    for caterer_id, fee in fees:
        totals[caterer_id] = totals.get(caterer_id, ZERO) + fee
    return {caterer: mad(total) for caterer, total in totals.items()}


def reversed_ids(entries: Iterable[FeeEntry]) -> frozenset[str]:
    """The entries some reversal among ``entries`` cancels."""
    return frozenset(e.reverses for e in entries if e.reverses is not None)
