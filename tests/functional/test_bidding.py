from decimal import Decimal

import pytest

from chalicelib.commands import TenderQuery
from chalicelib.domain.errors import OVER_BUDGET, Conflict, Forbidden, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.entrypoints.schemas import TenderOut
from chalicelib.services import bidding, tenders
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World

pytestmark = pytest.mark.twins


@pytest.mark.moto_only  # reads the schedule back from EventBridge Scheduler
def test_posting_opens_a_tender_and_schedules_its_close(world: World, deps: Deps) -> None:
    from chalicelib.adapters.aws import client

    tender = world.tender(world.organizer(), seconds=7200)
    assert tender.status is TenderStatus.OPEN
    schedule = client("scheduler").get_schedule(
        Name=f"tender-{tender.id}", GroupName=deps.settings.schedule_group
    )
    assert schedule["ScheduleExpression"] == "at(2026-12-01T11:00:00)"
    assert schedule["ActionAfterCompletion"] == "DELETE"
    assert tender.id in schedule["Target"]["Input"]


def test_only_verified_caterers_bid(world: World) -> None:
    tender = world.tender(world.organizer())
    with pytest.raises(Forbidden):
        world.bid(world.caterer(verified=False), tender, "1000.00")
    with pytest.raises(Forbidden):
        world.bid(world.organizer(), tender, "1000.00")
    assert world.deps.bids.live_bids(tender.id) == []


def test_bidding_on_a_tender_that_does_not_exist(world: World) -> None:
    tender = world.tender(world.organizer())
    gone = tender.__class__(**{**tender.__dict__, "id": "00000000-0000-0000-0000-000000000000"})
    with pytest.raises(NotFound):
        world.bid(world.caterer(), gone, "1000.00")


def test_revising_keeps_one_live_bid_and_the_history(world: World, clock: Clock) -> None:
    caterer, tender = world.caterer(), world.tender(world.organizer())
    world.bid(caterer, tender, "1000.00", "first menu")
    clock.advance(minutes=5)
    revised = world.bid(caterer, tender, "950.00", "better menu")
    assert world.deps.bids.live_bids(tender.id) == [revised]
    history = world.deps.bids.revisions(tender.id)
    assert [(b.amount, withdrawn) for b, withdrawn in history] == [
        (Decimal("1000.00"), False),
        (Decimal("950.00"), False),
    ]
    assert world.deps.tenders.get(tender.id).bidder_ids == {caterer.account_id}


def test_no_bid_at_or_after_the_deadline(world: World, clock: Clock) -> None:
    caterer, tender = world.caterer(), world.tender(world.organizer(), seconds=60)
    clock.advance(seconds=59.999)
    world.bid(caterer, tender, "1000.00")
    clock.advance(seconds=0.001)
    with pytest.raises(Conflict, match="deadline"):
        world.bid(caterer, tender, "900.00")
    assert [b.amount for b in world.deps.bids.live_bids(tender.id)] == [Decimal("1000.00")]


def test_sealed_tenders_show_no_amount(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer())
    world.bid(world.caterer(), tender, "1000.00")
    view = TenderOut.of(deps.tenders.get(tender.id), clock.now).wire()
    assert "best_amount_mad" not in view
    assert view["bid_count"] == 1


def test_open_mode_enforces_the_decrement(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), mode="open")
    first, second = world.caterer(), world.caterer()
    world.bid(first, tender, "50000.00")
    with pytest.raises(Conflict, match=r"49750\.00"):
        world.bid(second, tender, "49750.01")
    world.bid(second, tender, "49750.00")
    with pytest.raises(Conflict):
        world.bid(first, tender, "49750.00")  # equal to the best is not an undercut
    view = TenderOut.of(deps.tenders.get(tender.id), clock.now).wire()
    assert view["best_amount_mad"] == "49750.00"
    assert "caterer" not in str({k: v for k, v in view.items() if k != "organizer_id"})


def test_a_bid_above_the_budget_is_refused_with_the_budget(world: World, deps: Deps) -> None:
    tender = world.tender(world.organizer(), budget_max_mad="18000.00")
    caterer = world.caterer()
    with pytest.raises(Conflict, match=r"18000\.00") as refused:
        world.bid(caterer, tender, "18000.01")
    assert refused.value.reason == OVER_BUDGET
    assert deps.bids.own_bid(tender.id, caterer.account_id) is None
    assert world.bid(caterer, tender, "18000.00").amount == Decimal("18000.00")


def test_open_mode_with_the_tenders_own_step(world: World) -> None:
    tender = world.tender(world.organizer(), mode="open", min_decrement_mad="500.00")
    world.bid(world.caterer(), tender, "20000.00")
    with pytest.raises(Conflict):
        world.bid(world.caterer(), tender, "19500.01")
    world.bid(world.caterer(), tender, "19500.00")


@pytest.mark.moto_only  # the close writes the outcome's notices
def test_who_sees_which_bids(world: World, deps: Deps, clock: Clock) -> None:
    from chalicelib.services import closing

    organizer, a, b = world.organizer(), world.caterer(), world.caterer()
    tender = world.tender(organizer, seconds=60)
    world.bid(a, tender, "1000.00")
    world.bid(b, tender, "900.00")
    assert [x.bid.caterer_id for x in bidding.visible_bids(deps, a, tender.id)] == [a.account_id]
    with pytest.raises(Forbidden):
        bidding.visible_bids(deps, organizer, tender.id)  # sealed until close
    with pytest.raises(Forbidden):
        bidding.visible_bids(deps, world.organizer(), tender.id)
    clock.advance(seconds=61)
    closing.close_tender(deps, tender.id)
    ranked = bidding.visible_bids(deps, organizer, tender.id)
    assert [(x.bid.caterer_id, x.rank) for x in ranked] == [(b.account_id, 1), (a.account_id, 2)]


def test_listing_filters_and_pages(world: World, deps: Deps, clock: Clock) -> None:
    organizer = world.organizer()
    made = []
    for i in range(5):
        clock.advance(seconds=1)
        province = "tata" if i % 2 else "tiznit"
        made.append(world.tender(organizer, province=province).id)
    page = tenders.list_tenders(deps, TenderQuery(limit=2))
    assert [t.id for t in page.items] == made[::-1][:2]
    assert page.next is not None
    rest = tenders.list_tenders(deps, TenderQuery(limit=10, cursor=page.next))
    assert [t.id for t in rest.items] == made[::-1][2:]
    tata = tenders.list_tenders(deps, TenderQuery.model_validate({"province": "tata"}))
    assert {t.id for t in tata.items} == {made[1], made[3]}
    open_ = tenders.list_tenders(deps, TenderQuery.model_validate({"status": "open"}))
    assert len(open_.items) == 5
    closed = tenders.list_tenders(deps, TenderQuery.model_validate({"status": "awarded"}))
    assert closed.items == []
