from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.bid import Bid
from chalicelib.domain.ranking import AwardCriteria, CatererRecord, quality, rank
from tests.unit.factories import bid

PRICE = AwardCriteria.PRICE
BEST_VALUE = AwardCriteria.BEST_VALUE


def test_no_bid_means_no_ranking() -> None:
    assert rank([], PRICE, Decimal(0), {}) == []


def test_the_lowest_bid_wins_on_price() -> None:
    ranking = rank(
        [bid("a", "900.00"), bid("b", "850.00"), bid("c", "1200.00")], PRICE, Decimal(0), {}
    )
    assert [r.caterer_id for r in ranking] == ["b", "a", "c"]


def test_a_tie_goes_to_the_earlier_bid() -> None:
    ranking = rank(
        [bid("late", "850.00", minute=5), bid("early", "850.00", minute=1)], PRICE, Decimal(0), {}
    )
    assert ranking[0].caterer_id == "early"


def test_quality_can_beat_a_slightly_lower_price() -> None:
    records = {
        "seasoned": CatererRecord(reviews=40, stars_total=190, completed_events=12, verified=True),
        "newcomer": CatererRecord(),
    }
    bids = [bid("newcomer", "1000.00"), bid("seasoned", "1050.00")]
    assert rank(bids, PRICE, Decimal("0.4"), records)[0].caterer_id == "newcomer"
    best_value = rank(bids, BEST_VALUE, Decimal("0.4"), records)
    assert best_value[0].caterer_id == "seasoned"
    assert best_value[0].score > best_value[1].score


def test_a_newcomer_gets_the_documented_neutral_prior() -> None:
    # 80 % × (3.5 − 1) / 4 = 0.5, no experience, not verified
    assert quality(CatererRecord()) == Decimal("0.5000")
    assert quality(CatererRecord(verified=True)) == Decimal("0.6000")


def test_one_perfect_review_does_not_outrank_a_long_good_record() -> None:
    lucky = quality(CatererRecord(reviews=1, stars_total=5))
    steady = quality(CatererRecord(reviews=50, stars_total=225))
    assert lucky < steady


@pytest.mark.parametrize("weight", ["0", "0.25", "0.4"])
def test_scores_stay_between_zero_and_one(weight: str) -> None:
    records = {"a": CatererRecord(reviews=3, stars_total=15, completed_events=30, verified=True)}
    for r in rank([bid("a", "10.00"), bid("b", "99999.00")], BEST_VALUE, Decimal(weight), records):
        assert Decimal(0) <= r.score <= Decimal(1)


amounts = st.decimals(min_value=1, max_value=10_000, places=2, allow_nan=False)
entries = st.lists(
    st.tuples(amounts, st.integers(min_value=0, max_value=600), st.integers(0, 20)),
    min_size=1,
    max_size=30,
)


@given(entries, st.sampled_from(["0", "0.1", "0.4"]), st.sampled_from(list(AwardCriteria)))
def test_the_winner_is_what_a_brute_force_ranking_gives(
    bids: list[tuple[Decimal, int, int]], weight: str, criteria: AwardCriteria
) -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    live = [
        Bid(f"bid{i:03d}", "t", f"c{i}", amount, "", start + timedelta(seconds=s))
        for i, (amount, s, _) in enumerate(bids)
    ]
    records = {
        f"c{i}": CatererRecord(reviews=n, stars_total=4 * n) for i, (_, _, n) in enumerate(bids)
    }
    w = Decimal(weight) if criteria is BEST_VALUE else Decimal(0)
    lowest = min(b.amount for b in live)

    def exact_score(b: Bid) -> Decimal:
        return (1 - w) * (lowest / b.amount) + w * quality(records[b.caterer_id])

    best = max(exact_score(b) for b in live)
    expected = min(
        (b for b in live if exact_score(b) == best), key=lambda b: (b.submitted_at, b.id)
    )
    assert rank(live, criteria, Decimal(weight), records)[0].bid_id == expected.id
