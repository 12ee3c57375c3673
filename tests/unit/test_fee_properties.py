"""Property-based tests of the fee ledger's arithmetic (pure: ``domain/fees.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.fees import (
    EntryKind,
    Exemption,
    book,
    fee_for,
    grant,
    one_year_from,
    reverse,
    total_fee,
)
from chalicelib.domain.money import ZERO

START = datetime(2026, 1, 1, tzinfo=UTC)
amounts = st.decimals(min_value=Decimal("1"), max_value=Decimal("10000000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.2"), places=4)
moments = st.integers(min_value=0, max_value=3 * 366 * 24 * 3600).map(
    lambda s: START + timedelta(seconds=s)
)
bookings = st.lists(st.tuples(amounts, moments), min_size=0, max_size=20)


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
