"""Onboarding against moto: lessons read, the checklist, and the practice tender."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from chalicelib.adapters.models import NotificationModel, TenderModel
from chalicelib.commands import PlaceBid, TenderQuery
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Forbidden, NotFound, RateLimited
from chalicelib.domain.history import CHRONOGRAPH, Action, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.onboarding import PRACTICE_BID, PRACTICE_TENDER_ID, lesson_key
from chalicelib.services import bidding, browsing, closing, lessons, onboarding, tenders
from chalicelib.services.deps import Deps
from chalicelib.settings import RateLimit
from tests.conftest import Clock
from tests.functional.helpers import SOURCE, World, limited
from tests.functional.moto_state import sent_emails, sent_sms


def done_keys(deps: Deps, caterer: Principal) -> set[str]:
    return {s.key for s in onboarding.progress(deps, caterer).steps if s.done}


def test_marking_a_lesson_read_is_idempotent(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    before = onboarding.progress(deps, caterer)
    for _ in range(2):
        lessons.mark_read(deps, caterer, "pricing-per-guest")
    after = onboarding.progress(deps, caterer)
    assert after.done == before.done + 1
    assert lesson_key("pricing-per-guest") in done_keys(deps, caterer)
    assert lessons.read_lessons(deps, caterer) == {"pricing-per-guest"}
    assert deps.learning.learned(caterer.account_id) == {lesson_key("pricing-per-guest")}


def test_only_caterers_record_lessons_and_only_known_ones(world: World, deps: Deps) -> None:
    with pytest.raises(Forbidden):
        lessons.mark_read(deps, world.organizer(), "how-tenders-work")
    with pytest.raises(NotFound):
        lessons.mark_read(deps, world.caterer(), "how-to-cheat")
    assert lessons.read_lessons(deps, None) == frozenset()


def test_the_checklist_follows_the_caterer(world: World, deps: Deps) -> None:
    fresh = onboarding.progress(deps, world.caterer(verified=False))
    assert [s.key for s in fresh.steps] == [
        "profile",
        "menu",
        "lesson:how-tenders-work",
        "lesson:winning-proposal",
        "lesson:pricing-per-guest",
        "practice-bid",
        "verification",
    ]
    assert (fresh.done, fresh.total) == (0, 7)
    verified = onboarding.progress(deps, world.caterer(verified=True))
    assert [s.key for s in verified.steps if s.done] == ["verification"]


def test_practice_tender_is_created_once(deps: Deps, clock: Clock) -> None:
    first = onboarding.practice_tender(deps)
    clock.advance(days=3)
    again = onboarding.practice_tender(deps)
    assert first.id == again.id == PRACTICE_TENDER_ID
    assert again.created_at == first.created_at
    assert first.practice
    assert first.status is TenderStatus.OPEN
    item = TenderModel.get(PRACTICE_TENDER_ID)
    assert item.due is None
    assert item.due_at is None
    assert item.events is None


def test_the_practice_tender_is_there_for_whoever_reads_it_first(deps: Deps) -> None:
    """On a fresh stage nobody has opened /practice: the id an API client gets from its
    onboarding still answers."""
    with pytest.raises(TenderModel.DoesNotExist):
        TenderModel.get(PRACTICE_TENDER_ID)
    found = tenders.get_tender(deps, PRACTICE_TENDER_ID)
    assert (found.id, found.practice) == (PRACTICE_TENDER_ID, True)


def test_an_unverified_caterer_practises_with_the_normal_bid(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    practice = onboarding.practice_tender(deps)
    screen = browsing.tender_screen(deps, deps.accounts.get(caterer.account_id), practice.id)
    assert screen.can_bid
    assert not screen.can_ask
    bid = world.bid(caterer, practice, "34800.00", "Méchoui, pastilla, 10 waiters")
    assert deps.bids.own_bid(practice.id, caterer.account_id) == bid
    assert PRACTICE_BID in done_keys(deps, caterer)
    assert NotificationModel.count() == 0  # nobody is told of a practice bid
    # a real tender still refuses the unverified caterer
    real = world.tender(world.organizer())
    with pytest.raises(Forbidden):
        world.bid(caterer, real, "1000.00")
    assert PRACTICE_BID not in deps.learning.learned(world.caterer().account_id)


def test_practice_bids_carry_no_rate_limit(world: World, deps: Deps) -> None:
    caterer = world.caterer()
    practice = onboarding.practice_tender(deps)
    real = world.tender(world.organizer())
    deps = limited(deps, bids_per_account=RateLimit(1, timedelta(minutes=1)))
    command = PlaceBid(amount_mad=Decimal("5000.00"))
    bidding.place_bid(deps, caterer, real.id, command, SOURCE)  # the one bid a minute allowed
    with pytest.raises(RateLimited):  # a real tender's bid is refused by this quota
        bidding.place_bid(deps, caterer, real.id, PlaceBid(amount_mad=Decimal("4000.00")), SOURCE)
    bidding.place_bid(deps, caterer, practice.id, command, SOURCE)
    assert deps.bids.own_bid(practice.id, caterer.account_id) is not None


def test_the_practice_tender_is_never_closed_or_awarded(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    practice = onboarding.practice_tender(deps)
    world.bid(caterer, practice, "30000.00")
    clock.advance(days=400)  # well past its deadline
    assert closing.close_tender(deps, practice.id).status is TenderStatus.OPEN
    closing.sweep(deps)
    after = deps.tenders.get(practice.id, consistent=True)
    assert after.status is TenderStatus.OPEN
    assert after.award is None
    assert not after.ranking
    closing_step = Step(
        practice.id, Action.CLOSED, clock.now, CHRONOGRAPH, practice.status, TenderStatus.CLOSED
    )
    assert not deps.tenders.mark_closed(practice.id, clock.now, closing_step)  # refused too
    assert NotificationModel.count() == 0
    assert sent_emails() == []
    assert sent_sms() == []
    world.bid(caterer, practice, "29000.00")  # still there to practise on
    assert practice.id not in set(deps.tenders.due(clock.now + timedelta(days=800)))


def test_the_practice_tender_is_never_listed(world: World, deps: Deps) -> None:
    onboarding.practice_tender(deps)
    real = world.tender(world.organizer())
    listed = browsing.open_tenders(deps, None, None, None).items
    assert [t.id for t in listed] == [real.id]
    api_listed = tenders.list_tenders(deps, TenderQuery.model_validate({}))
    assert [t.id for t in api_listed.items] == [real.id]
    api_open = tenders.list_tenders(deps, TenderQuery.model_validate({"status": "open"}))
    assert [t.id for t in api_open.items] == [real.id]
