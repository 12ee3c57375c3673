"""The programme's figures: what one contract adds, and the months added up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.fees import EntryKind, FeeEntry
from chalicelib.domain.impact import ImpactMonth, contribution, from_isolation, total
from chalicelib.domain.money import mad
from tests.unit.factories import draft

AT = datetime(2026, 12, 1, tzinfo=UTC)


def fee(amount: str, exempt: bool) -> FeeEntry:
    value, rate = Decimal(amount), Decimal("0.05")
    charged = Decimal(0) if exempt else mad(value * rate)
    return FeeEntry("e", "c", "t", EntryKind.FEE, value, rate, charged, exempt, AT)


def test_an_exempt_women_led_contract_in_tata_counts_everywhere() -> None:
    c = contribution(fee("40000.00", exempt=True), True, women_led=True, first_win=True)
    assert c.contracted_mad == c.exempt_contracted_mad == c.women_mad == c.isolated_mad
    assert c.fees_waived_mad == Decimal("2000.00")
    assert c.first_wins == 1


def test_a_paying_contract_in_agadir_counts_only_its_amount() -> None:
    c = contribution(fee("40000.00", exempt=False), False, False, first_win=False)
    assert c.contracted_mad == Decimal("40000.00")
    assert c.exempt_contracted_mad == c.fees_waived_mad == c.women_mad == c.isolated_mad == 0
    assert c.first_wins == 0


def test_a_meal_counts_by_its_province_and_products_by_their_seller() -> None:
    assert from_isolation(draft(province=Province.TATA), (Province.AGADIR_IDA_OUTANANE,))
    assert not from_isolation(draft(province=Province.TIZNIT), (Province.TATA,))
    products = draft(event_type=EventType.REGIONAL_PRODUCTS, province=Province.CASABLANCA)
    assert from_isolation(products, (Province.TIZNIT, Province.TAROUDANT))
    assert not from_isolation(products, (Province.TIZNIT,))


amounts = st.decimals(min_value=1, max_value=10**6, places=2)


@given(st.lists(st.tuples(amounts, amounts, st.integers(0, 50)), max_size=12))
def test_the_total_is_the_sum_and_a_share_stays_within_0_and_100(
    rows: list[tuple[Decimal, Decimal, int]],
) -> None:
    months = [
        ImpactMonth(
            f"2026-{i + 1:02d}", contracted_mad=a + b, women_mad=b, isolated_mad=a, onboarded=n
        )
        for i, (a, b, n) in enumerate(rows)
    ]
    summed = total(months)
    assert summed.contracted_mad == sum((m.contracted_mad for m in months), Decimal(0))
    assert summed.onboarded == sum(m.onboarded for m in months)
    for m in [*months, summed]:
        share = m.women_share
        if share is None:
            assert m.contracted_mad == 0
        else:
            assert 0 <= share <= 100


def test_nothing_contracted_has_no_share() -> None:
    assert ImpactMonth("2026-12").women_share is None
