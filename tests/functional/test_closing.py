from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from chalicelib.adapters.aws import client, dynamodb
from chalicelib.adapters.models import NotificationModel
from chalicelib.domain.history import CHRONOGRAPH, Action, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.ranking import AwardCriteria, rank
from chalicelib.domain.tender import Tender
from chalicelib.services import closing
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.moto_state import sent_emails, sent_sms

CLOSED, AWARDED = TenderStatus.CLOSED, TenderStatus.AWARDED


def inbox_kinds(deps: Deps, account_id: str) -> list[str]:
    return [n.kind for n in NotificationModel.query(account_id)]


def test_the_lowest_bid_wins_at_the_deadline(world: World, deps: Deps, clock: Clock) -> None:
    organizer = world.organizer()
    a, b, c = world.caterer(), world.caterer(), world.caterer(language="ar")
    tender = world.tender(organizer, seconds=60)
    world.bid(a, tender, "1000.00")
    world.bid(b, tender, "900.00")
    winning = world.bid(c, tender, "950.00")
    clock.advance(seconds=1)
    winning = world.bid(c, tender, "850.00")
    clock.advance(seconds=30)
    assert closing.close_tender(deps, tender.id).status is TenderStatus.OPEN  # not due yet
    clock.advance(seconds=30)
    closed = closing.close_tender(deps, tender.id)
    assert closed.status is TenderStatus.AWARDED
    assert closed.award is not None
    assert (closed.award.bid_id, closed.award.amount) == (winning.id, Decimal("850.00"))
    assert inbox_kinds(deps, c.account_id) == [NoticeKind.BID_WON]
    assert inbox_kinds(deps, a.account_id) == [NoticeKind.BID_LOST]
    assert inbox_kinds(deps, organizer.account_id) == [NoticeKind.TENDER_AWARDED]
    winner_mail = next(m for m in sent_emails() if m["subject"].startswith("لقد فزتم"))
    assert "850" in winner_mail["body"]


def test_a_tie_goes_to_the_earlier_bid(world: World, deps: Deps, clock: Clock) -> None:
    early, late = world.caterer(), world.caterer()
    tender = world.tender(world.organizer(), seconds=60)
    world.bid(early, tender, "900.00")
    clock.advance(seconds=1)
    world.bid(late, tender, "900.00")
    clock.advance(seconds=60)
    award = closing.close_tender(deps, tender.id).award
    assert award is not None
    assert award.caterer_id == early.account_id


def test_no_bid_means_unsuccessful(world: World, deps: Deps, clock: Clock) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=60)
    clock.advance(seconds=60)
    assert closing.close_tender(deps, tender.id).status is TenderStatus.UNSUCCESSFUL
    assert inbox_kinds(deps, organizer.account_id) == [NoticeKind.TENDER_UNSUCCESSFUL]


def test_the_sweeper_closes_only_what_is_due(world: World, deps: Deps, clock: Clock) -> None:
    organizer = world.organizer()
    soon = [world.tender(organizer, seconds=60) for _ in range(3)]
    later = world.tender(organizer, seconds=3600)
    clock.advance(seconds=61)
    report = closing.sweep(deps)
    assert report.stepped == 3
    assert {deps.tenders.get(t.id).status for t in soon} == {TenderStatus.UNSUCCESSFUL}
    assert deps.tenders.get(later.id).status is TenderStatus.OPEN
    assert closing.sweep(deps).stepped == 0


def test_the_sweeper_queries_and_never_scans(world: World, deps: Deps, clock: Clock) -> None:
    world.tender(world.organizer(), seconds=60)
    clock.advance(seconds=61)
    calls = count_dynamodb_calls(lambda: closing.sweep(deps), deps)
    assert "Scan" not in calls
    assert calls["Query"] >= 1


def test_duplicate_firings_close_award_and_notify_once(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    bidders = [world.caterer() for _ in range(3)]
    tender = world.tender(organizer, seconds=60)
    for caterer, amount in zip(bidders, ("1000.00", "900.00", "950.00"), strict=True):
        world.bid(caterer, tender, amount)
    clock.advance(seconds=61)
    emails_before, sms_before = len(sent_emails()), len(sent_sms())

    def fire(i: int) -> object:
        if i % 2:
            return closing.sweep(deps)
        return closing.close_tender(deps, tender.id)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(fire, range(20)))

    final = deps.tenders.get(tender.id)
    assert final.status is TenderStatus.AWARDED
    assert final.award is not None
    assert final.award.caterer_id == bidders[1].account_id
    notices = [n for a in [organizer, *bidders] for n in NotificationModel.query(a.account_id)]
    assert len(notices) == 4
    assert all(n.email_sent and n.sms_sent and n.delivery is None for n in notices)
    assert len(sent_emails()) - emails_before == 4
    assert len(sent_sms()) - sms_before == 4


def test_a_failed_send_is_retried_and_nothing_is_sent_twice(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    tender = world.tender(world.organizer(), seconds=60)
    world.bid(caterer, tender, "1000.00")
    clock.advance(seconds=61)
    ses = client("ses")
    ses.delete_identity(Identity=deps.settings.sender_email)  # SES now refuses every e-mail
    closing.close_tender(deps, tender.id)
    assert sent_emails() == []
    assert sent_sms() == []  # the e-mail goes first; the SMS waits for the retry
    stuck = list(deps.inbox.undelivered(clock.now))
    assert len(stuck) == 2

    ses.verify_email_identity(EmailAddress=deps.settings.sender_email)
    assert closing.sweep(deps).messages_sent == 0  # the lease of the failed attempt holds
    clock.advance(minutes=2)
    assert closing.sweep(deps).messages_sent == 4
    assert closing.sweep(deps).messages_sent == 0
    assert len(sent_emails()) == 2
    assert len(sent_sms()) == 2
    assert list(deps.inbox.undelivered(clock.now)) == []


def test_a_close_interrupted_before_its_notices_is_finished_by_the_sweeper(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    tender = world.tender(organizer, seconds=60)
    world.bid(caterer, tender, "1000.00")
    clock.advance(seconds=61)
    # The closer dies right after the award write (the outbox flag rides in that write).
    assert deps.tenders.mark_closed(tender.id, clock.now, chronograph_step(tender, CLOSED, clock))
    ranking = rank(deps.bids.live_bids(tender.id), AwardCriteria.PRICE, Decimal(0), {})
    confirm_by = clock.now + deps.settings.confirm_window
    awarded = chronograph_step(tender, AWARDED, clock)
    assert deps.tenders.record_outcome(tender.id, ranking, confirm_by, clock.now, awarded)
    assert inbox_kinds(deps, caterer.account_id) == []
    closing.sweep(deps)
    assert inbox_kinds(deps, caterer.account_id) == [NoticeKind.BID_WON]
    assert not deps.tenders.get(tender.id).pending_events


def test_a_close_interrupted_between_closed_and_awarded(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    tender = world.tender(world.organizer(), seconds=60)
    world.bid(caterer, tender, "1000.00")
    clock.advance(seconds=61)
    assert deps.tenders.mark_closed(tender.id, clock.now, chronograph_step(tender, CLOSED, clock))
    assert closing.sweep(deps).stepped == 1
    assert deps.tenders.get(tender.id).status is TenderStatus.AWARDED


@pytest.mark.parametrize("mode", ["sealed", "open"])
def test_a_bid_costs_two_dynamodb_requests(world: World, deps: Deps, mode: str) -> None:
    caterer, tender = world.caterer(), world.tender(world.organizer(), mode=mode)
    calls = count_dynamodb_calls(lambda: world.bid(caterer, tender, "1000.00"), deps)
    assert calls == Counter({"GetItem": 1, "TransactWriteItems": 1})


def count_dynamodb_calls(action: object, deps: Deps) -> Counter[str]:
    """Count DynamoDB API calls made by ``action`` with a botocore event hook on the one client
    every table and transaction uses."""
    seen: Counter[str] = Counter()

    def record(model: object, params: object, **_: object) -> None:
        seen[str(getattr(model, "name", model))] += 1

    events = dynamodb().client.meta.events
    events.register("before-call.dynamodb", record)
    try:
        action()  # type: ignore[operator]
    finally:
        events.unregister("before-call.dynamodb", record)
    return seen


def test_every_table_and_transaction_uses_one_dynamodb_client(deps: Deps) -> None:
    from chalicelib.adapters.models import ALL_MODELS

    assert {id(m._get_connection().connection.client) for m in ALL_MODELS} == {
        id(dynamodb().client)
    }


def chronograph_step(tender: Tender, to: TenderStatus, clock: Clock) -> Step:
    """The step a closer that dies half-way would have written."""
    action = Action.CLOSED if to is CLOSED else Action.AWARDED
    return Step(tender.id, action, clock.now, CHRONOGRAPH, tender.status, to)
