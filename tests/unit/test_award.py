from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.bid import Bid, choose_award
from tests.unit.factories import bid


def test_no_bid_means_no_award() -> None:
    assert choose_award([]) is None


def test_the_lowest_bid_wins() -> None:
    award = choose_award([bid("a", "900.00"), bid("b", "850.00"), bid("c", "1200.00")])
    assert award is not None
    assert (award.caterer_id, award.amount) == ("b", Decimal("850.00"))


def test_a_tie_goes_to_the_earlier_bid() -> None:
    award = choose_award([bid("late", "850.00", minute=5), bid("early", "850.00", minute=1)])
    assert award is not None
    assert award.caterer_id == "early"


amounts = st.decimals(min_value=1, max_value=10_000, places=2, allow_nan=False)
bids = st.lists(
    st.tuples(amounts, st.integers(min_value=0, max_value=600)), min_size=1, max_size=30
)


@given(bids)
def test_the_award_is_what_a_brute_force_ranking_gives(entries: list[tuple[Decimal, int]]) -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    live = [
        Bid(f"bid{i:03d}", "t", f"c{i}", amount, "", start + timedelta(seconds=s))
        for i, (amount, s) in enumerate(entries)
    ]
    award = choose_award(live)
    assert award is not None
    lowest = min(b.amount for b in live)
    earliest_lowest = min(
        (b for b in live if b.amount == lowest), key=lambda b: (b.submitted_at, b.id)
    )
    assert award.bid_id == earliest_lowest.id
    assert all(award.amount <= b.amount for b in live)
