"""Issue 5's rules against moto: anti-sniping, withdrawal, questions, deadlines, the award's
confirmation and runner-up fallback, completion and cancellation."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest

from chalicelib.adapters.aws import client
from chalicelib.adapters.models import NotificationModel
from chalicelib.commands import Answer, AskQuestion, ExtendDeadline, GiveReason
from chalicelib.domain.bid import Bid
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.services import awards, bidding, closing, questions, tenders
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.test_closing import count_dynamodb_calls


def kinds_of(account_id: str) -> Counter[str]:
    return Counter(n.kind for n in NotificationModel.query(account_id))


def schedule_at(deps: Deps, tender: Tender) -> str:
    found = client("scheduler").get_schedule(
        Name=f"tender-{tender.id}", GroupName=deps.settings.schedule_group
    )
    return str(found["ScheduleExpression"])


# --- anti-sniping -------------------------------------------------------------------------


def test_a_late_best_bid_extends_the_deadline_and_moves_the_schedule(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    a, b = world.caterer(), world.caterer()
    world.bid(a, tender, "10000.00")
    clock.advance(seconds=590)  # 10 s left
    calls = count_dynamodb_calls(lambda: world.bid(b, tender, "9000.00"), deps)
    assert calls == Counter({"GetItem": 1, "TransactWriteItems": 1})
    moved = deps.tenders.get(tender.id)
    assert moved.bid_deadline == clock.now + timedelta(minutes=2)
    assert moved.original_deadline == tender.bid_deadline
    assert (
        schedule_at(deps, tender) == f"at({(clock.now + timedelta(minutes=2)):%Y-%m-%dT%H:%M:%S})"
    )
    clock.advance(seconds=30)  # past the original deadline, inside the extension
    world.bid(a, tender, "8900.00")
    assert closing.close_tender(deps, tender.id).status is TenderStatus.OPEN


@pytest.mark.twins
def test_extensions_stop_at_the_cap(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    a, b = world.caterer(), world.caterer()
    amount = 100000
    clock.advance(seconds=590)
    for turn in range(60):  # a bidding war in the last minute of every extension
        amount -= 500
        world.bid(a if turn % 2 else b, tender, f"{amount}.00")
        clock.advance(seconds=90)
        if deps.tenders.get(tender.id).bid_deadline <= clock.now:
            break
    final = deps.tenders.get(tender.id).bid_deadline
    assert final == tender.bid_deadline + timedelta(minutes=60)
    with pytest.raises(Conflict, match="deadline"):
        world.bid(a, tender, "1000.00")


@pytest.mark.twins
def test_early_bids_and_sealed_tenders_never_extend(world: World, deps: Deps, clock: Clock) -> None:
    open_tender = world.tender(world.organizer(), seconds=600, mode="open")
    sealed = world.tender(world.organizer(), seconds=600)
    clock.advance(seconds=400)  # 200 s left: outside the 2-minute window
    world.bid(world.caterer(), open_tender, "5000.00")
    clock.advance(seconds=190)
    world.bid(world.caterer(), sealed, "5000.00")
    assert deps.tenders.get(open_tender.id).bid_deadline == open_tender.bid_deadline
    assert deps.tenders.get(sealed.id).bid_deadline == sealed.bid_deadline


@pytest.mark.twins
def test_a_refused_bid_does_not_extend(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    world.bid(world.caterer(), tender, "5000.00")
    clock.advance(seconds=590)
    with pytest.raises(Conflict):
        world.bid(world.caterer(), tender, "4995.00")  # not 10 MAD below
    assert deps.tenders.get(tender.id).bid_deadline == tender.bid_deadline


def test_racing_extensions_and_the_close_lose_nothing(
    world: World, deps: Deps, clock: Clock
) -> None:
    """Bids in the last seconds race the closer: every bid accepted before the (extended)
    deadline is in the award's ranking, and nothing is accepted after it."""
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    bidders = [world.caterer() for _ in range(8)]
    clock.advance(seconds=599)

    def act(i: int) -> Bid | None:
        if i % 3 == 0:
            closing.close_tender(deps, tender.id)
            return None
        try:
            return world.bid(bidders[i % len(bidders)], tender, f"{20000 - 100 * i}.00")
        except Conflict:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        accepted = [bid for bid in pool.map(act, range(24)) if bid is not None]
    now_tender = deps.tenders.get(tender.id)
    assert all(b.submitted_at < now_tender.bid_deadline for b in accepted)
    clock.advance(minutes=10)
    final = closing.close_tender(deps, tender.id)
    live = {b.id for b in deps.bids.live_bids(tender.id)}
    best_per_caterer = {b.caterer_id: b for b in sorted(accepted, key=lambda b: b.submitted_at)}
    assert {b.id for b in best_per_caterer.values()} == live
    assert final.award is not None
    assert final.award.amount == min(b.amount for b in accepted)


# --- withdrawal ---------------------------------------------------------------------------


@pytest.mark.twins
def test_a_sealed_bid_can_be_withdrawn_until_the_deadline(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender = world.tender(world.organizer(), seconds=600)
    caterer = world.caterer()
    world.bid(caterer, tender, "5000.00")
    bidding.withdraw_bid(deps, caterer, tender.id)
    assert deps.bids.live_bids(tender.id) == []
    assert deps.tenders.get(tender.id).bidder_ids == frozenset()
    assert [w for _, w in deps.bids.revisions(tender.id)] == [False, True]
    world.bid(caterer, tender, "4800.00")
    clock.advance(seconds=600)
    with pytest.raises(Conflict, match="ended"):
        bidding.withdraw_bid(deps, caterer, tender.id)


@pytest.mark.twins
def test_the_best_of_an_open_auction_cannot_be_withdrawn(world: World, deps: Deps) -> None:
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    first, best = world.caterer(), world.caterer()
    world.bid(first, tender, "5000.00")
    world.bid(best, tender, "4900.00")
    with pytest.raises(Conflict, match="best"):
        bidding.withdraw_bid(deps, best, tender.id)
    bidding.withdraw_bid(deps, first, tender.id)
    assert [b.caterer_id for b in deps.bids.live_bids(tender.id)] == [best.account_id]


# --- minimum bids and best value ----------------------------------------------------------


def test_fewer_bids_than_the_minimum_is_unsuccessful(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    tender = world.tender(organizer, seconds=60, min_bids=2)
    world.bid(caterer, tender, "5000.00")
    clock.advance(seconds=60)
    assert closing.close_tender(deps, tender.id).status is TenderStatus.UNSUCCESSFUL
    assert kinds_of(caterer.account_id) == {NoticeKind.TENDER_UNSUCCESSFUL: 1}


def test_the_organizer_sees_scores_and_ranks_after_close(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=60, award_criteria="best_value", quality_weight="0.3")
    a, b = world.caterer(), world.caterer()
    world.bid(a, tender, "5000.00")
    world.bid(b, tender, "4000.00")
    clock.advance(seconds=60)
    closing.close_tender(deps, tender.id)
    lines = bidding.visible_bids(deps, organizer, tender.id)
    assert [(line.bid.caterer_id, line.rank) for line in lines] == [
        (b.account_id, 1),
        (a.account_id, 2),
    ]
    # both newcomers, verified: quality 0.6; score = 0.7 × lowest/amount + 0.3 × 0.6
    assert [line.score for line in lines] == [Decimal("0.8800"), Decimal("0.7400")]


# --- questions ----------------------------------------------------------------------------


def test_questions_are_public_anonymous_and_answered_once(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=3 * 86400)
    asker, bidder, bystander = world.caterer(), world.caterer(), world.caterer()
    world.bid(bidder, tender, "5000.00")
    question = questions.ask(deps, asker, tender.id, AskQuestion(text="Le dessert est-il inclus ?"))
    with pytest.raises(Forbidden):
        questions.answer(deps, world.organizer(), tender.id, question.id, Answer(text="Non."))
    questions.answer(
        deps, organizer, tender.id, question.id, Answer(text="Oui, des cornes de gazelle.")
    )
    with pytest.raises(Conflict):
        questions.answer(deps, organizer, tender.id, question.id, Answer(text="Encore"))
    listed = questions.public_questions(deps, tender.id)
    assert [(q.text, q.answer) for q in listed] == [
        ("Le dessert est-il inclus ?", "Oui, des cornes de gazelle.")
    ]
    assert kinds_of(asker.account_id) == {NoticeKind.QUESTION_ANSWERED: 1}
    assert kinds_of(bidder.account_id) == {NoticeKind.QUESTION_ANSWERED: 1}
    assert kinds_of(bystander.account_id) == Counter()


def test_no_question_after_the_questions_deadline(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), seconds=3 * 86400)
    assert tender.questions_deadline == tender.bid_deadline - timedelta(hours=24)
    short = world.tender(world.organizer(), seconds=3600)
    assert short.questions_deadline == clock.now + timedelta(minutes=30)  # the midpoint
    clock.advance(minutes=30)
    with pytest.raises(Conflict, match="questions"):
        questions.ask(deps, world.caterer(), short.id, AskQuestion(text="Trop tard ?"))


def test_only_verified_caterers_ask_public_questions(world: World, deps: Deps) -> None:
    tender = world.tender(world.organizer(), seconds=3 * 86400)
    with pytest.raises(Forbidden):
        questions.ask(deps, world.caterer(verified=False), tender.id, AskQuestion(text="Moi ?"))
    assert questions.public_questions(deps, tender.id) == []


# --- deadline changes ---------------------------------------------------------------------


def test_the_organizer_extends_never_shortens(world: World, deps: Deps, clock: Clock) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    tender = world.tender(organizer, seconds=3 * 86400)
    world.bid(caterer, tender, "5000.00")
    later = tender.bid_deadline + timedelta(hours=6)
    moved = tenders.extend_deadline(deps, organizer, tender.id, ExtendDeadline(bid_deadline=later))
    assert moved.bid_deadline == later
    assert schedule_at(deps, tender) == f"at({later:%Y-%m-%dT%H:%M:%S})"
    assert kinds_of(caterer.account_id) == {NoticeKind.DEADLINE_EXTENDED: 1}
    with pytest.raises(InvalidInput):
        tenders.extend_deadline(
            deps, organizer, tender.id, ExtendDeadline(bid_deadline=later - timedelta(hours=1))
        )
    with pytest.raises(Forbidden):
        tenders.extend_deadline(
            deps,
            world.organizer(),
            tender.id,
            ExtendDeadline(bid_deadline=later + timedelta(days=1)),
        )


def test_inside_the_last_day_only_by_a_day_or_more(world: World, deps: Deps, clock: Clock) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=3600)
    small = ExtendDeadline(bid_deadline=tender.bid_deadline + timedelta(hours=2))
    with pytest.raises(InvalidInput) as refused:
        tenders.extend_deadline(deps, organizer, tender.id, small)
    assert "24 hours" in refused.value.fields["bid_deadline"]
    big = ExtendDeadline(bid_deadline=tender.bid_deadline + timedelta(hours=24))
    assert tenders.extend_deadline(deps, organizer, tender.id, big).bid_deadline == big.bid_deadline
    clock.advance(days=2)
    closing.close_tender(deps, tender.id)
    with pytest.raises(Conflict):
        tenders.extend_deadline(
            deps, organizer, tender.id, ExtendDeadline(bid_deadline=clock.now + timedelta(days=3))
        )


# --- the award: confirmation, fallback, completion ----------------------------------------


def closed_with_three(world: World, deps: Deps, clock: Clock) -> tuple[Tender, list]:  # type: ignore[type-arg]
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=60)
    bidders = [world.caterer() for _ in range(3)]
    for caterer, amount in zip(bidders, ("1000.00", "1100.00", "1200.00"), strict=True):
        world.bid(caterer, tender, amount)
    clock.advance(seconds=60)
    closed = closing.close_tender(deps, tender.id)
    assert closed.award is not None
    assert closed.confirm_by == clock.now + deps.settings.confirm_window
    return closed, [organizer, *bidders]


def test_the_winner_confirms_and_the_event_completes(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender, (organizer, winner, second, _) = closed_with_three(world, deps, clock)
    with pytest.raises(Forbidden):
        awards.confirm(deps, second, tender.id)
    contracted = awards.confirm(deps, winner, tender.id)
    assert contracted.status is TenderStatus.CONTRACTED
    assert kinds_of(organizer.account_id)[NoticeKind.AWARD_CONFIRMED] == 1
    with pytest.raises(Conflict):
        tenders.cancel_tender(deps, organizer, tender.id, GiveReason(reason="changed my mind"))
    clock.advance(days=29)
    assert closing.sweep(deps).stepped == 0  # the event has not happened yet
    clock.advance(days=3)
    closing.sweep(deps)  # the event is past, with no delivery code: a week to dispute it
    assert deps.tenders.get(tender.id).status is TenderStatus.CONTRACTED
    clock.advance(days=7)
    closing.sweep(deps)
    assert deps.tenders.get(tender.id).status is TenderStatus.COMPLETED
    assert kinds_of(winner.account_id)[NoticeKind.TENDER_COMPLETED] == 1


def test_decline_reject_and_timeout_pass_the_award_down_the_ranking(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender, (organizer, first, second, third) = closed_with_three(world, deps, clock)
    after_decline = awards.decline(deps, first, tender.id)
    assert after_decline.award is not None
    assert after_decline.award.caterer_id == second.account_id
    assert kinds_of(second.account_id)[NoticeKind.BID_WON] == 1
    assert kinds_of(first.account_id)[NoticeKind.AWARD_LAPSED] == 1

    rejected = awards.reject(deps, organizer, tender.id, GiveReason(reason="no halal licence"))
    assert rejected.award is not None
    assert rejected.award.caterer_id == third.account_id

    clock.advance(seconds=deps.settings.confirm_window.total_seconds() + 1)
    with ThreadPoolExecutor(max_workers=6) as pool:  # the timeout fires many times at once
        list(pool.map(lambda _: closing.close_tender(deps, tender.id), range(6)))
    final = deps.tenders.get(tender.id)
    assert final.status is TenderStatus.UNSUCCESSFUL
    assert final.award is None
    assert kinds_of(organizer.account_id)[NoticeKind.TENDER_UNSUCCESSFUL] == 1
    assert kinds_of(third.account_id)[NoticeKind.AWARD_LAPSED] == 1


def test_a_late_confirmation_is_refused(world: World, deps: Deps, clock: Clock) -> None:
    tender, (_, winner, second, _) = closed_with_three(world, deps, clock)
    clock.advance(seconds=deps.settings.confirm_window.total_seconds())
    with pytest.raises(Conflict):
        awards.confirm(deps, winner, tender.id)
    closing.sweep(deps)
    awarded = deps.tenders.get(tender.id)
    assert awarded.award is not None
    assert awarded.award.caterer_id == second.account_id


# --- cancellation -------------------------------------------------------------------------


def test_cancelling_tells_every_bidder_and_drops_the_schedule(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=3600)
    bidders = [world.caterer(), world.caterer()]
    for caterer in bidders:
        world.bid(caterer, tender, "3000.00")
    with pytest.raises(Forbidden):
        tenders.cancel_tender(deps, world.organizer(), tender.id, GiveReason(reason="not mine"))
    cancelled = tenders.cancel_tender(
        deps, organizer, tender.id, GiveReason(reason="the wedding is postponed")
    )
    assert cancelled.status is TenderStatus.CANCELLED
    assert cancelled.cancel_reason == "the wedding is postponed"
    assert all(kinds_of(c.account_id) == {NoticeKind.TENDER_CANCELLED: 1} for c in bidders)
    scheduler = client("scheduler")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=f"tender-{tender.id}", GroupName=deps.settings.schedule_group)
    with pytest.raises(Conflict):
        world.bid(bidders[0], tender, "2900.00")
