"""The bid's DynamoDB condition and the domain's ``auction.refusal`` are the same rule: a
property test drives both with the same random bids and checks every decision agrees."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.auction import Bidding, refusal
from chalicelib.domain.errors import Conflict
from chalicelib.domain.tender import highest_acceptable
from tests.conftest import Clock
from tests.functional.helpers import World

moves = st.lists(
    st.tuples(st.integers(min_value=1000, max_value=20000), st.integers(0, 90)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=moves)
def test_dynamodb_accepts_exactly_what_the_domain_accepts(
    world: World, clock: Clock, moves: list[tuple[int, int]]
) -> None:
    bidders = [world.caterer() for _ in range(2)]
    tender = world.tender(world.organizer(), seconds=3600, mode="open")
    deps = world.deps
    for turn, (amount, minutes) in enumerate(moves):
        clock.advance(minutes=minutes)
        stored = deps.tenders.get(tender.id, consistent=True)
        ceiling = highest_acceptable(stored.best_amount, None) if stored.best_amount else None
        state = Bidding(open=True, deadline=stored.bid_deadline, accept_at_most=ceiling)
        expected = refusal(state, Decimal(amount), clock.now)
        try:
            world.bid(bidders[turn % 2], tender, f"{amount}.00")
            got = None
        except Conflict as error:
            got = error.message
        assert (got is None) == (expected is None), (expected, got)
    assert deps.tenders.get(tender.id).bid_deadline <= tender.bid_deadline + timedelta(hours=1)
