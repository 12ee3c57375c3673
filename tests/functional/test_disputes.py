"""Disputes through the real services on moto: who may open one and until when, one open at
a time (also when sent at once), the admins' queue, a decision taken once, and what an upheld
dispute against the caterer costs it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.commands import DecideDispute, GiveReason
from chalicelib.domain.account import Principal
from chalicelib.domain.contract import Side
from chalicelib.domain.dispute import Dispute, DisputeStatus
from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.services import awards, closing, disputes, notifications, profiles
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.test_caterers_space import admin
from tests.functional.test_contracts import EVENT_IN_DAYS, Deal, _inbox_query


@pytest.fixture
def deal(world: World, clock: Clock) -> Deal:
    return Deal(world, clock)


def _open(deal: Deal, who: Principal, reason: str = "Le méchoui est arrivé froid") -> Dispute:
    return disputes.open_dispute(deal.deps, who, deal.tender.id, GiveReason(reason=reason))


@pytest.fixture
def boss(world: World) -> Principal:
    return admin(world)


def _decide(deps: Deps, boss: Principal, dispute: Dispute, decision: str) -> Dispute:
    command = DecideDispute.model_validate(
        {"decision": decision, "note": "Photos et témoins examinés"}
    )
    return disputes.decide(deps, boss, dispute.id, command)


def _kinds(deps: Deps, who: Principal) -> list[str]:
    items, _ = notifications.inbox(deps, who, _inbox_query())
    return [n.kind for n in items]


def test_only_the_parties_open_one_and_only_once_contracted(deal: Deal, world: World) -> None:
    deal.close()
    with pytest.raises(Conflict):
        _open(deal, deal.organizer)  # awarded: no contract yet
    awards.confirm(deal.deps, deal.winner, deal.tender.id)
    for outsider in (deal.loser, world.caterer(), world.organizer()):
        with pytest.raises(Forbidden):
            _open(deal, outsider)
    opened = _open(deal, deal.winner)
    assert (opened.status, opened.opened_by) == (DisputeStatus.OPEN, Side.CATERER)
    assert "dispute_opened" in _kinds(deal.deps, deal.organizer)
    with pytest.raises(Conflict):
        _open(deal, deal.organizer)  # one open dispute per tender


def test_it_is_opened_until_14_days_after_the_event(deal: Deal) -> None:
    deal.contract()
    deal.deliver_on_the_day()
    deal.clock.advance(days=14)
    assert _open(deal, deal.organizer).status is DisputeStatus.OPEN  # completed, day 14


def test_after_14_days_it_is_too_late(deal: Deal) -> None:
    deal.contract()
    deal.clock.advance(days=EVENT_IN_DAYS + 15)
    with pytest.raises(Conflict):
        _open(deal, deal.organizer)


def test_disputes_sent_at_once_open_one(deal: Deal) -> None:
    deal.contract()
    people = [deal.organizer, deal.winner] * 4

    def attempt(who: Principal) -> str:
        try:
            _open(deal, who)
        except Conflict:
            return "refused"
        return "opened"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(attempt, people))
    assert results.count("opened") == 1
    assert len(deal.deps.disputes.of_tender(deal.tender.id)) == 1


def test_upheld_against_the_caterer_reverses_its_fee_and_counts(
    deal: Deal, deps: Deps, boss: Principal
) -> None:
    deal.contract()
    opened = _open(deal, deal.organizer)
    with pytest.raises(Forbidden):
        _decide(deps, deal.organizer, opened, "upheld")
    decided = _decide(deps, boss, opened, "upheld")
    assert decided.status is DisputeStatus.UPHELD
    ledger = deps.fees.of_caterer(deal.winner.account_id)
    assert sorted(e.kind.value for e in ledger) == ["fee", "reversal"]
    assert profiles.public_profile(deps, deal.winner.account_id).cancellations == 1
    for party in (deal.organizer, deal.winner):
        assert "dispute_upheld" in _kinds(deps, party)
    with pytest.raises(Conflict):
        _decide(deps, boss, opened, "dismissed")
    assert deps.disputes.get(opened.id).note == "Photos et témoins examinés"


def test_a_dismissed_dispute_or_one_against_the_organizer_costs_the_caterer_nothing(
    deal: Deal, deps: Deps, boss: Principal
) -> None:
    deal.contract()
    _decide(deps, boss, _open(deal, deal.organizer), "dismissed")
    _decide(deps, boss, _open(deal, deal.winner), "upheld")
    assert len(deps.fees.of_caterer(deal.winner.account_id)) == 1
    assert profiles.public_profile(deps, deal.winner.account_id).cancellations == 0
    assert "dispute_dismissed" in _kinds(deps, deal.winner)


def test_decisions_sent_at_once_decide_once(deal: Deal, deps: Deps, boss: Principal) -> None:
    deal.contract()
    opened = _open(deal, deal.organizer)
    decisions = ["upheld", "dismissed"] * 3

    def attempt(decision: str) -> str:
        try:
            return _decide(deps, boss, opened, decision).status.value
        except Conflict:
            return "refused"

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(attempt, decisions))
    assert results.count("refused") == 5
    assert len(deps.fees.of_caterer(deal.winner.account_id)) in (1, 2)
    won = next(r for r in results if r != "refused")
    assert deps.disputes.get(opened.id).status.value == won


def test_an_open_dispute_holds_the_completion_until_it_is_decided(
    deal: Deal, deps: Deps, boss: Principal
) -> None:
    deal.contract()
    opened = _open(deal, deal.organizer)
    deal.clock.advance(days=EVENT_IN_DAYS + 9)  # the week after the event is over
    closing.sweep(deps)
    assert deps.tenders.get(deal.tender.id).status is TenderStatus.CONTRACTED
    _decide(deps, boss, opened, "dismissed")
    closing.sweep(deps)
    assert deps.tenders.get(deal.tender.id, consistent=True).status is TenderStatus.COMPLETED


def test_the_admins_queue_lists_open_disputes_first(
    deal: Deal, deps: Deps, boss: Principal
) -> None:
    deal.contract()
    older = _open(deal, deal.organizer)
    _decide(deps, boss, older, "dismissed")
    deal.clock.advance(seconds=5)
    newer = _open(deal, deal.winner)
    found, _ = disputes.queue(deps, boss, None)
    assert [d.id for d in found] == [newer.id, older.id]
    with pytest.raises(Forbidden):
        disputes.queue(deps, deal.organizer, None)
