"""The deal after the award, through the real services on moto: the contract drawn up at the
confirmation, who sees it (and so the contacts) in which state, the payments, the delivery
code and its tries, each decided once under concurrent requests."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.commands import (
    EnterDeliveryCode,
    GiveReason,
    PostReview,
    PostTender,
    RecordPayment,
)
from chalicelib.domain.account import Principal
from chalicelib.domain.codes import CODE_TRIES
from chalicelib.domain.contract import MilestoneKind, PaymentMethod, Side
from chalicelib.domain.errors import (
    WRONG_CODE,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    RateLimited,
)
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender
from chalicelib.entrypoints.schemas import BidOut, CatererProfileOut, TenderOut
from chalicelib.services import awards, closing, contracts, notifications, reviews
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World, tender_body
from tests.functional.test_caterers_space import admin

EVENT_IN_DAYS = 30
DEPOSIT = MilestoneKind.DEPOSIT


class Deal:
    """Two caterers bid on a family's wedding; the cheaper one wins."""

    def __init__(self, world: World, clock: Clock, **tender: Any) -> None:
        self.organizer = world.organizer(name="Famille Amrani", phone="0611223344")
        self.winner = world.caterer(business_name="Dar Taroudant", phone="0622334455")
        self.loser = world.caterer(business_name="Traiteur Tiznit")
        self.tender = world.tender(self.organizer, seconds=600, guests=200, **tender)
        world.bid(self.winner, self.tender, "60000.00", "Méchoui, pastilla, service 8 serveurs")
        world.bid(self.loser, self.tender, "64000.00")
        self.world, self.clock, self.deps = world, clock, world.deps

    def close(self) -> Tender:
        self.clock.advance(seconds=601)
        return closing.close_tender(self.deps, self.tender.id)

    def contract(self) -> Tender:
        self.close()
        return awards.confirm(self.deps, self.winner, self.tender.id)

    def code(self) -> str:
        return contracts.deal(self.deps, self.organizer, self.tender.id).contract.delivery_code

    def event_day(self) -> None:
        self.clock.advance(days=EVENT_IN_DAYS)

    def deliver_on_the_day(self) -> Tender:
        self.event_day()
        return self.deliver(self.code())

    def deliver(self, code: str) -> Tender:
        command = EnterDeliveryCode(code=code)
        return contracts.deliver(self.deps, self.winner, self.tender.id, command)


@pytest.fixture
def deal(world: World, clock: Clock) -> Deal:
    return Deal(world, clock)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


# --- the contract ----------------------------------------------------------------------


def test_the_confirmation_draws_up_the_contract(deal: Deal, deps: Deps) -> None:
    deal.contract()
    seen = contracts.deal(deps, deal.organizer, deal.tender.id)
    c = seen.contract
    assert seen.side is Side.ORGANIZER
    assert c.amount == Decimal("60000.00")
    assert c.per_guest == Decimal("300.00")
    assert c.deposit_percent == 30
    assert [(m.kind, m.amount, m.is_paid) for m in c.milestones] == [
        (MilestoneKind.DEPOSIT, Decimal("18000.00"), False),
        (MilestoneKind.BALANCE, Decimal("42000.00"), False),
    ]
    assert c.terms.title == deal.tender.draft.title
    assert c.terms.menu == ("pastilla", "méchoui")
    assert c.terms.proposal == "Méchoui, pastilla, service 8 serveurs"
    assert (c.organizer.name, c.organizer.phone) == ("Famille Amrani", "+212611223344")
    assert (c.caterer.business_name, c.caterer.phone) == ("Dar Taroudant", "+212622334455")
    assert seen.counterpart.whatsapp_link == "https://wa.me/212622334455"
    assert len(c.delivery_code) == 6
    assert c.delivery_code.isdigit()


def test_the_deposit_percent_is_the_tenders_within_0_to_50(world: World, clock: Clock) -> None:
    for refused in (-1, 51):
        with pytest.raises(ValidationError):
            PostTender.model_validate(tender_body(clock, deposit_percent=refused))
    deal = Deal(world, clock, deposit_percent=0)
    deal.contract()
    c = contracts.deal(world.deps, deal.winner, deal.tender.id).contract
    assert (c.deposit.amount, c.balance.amount) == (Decimal("0.00"), Decimal("60000.00"))


def test_only_the_organizers_notice_of_the_contract_carries_the_code(
    deal: Deal, deps: Deps
) -> None:
    deal.contract()
    code = deal.code()
    organizer_inbox, _ = notifications.inbox(deps, deal.organizer, _inbox_query())
    confirmed = [n for n in organizer_inbox if n.kind == "award_confirmed"]
    assert len(confirmed) == 1
    assert code in confirmed[0].body
    for other in (deal.winner, deal.loser):
        items, _ = notifications.inbox(deps, other, _inbox_query())
        assert all(code not in n.body for n in items)


def _inbox_query() -> Any:
    from chalicelib.commands import InboxQuery

    return InboxQuery()


# --- who sees the contract, and so the contacts ------------------------------------------


def _outcome(deps: Deps, who: Principal, tender_id: str) -> str:
    try:
        return contracts.deal(deps, who, tender_id).side.value
    except Forbidden:
        return "forbidden"
    except Conflict:
        return "conflict"


def test_the_contact_matrix(deal: Deal, deps: Deps, world: World) -> None:
    """Every identity × every state: only the two parties, only once contracted."""
    stranger = world.caterer()
    another_organizer = world.organizer()
    people = {
        "organizer": deal.organizer,
        "winner": deal.winner,
        "loser": deal.loser,
        "stranger": stranger,
        "another organizer": another_organizer,
        "admin": admin(world),
    }
    steps: list[tuple[str, Callable[[], object]]] = [
        ("open", lambda: None),
        ("awarded", deal.close),
        ("contracted", lambda: awards.confirm(deps, deal.winner, deal.tender.id)),
        ("completed", deal.deliver_on_the_day),
    ]
    seen: dict[str, dict[str, str]] = {}
    for state, step in steps:
        step()
        assert deps.tenders.get(deal.tender.id).status.value == state
        seen[state] = {name: _outcome(deps, p, deal.tender.id) for name, p in people.items()}
    closed = {"organizer": "conflict", "winner": "conflict"}
    others = dict.fromkeys(("loser", "stranger", "another organizer", "admin"), "forbidden")
    assert seen["open"] == {"organizer": "conflict", "winner": "forbidden"} | others
    assert seen["awarded"] == closed | others
    parties = {"organizer": "organizer", "winner": "caterer"}
    assert seen["contracted"] == parties | others
    assert seen["completed"] == parties | others


def test_no_contact_detail_leaves_by_the_tender_bids_or_profile(deal: Deal, deps: Deps) -> None:
    deal.contract()
    tender = deps.tenders.get(deal.tender.id)
    secrets = ["+212611223344", "+212622334455", "0611223344"]
    organizer = deps.accounts.get(deal.organizer.account_id)
    winner = deps.accounts.get(deal.winner.account_id)
    secrets += [organizer.email, winner.email]
    from chalicelib.services import bidding, profiles

    shown = [
        TenderOut.of(tender, deal.clock.now, deal.loser.account_id).wire(),
        TenderOut.of(tender, deal.clock.now, deal.winner.account_id).wire(),
        [BidOut.of(x.bid, x).wire() for x in bidding.visible_bids(deps, deal.loser, tender.id)],
        CatererProfileOut.of(
            profiles.public_profile(deps, deal.winner.account_id), deal.clock.now
        ).wire(),
    ]
    text = json.dumps(shown, default=str)
    assert [s for s in secrets if s in text] == []


# --- payments ------------------------------------------------------------------------------


def test_the_caterer_records_each_payment_once(deal: Deal, deps: Deps) -> None:
    deal.contract()
    cash = RecordPayment(method=PaymentMethod.CASH)
    with pytest.raises(Forbidden):
        contracts.record_payment(deps, deal.organizer, deal.tender.id, DEPOSIT, cash)
    with pytest.raises(Forbidden):
        contracts.record_payment(deps, deal.loser, deal.tender.id, DEPOSIT, cash)
    paid = contracts.record_payment(deps, deal.winner, deal.tender.id, DEPOSIT, cash)
    assert paid.contract.deposit.is_paid
    with pytest.raises(Conflict):
        contracts.record_payment(deps, deal.winner, deal.tender.id, DEPOSIT, cash)
    seen = contracts.deal(deps, deal.organizer, deal.tender.id).contract
    assert (seen.deposit.method, seen.deposit.paid_at) == (PaymentMethod.CASH, deal.clock.now)
    assert not seen.balance.is_paid


def test_a_payment_recorded_twice_at_once_is_recorded_once(deal: Deal, deps: Deps) -> None:
    deal.contract()
    methods = [PaymentMethod.CASH, PaymentMethod.CARD] * 4

    def record(method: PaymentMethod) -> str:
        command = RecordPayment(method=method)
        try:
            contracts.record_payment(deps, deal.winner, deal.tender.id, DEPOSIT, command)
        except Conflict:
            return "refused"
        return method.value

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(record, methods))
    won = [r for r in results if r != "refused"]
    assert len(won) == 1
    assert contracts.deal(deps, deal.winner, deal.tender.id).contract.deposit.method == won[0]


# --- the delivery code ---------------------------------------------------------------------


def test_the_code_is_entered_on_the_day_of_the_event_and_verifies_the_review(
    deal: Deal, deps: Deps
) -> None:
    deal.contract()
    code = deal.code()
    with pytest.raises(Conflict):
        deal.deliver(code)  # before the event
    deal.event_day()
    with pytest.raises(Forbidden):
        contracts.deliver(deps, deal.organizer, deal.tender.id, EnterDeliveryCode(code=code))
    done = deal.deliver(code)
    assert (done.status, done.delivered) == (TenderStatus.COMPLETED, True)
    assert deps.accounts.get(deal.winner.account_id).profile.completed_events == 1
    assert contracts.deal(deps, deal.winner, deal.tender.id).contract.delivered_at is not None
    review = reviews.post_review(deps, deal.organizer, deal.tender.id, PostReview(stars=5))
    assert review.verified
    assert deps.reviews.get(deal.winner.account_id, deal.tender.id).verified


def test_wrong_codes_are_counted_then_refused_for_good(deal: Deal, deps: Deps) -> None:
    deal.contract()
    deal.event_day()
    code = deal.code()
    for left in range(CODE_TRIES - 1, -1, -1):
        with pytest.raises(InvalidInput) as refused:
            deal.deliver(wrong(code))
        assert refused.value.field_reasons == {"code": WRONG_CODE}
        assert contracts.deal(deps, deal.winner, deal.tender.id).contract.tries_left == left
    with pytest.raises(RateLimited):
        deal.deliver(code)  # even the right one, once the tries are spent
    assert deps.tenders.get(deal.tender.id).status is TenderStatus.CONTRACTED


def test_concurrent_guesses_never_get_more_than_the_tries(deal: Deal, deps: Deps) -> None:
    deal.contract()
    deal.event_day()
    guess = wrong(deal.code())

    def attempt(_: int) -> str:
        try:
            deal.deliver(guess)
        except DomainError as error:
            return type(error).__name__
        return "delivered"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, range(12)))
    assert results.count("InvalidInput") == CODE_TRIES
    assert results.count("RateLimited") == 12 - CODE_TRIES
    assert contracts.deal(deps, deal.winner, deal.tender.id).contract.wrong_codes == CODE_TRIES


def test_a_delivery_entered_twice_at_once_completes_once(deal: Deal, deps: Deps) -> None:
    deal.contract()
    deal.event_day()
    code = deal.code()

    def attempt(_: int) -> str:
        try:
            deal.deliver(code)
        except Conflict:
            return "refused"
        return "delivered"

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(attempt, range(6)))
    assert results.count("delivered") == 1
    assert deps.accounts.get(deal.winner.account_id).profile.completed_events == 1


def test_without_the_code_the_event_completes_a_week_after_unverified(
    deal: Deal, deps: Deps
) -> None:
    deal.contract()
    deal.clock.advance(days=EVENT_IN_DAYS + 1)
    closing.sweep(deps)
    assert deps.tenders.get(deal.tender.id).status is TenderStatus.CONTRACTED  # a week to go
    deal.clock.advance(days=7, hours=1)
    closing.sweep(deps)
    done = deps.tenders.get(deal.tender.id, consistent=True)
    assert (done.status, done.delivered) == (TenderStatus.COMPLETED, False)
    review = reviews.post_review(deps, deal.organizer, deal.tender.id, PostReview(stars=4))
    assert not review.verified


# --- cancellation after the contract -------------------------------------------------------


def _cancel(deal: Deal, who: Principal, reason: str = "Salle inondée, mariage reporté") -> Tender:
    return contracts.cancel(deal.deps, who, deal.tender.id, GiveReason(reason=reason))


def _kinds(deps: Deps, who: Principal) -> list[str]:
    items, _ = notifications.inbox(deps, who, _inbox_query())
    return [n.kind for n in items]


@pytest.mark.parametrize("side", ["organizer", "winner"])
def test_either_party_cancels_the_other_is_told_and_the_fee_is_reversed(
    deal: Deal, deps: Deps, side: str
) -> None:
    deal.contract()
    author, other = (deal.organizer, deal.winner)[:: 1 if side == "organizer" else -1]
    with pytest.raises(Forbidden):
        _cancel(deal, deal.loser)
    done = _cancel(deal, author)
    assert (done.status, done.cancelled_by) == (TenderStatus.CANCELLED, Side(_side(side)).value)
    assert done.cancel_reason == "Salle inondée, mariage reporté"
    assert "contract_cancelled" in _kinds(deps, other)
    assert "contract_cancelled" not in _kinds(deps, author)
    ledger = deps.fees.of_caterer(deal.winner.account_id)
    assert sorted(e.kind.value for e in ledger) == ["fee", "reversal"]
    assert sum(e.fee for e in ledger) == 0
    # a month before the event: not late, nothing counted against anyone
    assert deps.accounts.get(author.account_id).late_cancellations == ()
    # the contacts are gone for both, and it cannot be cancelled twice
    assert _outcome(deps, deal.organizer, deal.tender.id) == "conflict"
    assert _outcome(deps, deal.winner, deal.tender.id) == "conflict"
    with pytest.raises(Conflict):
        _cancel(deal, other)


def _side(name: str) -> str:
    return "organizer" if name == "organizer" else "caterer"


def test_a_late_caterer_cancellation_shows_on_its_profile_and_costs_quality(
    deal: Deal, deps: Deps
) -> None:
    from chalicelib.domain.ranking import quality
    from chalicelib.services import profiles

    deal.contract()
    before = quality(closing.record_of(deps.accounts.get(deal.winner.account_id), deal.clock.now))
    deal.clock.advance(days=EVENT_IN_DAYS - 5)
    _cancel(deal, deal.winner, "Notre cuisinière est malade")
    found = profiles.public_profile(deps, deal.winner.account_id)
    assert found.cancellations == 1
    assert CatererProfileOut.of(found, deal.clock.now).wire()["cancellations"] == 1
    after = quality(closing.record_of(found.account, deal.clock.now))
    assert after == before - Decimal("0.1")
    deal.clock.advance(days=366)
    assert profiles.public_profile(deps, deal.winner.account_id).cancellations == 0


def test_a_late_organizer_cancellation_shows_on_its_next_tenders(
    deal: Deal, deps: Deps, world: World
) -> None:
    deal.contract()
    deal.clock.advance(days=EVENT_IN_DAYS - 2)
    _cancel(deal, deal.organizer)
    assert deps.accounts.get(deal.organizer.account_id).late_cancellations == (deal.clock.now,)
    assert world.tender(deal.organizer).organizer_late_cancellations == 1
    shown = TenderOut.of(world.tender(deal.organizer), deal.clock.now, None).wire()
    assert shown["organizer_late_cancellations"] == 1
    assert world.tender(world.organizer()).organizer_late_cancellations == 0


def test_cancellations_sent_at_once_by_both_parties_decide_once(deal: Deal, deps: Deps) -> None:
    deal.contract()
    deal.clock.advance(days=EVENT_IN_DAYS - 1)
    people = [deal.organizer, deal.winner] * 4

    def attempt(who: Principal) -> str:
        try:
            _cancel(deal, who)
        except Conflict:
            return "refused"
        return "cancelled"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, people))
    assert results.count("cancelled") == 1
    assert len(deps.fees.of_caterer(deal.winner.account_id)) == 2
    counted = [deps.accounts.get(p.account_id).late_cancellations for p in people[:2]]
    assert sorted(len(c) for c in counted) == [0, 1]


def test_a_fee_already_reversed_by_an_admin_is_not_reversed_again(
    deal: Deal, deps: Deps, world: World
) -> None:
    from chalicelib.services import fees

    deal.contract()
    (entry,) = deps.fees.of_caterer(deal.winner.account_id)
    fees.reverse_fee(deps, admin(world), entry.entry_id, GiveReason(reason="geste commercial"))
    assert _cancel(deal, deal.winner).status is TenderStatus.CANCELLED
    reasons = sorted(e.reason for e in deps.fees.of_caterer(deal.winner.account_id))
    assert reasons == ["", "geste commercial"]
