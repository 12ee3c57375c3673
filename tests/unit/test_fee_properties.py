"""Property-based tests of the fee ledger's arithmetic (pure: ``domain/fees.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.errors import Conflict
from chalicelib.domain.fees import (
    EntryKind,
    Exemption,
    FeeEntry,
    Payee,
    book_shares,
    fee_for,
    grant,
    one_year_from,
    reverse,
    reversed_ids,
    total_fee,
    totals_by_caterer,
)
from chalicelib.domain.money import ZERO

START = datetime(2026, 1, 1, tzinfo=UTC)
amounts = st.decimals(min_value=Decimal("1"), max_value=Decimal("10000000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.2"), places=4)
moments = st.integers(min_value=0, max_value=3 * 366 * 24 * 3600).map(
    lambda s: START + timedelta(seconds=s)
)
bookings = st.lists(st.tuples(amounts, moments), min_size=0, max_size=20)


def book(
    caterer_id: str,
    tender_id: str,
    amount: Decimal,
    rate: Decimal,
    exemption: Exemption | None,
    at: datetime,
) -> FeeEntry:
    """A caterer's fee for a tender it won alone."""
    return book_shares(tender_id, [Payee(caterer_id, amount, exemption)], rate, at)[0]


@given(bookings, rates, moments)
def test_the_total_is_the_sum_of_the_entries(
    booked: list[tuple[Decimal, datetime]], rate: Decimal, granted: datetime
) -> None:
    exemption = grant(granted, "programme", "INDH")
    entries = [book("c", f"t{i}", a, rate, exemption, at) for i, (a, at) in enumerate(booked)]
    assert total_fee(entries) == sum((e.fee for e in entries), ZERO)
    for e in entries:
        assert e.fee == e.fee.quantize(Decimal("0.01"))
        assert e.fee >= 0


@given(amounts, rates, moments, moments)
def test_an_exempt_period_never_books_a_fee(
    amount: Decimal, rate: Decimal, granted: datetime, at: datetime
) -> None:
    exemption = grant(granted, "women's cooperative", "INDH")
    entry = book("c", "t", amount, rate, exemption, at)
    inside = granted <= at < one_year_from(granted)
    assert entry.exempt is inside
    if inside:
        assert entry.fee == ZERO
    else:
        assert entry.fee == fee_for(amount, rate, exempt=False)


@given(bookings, rates, st.data())
def test_reversals_cancel_what_they_reverse(
    booked: list[tuple[Decimal, datetime]], rate: Decimal, data: st.DataObject
) -> None:
    entries = [book("c", f"t{i}", a, rate, None, at) for i, (a, at) in enumerate(booked)]
    reversed_ = [e for e in entries if data.draw(st.booleans())]
    reversals = [reverse(e, e.created_at, "1") for e in reversed_]
    kept = [e for e in entries if e not in reversed_]
    assert total_fee(entries + reversals) == total_fee(kept)
    for original, reversal in zip(reversed_, reversals, strict=True):
        assert reversal.kind is EntryKind.REVERSAL
        assert reversal.reverses == original.entry_id
        assert reversal.entry_id != original.entry_id
        assert original.fee + reversal.fee == ZERO


@given(moments)
def test_an_exemption_lasts_one_calendar_year_and_warns_30_days_before(granted: datetime) -> None:
    exemption = grant(granted, "r", "p")
    assert timedelta(days=365) <= exemption.ends_at - exemption.starts_at <= timedelta(days=366)
    assert exemption.warn_at == exemption.ends_at - timedelta(days=30)
    assert exemption.covers(granted)
    assert not exemption.covers(exemption.ends_at)


def test_the_fee_is_the_rate_of_the_amount_rounded_half_up() -> None:
    assert fee_for(Decimal("12500.00"), Decimal("0.05"), exempt=False) == Decimal("625.00")
    assert fee_for(Decimal("10.10"), Decimal("0.05"), exempt=False) == Decimal("0.51")
    assert fee_for(Decimal("12500.00"), Decimal("0.05"), exempt=True) == ZERO
    leap = Exemption(
        datetime(2028, 2, 29, tzinfo=UTC), one_year_from(datetime(2028, 2, 29, tzinfo=UTC))
    )
    assert leap.ends_at == datetime(2029, 2, 28, tzinfo=UTC)


# A ledger as it grows: each step books a fee (caterer, amount, when) or reverses an entry
# already in the ledger (a reversal of a reversal, or a second reversal, is refused).
steps = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.sampled_from(["a", "b", "c"]), amounts, moments),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=40)),
    ),
    max_size=30,
)


def _run(
    plan: list[tuple[object, ...]], rate: Decimal, exemptions: dict[str, Exemption]
) -> list[FeeEntry]:
    ledger: list[FeeEntry] = []
    for n, step in enumerate(plan):
        if step[0] == "book":
            _, caterer, amount, at = step
            assert isinstance(caterer, str)
            assert isinstance(amount, Decimal)
            assert isinstance(at, datetime)
            ledger.append(book(caterer, f"t{n}", amount, rate, exemptions.get(caterer), at))
        elif ledger:
            target = ledger[int(str(step[1])) % len(ledger)]
            done = target.entry_id in reversed_ids(ledger)
            if target.kind is EntryKind.REVERSAL or done:
                if target.kind is EntryKind.REVERSAL:
                    with pytest.raises(Conflict):
                        reverse(target, target.created_at, "a reversal is never reversed")
                else:  # the same id again: storage refuses it (a conditional put)
                    again = reverse(target, target.created_at, "twice")
                    assert again.entry_id in {e.entry_id for e in ledger}
                continue
            ledger.append(reverse(target, target.created_at, f"correction {n}"))
    return ledger


@given(steps, rates, moments)
def test_any_sequence_of_bookings_and_reversals_adds_up(
    plan: list[tuple[object, ...]], rate: Decimal, granted: datetime
) -> None:
    exemptions = {"a": grant(granted, "women's cooperative", "INDH")}
    ledger = _run(plan, rate, exemptions)
    ids = [e.entry_id for e in ledger]
    assert len(ids) == len(set(ids))  # every entry, reversals included, has its own id
    assert total_fee(ledger) == sum((e.fee for e in ledger), ZERO)
    cancelled = reversed_ids(ledger)
    standing = [e for e in ledger if e.kind is EntryKind.FEE and e.entry_id not in cancelled]
    assert total_fee(ledger) == total_fee(standing)  # a reversed fee contributes 0
    totals = totals_by_caterer((e.caterer_id, e.fee) for e in ledger)
    assert sum(totals.values(), ZERO) == total_fee(ledger)
    for caterer, amount in totals.items():
        assert amount == total_fee(e for e in standing if e.caterer_id == caterer)
    for e in ledger:
        exemption = exemptions.get(e.caterer_id)
        if exemption is not None and exemption.covers(e.created_at):
            assert e.fee == ZERO
            assert e.exempt
        if e.kind is EntryKind.REVERSAL:
            assert e.reason
            assert e.reverses in ids


@given(moments, st.integers(min_value=0, max_value=400 * 24 * 3600))
def test_days_left_count_down_and_the_last_30_warn(granted: datetime, seconds: int) -> None:
    exemption = grant(granted, "r", "p")
    now = granted + timedelta(seconds=seconds)
    left = exemption.days_left(now)
    assert left == 0 if now >= exemption.ends_at else 1 <= left <= 366
    assert exemption.ending_soon(now) is (exemption.warn_at <= now < exemption.ends_at)
    if exemption.ending_soon(now):
        assert left <= 30
