"""Stateful property tests of the open reverse auction (Hypothesis rule-based state machine).

The machine bids at random amounts and times, closes, awards and passes awards on, applying the
domain's rules; the invariants below must hold after every step.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from chalicelib.domain.auction import Bidding, SnipingRules, extended_deadline, refusal
from chalicelib.domain.bid import Bid
from chalicelib.domain.lifecycle import TenderStatus, can_move
from chalicelib.domain.ranking import AwardCriteria, rank
from chalicelib.domain.tender import highest_acceptable

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RULES = SnipingRules()


class OpenAuction(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.original = START + timedelta(minutes=10)
        self.state = Bidding(open=True, deadline=self.original)
        self.now = START
        self.status = TenderStatus.OPEN
        self.live: dict[str, Bid] = {}
        self.accepted: list[Bid] = []
        self.ranking: list[str] = []
        self.award_index: int | None = None
        self.history: list[TenderStatus] = [TenderStatus.OPEN]

    def move(self, target: TenderStatus) -> None:
        self.history.append(target)
        self.status = target

    @rule(seconds=st.floats(min_value=0, max_value=240))
    def time_passes(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    @rule(caterer=st.sampled_from("abcdef"), amount=st.integers(min_value=100, max_value=200_000))
    def bid(self, caterer: str, amount: int) -> None:
        value = Decimal(amount)
        why = refusal(self.state, value, self.now)
        if why is not None:
            return
        bid = Bid(f"b{len(self.accepted)}", "t", caterer, value, "", self.now)
        self.accepted.append(bid)
        self.live[caterer] = bid
        extended = extended_deadline(self.state.deadline, self.original, self.now, RULES)
        self.state = Bidding(
            open=True,
            deadline=extended or self.state.deadline,
            accept_at_most=highest_acceptable(value, None),
        )

    @precondition(lambda self: self.status is TenderStatus.OPEN)
    @rule()
    def close(self) -> None:
        if self.now < self.state.deadline:
            return
        self.state = Bidding(open=False, deadline=self.state.deadline)
        self.move(TenderStatus.CLOSED)
        ranked = rank(self.live.values(), AwardCriteria.PRICE, Decimal(0), {})
        self.ranking = [r.bid_id for r in ranked]
        self.award_index = 0 if ranked else None
        self.move(TenderStatus.AWARDED if ranked else TenderStatus.UNSUCCESSFUL)

    @precondition(lambda self: self.status is TenderStatus.AWARDED)
    @rule()
    def award_lapses(self) -> None:
        assert self.award_index is not None
        if self.award_index + 1 < len(self.ranking):
            self.award_index += 1
            self.move(TenderStatus.AWARDED)
        else:
            self.award_index = None
            self.move(TenderStatus.UNSUCCESSFUL)

    @invariant()
    def no_bid_after_the_extended_deadline(self) -> None:
        # every accepted bid was before the deadline in force, which only ever moves later
        assert all(b.submitted_at < self.state.deadline for b in self.accepted)

    @invariant()
    def extensions_respect_the_cap(self) -> None:
        assert self.state.deadline <= self.original + RULES.cap

    @invariant()
    def accepted_amounts_fall_by_at_least_the_decrement(self) -> None:
        for before, after in zip(self.accepted, self.accepted[1:], strict=False):
            assert after.amount <= highest_acceptable(before.amount, None)

    @invariant()
    def at_most_one_award_and_it_is_the_brute_force_winner(self) -> None:
        if self.status is not TenderStatus.AWARDED:
            return
        assert self.award_index is not None
        if self.award_index == 0:
            best = min(self.live.values(), key=lambda b: (b.amount, b.submitted_at, b.id))
            assert self.ranking[0] == best.id

    @invariant()
    def every_transition_is_in_the_table(self) -> None:
        for current, target in zip(self.history, self.history[1:], strict=False):
            assert can_move(current, target), (current, target)


OpenAuction.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestOpenAuction = OpenAuction.TestCase
