"""Regional products across Morocco: buyers anywhere, orders in lots counted in units, bids per
lot with unit prices and delivery, and products tenders stored before lots."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.adapters.carriers import CarrierDesk, reference
from chalicelib.adapters.messaging import Messenger
from chalicelib.adapters.tender_items import tender_item
from chalicelib.commands import EnterDeliveryCode, MoveShipment, PlaceBid, PostTender, SignUp
from chalicelib.domain import ocds
from chalicelib.domain.account import Principal
from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import Province, Region
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.history import Action
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import DeliveryMode, Unit
from chalicelib.domain.shipment import ShipmentStatus
from chalicelib.domain.tender import Tender
from chalicelib.services import awards, bidding, closing, contracts, open_data, tenders
from chalicelib.services.contracts import Deal
from chalicelib.services.deps import Deps
from tests.bodies import sign_up_body
from tests.conftest import Clock
from tests.functional.helpers import SOURCE, World, tender_body
from tests.functional.moto_state import sent_emails
from tests.functional.test_open_data import package
from tests.ocds import problems

pytestmark = pytest.mark.twins

ARGAN = {
    "title": "Huile d'argan",
    "items": [{"name": "Huile d'argan alimentaire", "quantity": 200, "unit": "litre"}],
}
BOXES = {
    "title": "Coffrets cadeaux",
    "items": [
        {"name": "Coffret amlou 250 g", "quantity": 500, "unit": "box"},
        {"name": "Amlou en vrac", "quantity": "100.5", "unit": "kg"},
    ],
}


def products(clock: Clock, seconds: float = 3600, **extra: Any) -> dict[str, Any]:
    body = tender_body(
        clock,
        seconds,
        title="Cadeaux de fin d'année",
        event_type="regional_products",
        province="casablanca",
        delivery_region="casablanca-settat",
        venue="Siège, boulevard d'Anfa",
        categories=["argan_products", "gift_boxes"],
        service_style="delivery",
        lots=[ARGAN, BOXES],
    )
    del body["guests"], body["menu"]
    return body | extra


def post(world: World, organizer: Principal, body: dict[str, Any]) -> Tender:
    return tenders.post_tender(world.deps, organizer, PostTender.model_validate(body))


def bid(world: World, caterer: Principal, tender_id: str, **body: Any) -> Bid:
    command = PlaceBid.model_validate({"proposal": "", **body})
    return bidding.place_bid(world.deps, caterer, tender_id, command, SOURCE)


def company(world: World) -> Principal:
    return world.organizer(organizer_kind="company", business_name="Atlas Assurances")


def test_a_casablanca_company_orders_two_lots_each_its_own_tender(
    world: World, deps: Deps, clock: Clock
) -> None:
    first = post(world, company(world), products(clock))
    assert first.order_id == first.id
    assert first.draft.region is Region.CASABLANCA_SETTAT
    argan, boxes = first.draft.lots
    assert boxes.items[1].quantity == Decimal("100.5")
    assert boxes.items[1].unit is Unit.KG
    second = deps.tenders.get(boxes.id)
    assert second.order_id == first.id
    assert second.lot == boxes
    assert first.lot == argan
    assert second.status is TenderStatus.OPEN
    assert second.draft.lots == first.draft.lots
    for lot in (argan, boxes):
        [posted] = deps.history.steps(lot.id)
        assert posted.action is Action.POSTED


def test_meals_are_held_in_souss_massa_and_products_go_anywhere(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    with pytest.raises(InvalidInput) as meal:
        world.tender(organizer, province="casablanca")
    assert meal.value.field_reasons["province"] == "meals_in_souss_massa"
    with pytest.raises(InvalidInput) as mismatch:
        post(world, organizer, products(clock, delivery_region="marrakech-safi"))
    assert set(mismatch.value.fields) == {"delivery_region"}
    only_region = products(clock, delivery_region="dakhla-oued-ed-dahab")
    del only_region["province"]
    far = post(world, organizer, only_region)
    assert far.draft.province is None
    assert far.draft.region is Region.DAKHLA_OUED_ED_DAHAB
    with pytest.raises(InvalidInput) as nowhere:
        post(world, organizer, products(clock, province=None, delivery_region=None))
    assert set(nowhere.value.fields) == {"delivery_region"}


def test_caterers_serve_the_six_provinces_of_souss_massa() -> None:
    with pytest.raises(ValidationError):
        SignUp.model_validate(sign_up_body("caterer", provinces=["casablanca"]))
    fine = SignUp.model_validate(sign_up_body("caterer", provinces=["tata"]))
    assert fine.provinces == [Province.TATA]


def test_a_products_tender_counts_items_in_lots_and_a_meal_counts_guests(
    world: World, clock: Clock
) -> None:
    organizer = world.organizer()
    with pytest.raises(InvalidInput) as no_lots:
        post(world, organizer, products(clock, lots=[]))
    assert set(no_lots.value.fields) == {"lots"}
    with pytest.raises(InvalidInput) as meal_lots:
        world.tender(organizer, lots=[ARGAN])
    assert set(meal_lots.value.fields) == {"lots"}
    body = tender_body(clock)
    del body["guests"]
    with pytest.raises(InvalidInput) as no_guests:
        post(world, organizer, body)
    assert set(no_guests.value.fields) == {"guests"}
    with pytest.raises(ValidationError):
        PostTender.model_validate(products(clock, lots=[{"title": "x", "items": []}]))
    bad_unit = {"title": "x", "items": [{"name": "y", "quantity": 1, "unit": "ton"}]}
    with pytest.raises(ValidationError):
        PostTender.model_validate(products(clock, lots=[bad_unit]))


def test_bids_go_to_the_lot_they_name_priced_per_unit_with_their_delivery(
    world: World, deps: Deps
) -> None:
    order = post(world, company(world), products(world.clock))
    argan, boxes = order.draft.lots
    coop = world.caterer(categories=["cooperative", "argan_products"])
    placed = bid(
        world,
        coop,
        order.id,
        lot_id=boxes.id,
        amount_mad="27015.00",
        unit_prices_mad=["45.00", "30.00"],
        delivery={"mode": "carrier", "price_mad": "1500.00", "lead_days": 6},
    )
    assert placed.tender_id == boxes.id
    [stored] = deps.bids.live_bids(boxes.id)
    assert stored.unit_prices == (Decimal("45.00"), Decimal("30.00"))
    assert stored.delivery is not None
    assert stored.delivery.mode is DeliveryMode.CARRIER
    assert deps.bids.live_bids(order.id) == []
    own = bid(world, coop, argan.id, amount_mad="30000.00")  # the lot's own id, no lot named
    assert own.tender_id == argan.id
    with pytest.raises(InvalidInput) as sum_wrong:
        bid(world, coop, boxes.id, amount_mad="26000.00", unit_prices_mad=["45.00", "30.00"])
    assert set(sum_wrong.value.fields) == {"amount_mad"}
    with pytest.raises(InvalidInput) as count_wrong:
        bid(world, coop, boxes.id, amount_mad="22500.00", unit_prices_mad=["45.00"])
    assert set(count_wrong.value.fields) == {"unit_prices_mad"}
    with pytest.raises(InvalidInput) as stranger:
        bid(world, coop, order.id, lot_id="another-order-lot", amount_mad="100.00")
    assert set(stranger.value.fields) == {"lot_id"}
    meal = world.tender(world.organizer())
    with pytest.raises(InvalidInput) as meal_delivery:
        bid(world, coop, meal.id, amount_mad="100.00", delivery={"mode": "seller"})
    assert set(meal_delivery.value.fields) == {"delivery"}
    assert deps.bids.live_bids(boxes.id) == [stored]  # the refused revisions changed nothing


@pytest.mark.moto_only
def test_each_lot_closes_and_is_awarded_once_under_concurrent_sweeps(
    world: World, deps: Deps, clock: Clock
) -> None:
    order = post(world, company(world), products(clock, seconds=60))
    argan, boxes = order.draft.lots
    sellers = [world.caterer(categories=["argan_products"]) for _ in range(3)]
    for seller, amount in zip(sellers, ("31000.00", "29500.00", "30500.00"), strict=True):
        bid(world, seller, argan.id, amount_mad=amount)
    bid(world, sellers[2], boxes.id, amount_mad="25000.00")
    clock.advance(seconds=61)

    def fire(i: int) -> object:
        if i % 3 == 0:
            return closing.close_tender(deps, (argan, boxes)[i % 2].id)
        return closing.sweep(deps)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fire, range(16)))
    winners = {argan.id: sellers[1], boxes.id: sellers[2]}
    for lot_id, winner in winners.items():
        final = deps.tenders.get(lot_id)
        assert final.status is TenderStatus.AWARDED
        assert final.award is not None
        assert final.award.caterer_id == winner.account_id
        actions = [s.action for s in deps.history.steps(lot_id)]
        assert actions == [Action.POSTED, Action.CLOSED, Action.AWARDED]
        released = package(deps, lot_id)  # each lot is an OCDS lot, valid by the schema
        assert problems("release-package-schema.json", released) == []
        merged = ocds.compiled(open_data.releases(deps, lot_id))
        assert [lot["id"] for lot in merged["tender"]["lots"]] == [lot_id]
        assert {i["relatedLot"] for i in merged["tender"]["items"]} == {lot_id}
        assert merged["awards"][0]["relatedLots"] == [lot_id]
    boxes_items = ocds.compiled(open_data.releases(deps, boxes.id))["tender"]["items"]
    assert [(i["quantity"], i["unit"]["name"]) for i in boxes_items] == [
        (500, "box"),
        (100.5, "kg"),
    ]
    assert boxes_items[0]["deliveryAddress"]["region"] == "Casablanca"


def test_a_products_tender_stored_before_lots_reads_as_one_lot_and_takes_bids(
    world: World, deps: Deps, clock: Clock, backend: str
) -> None:
    """The migration: nothing stored is rewritten; an old item reads as one lot of its
    ``guests`` pieces, and bids on it work as before."""
    old = world.tender(
        world.organizer(),
        event_type="regional_products",
        categories=["gift_boxes"],
        guests=300,
        menu=["coffret amlou"],
    )
    item = tender_item(old, old.bid_deadline)
    item.lots = None
    item.delivery_region = None
    if backend == "memory":
        deps.tenders.items[old.id] = item  # type: ignore[attr-defined]
    else:
        item.save()
    again = deps.tenders.get(old.id)
    [lot] = again.draft.lots
    assert lot.id == old.id
    assert [(i.name, i.quantity, i.unit) for i in lot.items] == [
        ("coffret amlou", Decimal(300), Unit.PIECE)
    ]
    assert again.draft.region is Region.SOUSS_MASSA
    placed = bid(world, world.caterer(categories=["gift_boxes"]), old.id, amount_mad="9000.00")
    assert placed.tender_id == old.id


def contracted_lot(world: World, mode: str) -> tuple[Principal, Principal, str]:
    """A one-lot order of argan oil, bid by a cooperative sending it by ``mode``, contracted."""
    buyer = company(world)
    order = post(world, buyer, products(world.clock, seconds=60, lots=[ARGAN]))
    seller = world.caterer(categories=["argan_products"])
    delivery = {"mode": mode, "price_mad": "0.00" if mode == "collect" else "800.00"}
    bid(world, seller, order.id, amount_mad="30800.00", delivery=delivery | {"lead_days": 5})
    world.clock.advance(seconds=61)
    closing.close_tender(world.deps, order.id)
    awards.confirm(world.deps, seller, order.id)
    return buyer, seller, order.id


def ship(world: World, seller: Principal, tender_id: str, status: str) -> Deal:
    command = MoveShipment.model_validate({"status": status})
    return contracts.move_shipment(world.deps, seller, tender_id, command)


@pytest.mark.moto_only
def test_a_carried_shipment_is_booked_tracked_and_confirmed_by_the_buyers_code(
    world: World, deps: Deps
) -> None:
    buyer, seller, lot_id = contracted_lot(world, "carrier")
    contract = contracts.deal(deps, seller, lot_id).contract
    assert contract.per_guest is None
    assert contract.terms.lot is not None
    assert contract.terms.delivery is not None
    assert contract.terms.delivery.lead_days == 5
    assert contract.shipment is not None
    assert contract.shipment.status is None
    with pytest.raises(Conflict):
        ship(world, seller, lot_id, "delivered")  # not before it was handed to the carrier
    with pytest.raises(Forbidden):
        ship(world, buyer, lot_id, "prepared")  # the seller says where the goods are
    ship(world, seller, lot_id, "prepared")
    handed = ship(world, seller, lot_id, "handed_to_carrier").contract.shipment
    assert handed is not None
    assert handed.tracking is not None
    assert handed.tracking.reference == reference(contract)
    ship(world, seller, lot_id, "delivered")
    stored = deps.contracts.get(lot_id, consistent=True).shipment
    assert stored is not None
    assert [s for s, _ in stored.log] == [
        ShipmentStatus.PREPARED,
        ShipmentStatus.HANDED_TO_CARRIER,
        ShipmentStatus.DELIVERED,
    ]
    assert stored.tracking == handed.tracking
    code = contracts.deal(deps, buyer, lot_id).contract.delivery_code
    done = contracts.deliver(deps, seller, lot_id, EnterDeliveryCode(code=code))
    assert done.status is TenderStatus.COMPLETED  # before the event's day: the goods arrived
    with pytest.raises(Conflict):
        ship(world, seller, lot_id, "prepared")


@pytest.mark.moto_only
def test_a_shipment_moves_once_when_the_seller_taps_twice(world: World, deps: Deps) -> None:
    _, seller, lot_id = contracted_lot(world, "seller")
    with pytest.raises(Conflict):
        ship(world, seller, lot_id, "handed_to_carrier")  # the seller brings them itself

    def tap(_: int) -> bool:
        try:
            ship(world, seller, lot_id, "prepared")
        except Conflict:
            return False
        return True

    with ThreadPoolExecutor(max_workers=6) as pool:
        moved = list(pool.map(tap, range(6)))
    assert moved.count(True) == 1
    stored = deps.contracts.get(lot_id, consistent=True).shipment
    assert stored is not None
    assert [s for s, _ in stored.log] == [ShipmentStatus.PREPARED]


@pytest.mark.moto_only
def test_the_carrier_desk_is_sent_the_pickup(world: World, deps: Deps) -> None:
    _, _seller, lot_id = contracted_lot(world, "carrier")
    contract = deps.contracts.get(lot_id, consistent=True)
    before = len(sent_emails())
    desk = CarrierDesk(Messenger(deps.settings.sender_email), "dispatch@carrier.example", "Amana")
    tracking = desk.book(contract)
    assert tracking.carrier == "Amana"
    assert tracking.reference.startswith("WLM-")
    [mail] = sent_emails()[before:]
    assert tracking.reference in mail["subject"]
    assert "200 litre Huile d'argan alimentaire" in mail["body"]
    assert "Casablanca" in mail["body"]


@pytest.mark.moto_only
def test_a_meal_contract_has_no_shipment(world: World, deps: Deps, clock: Clock) -> None:
    caterer = world.caterer()
    meal = world.tender(world.organizer(), seconds=60)
    world.bid(caterer, meal, "40000.00")
    clock.advance(seconds=61)
    closing.close_tender(deps, meal.id)
    awards.confirm(deps, caterer, meal.id)
    assert deps.contracts.get(meal.id).shipment is None
    with pytest.raises(Conflict):
        ship(world, caterer, meal.id, "prepared")
