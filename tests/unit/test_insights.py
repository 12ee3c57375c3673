"""Price insight, pure: per-guest prices, the 12 months, and quartiles (Hypothesis)."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.catalog import EventType
from chalicelib.domain.insights import (
    MIN_PRICES,
    month_of,
    months_back,
    per_guest,
    summarize,
)

PRICES = st.lists(
    st.decimals(min_value=Decimal("20"), max_value=Decimal("2000"), places=2),
    max_size=60,
)


@given(PRICES)
def test_the_quartiles_are_those_of_the_prices(prices: list[Decimal]) -> None:
    insight = summarize(prices)
    assert insight.count == len(prices)
    if len(prices) < MIN_PRICES:
        assert insight.per_guest is None
        return
    assert insight.per_guest is not None
    expected = statistics.quantiles(sorted(prices), n=4, method="inclusive")
    got = (insight.per_guest.p25, insight.per_guest.median, insight.per_guest.p75)
    assert all(abs(g - Decimal(e)) <= Decimal("0.005") for g, e in zip(got, expected, strict=True))
    assert min(prices) <= got[0] <= got[1] <= got[2] <= max(prices)
    median = Decimal(statistics.median(prices)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert got[1] == median


def test_a_guest_s_price_and_products_have_none() -> None:
    assert per_guest(EventType.WEDDING, Decimal("60000.00"), 200) == Decimal("300.00")
    assert per_guest(EventType.WEDDING, Decimal("1000.00"), 3) == Decimal("333.33")
    assert per_guest(EventType.REGIONAL_PRODUCTS, Decimal("60000.00"), 200) is None


def test_twelve_months_back_in_morocco_time() -> None:
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 2027-01-01 in Morocco
    assert month_of(new_year) == "2027-01"
    back = months_back(new_year)
    assert back[0] == "2027-01"
    assert back[-1] == "2026-02"
    assert len(set(back)) == 12
