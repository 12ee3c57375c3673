"""What a products tender asks for and how a bid offers it: lots of items counted in units,
prices per unit, and how the goods travel.

An order of several lots is several tenders, one per lot, each bid on, closed, awarded,
contracted and paid on its own by the rules every tender follows; they share the order's
lots, and the order's id is its first lot's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import mad

MAX_LOTS = 10
MAX_LEAD_DAYS = 90


class Unit(StrEnum):
    BOX = "box"
    KG = "kg"
    LITRE = "litre"
    PIECE = "piece"


class DeliveryMode(StrEnum):
    COLLECT = "collect"  # the buyer collects the goods
    SELLER = "seller"  # the seller brings them
    CARRIER = "carrier"  # a carrier takes them


@dataclass(frozen=True)
class Item:
    name: str
    quantity: Decimal
    unit: Unit


@dataclass(frozen=True)
class Lot:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Delivery:
    """How a bid's goods reach the buyer; its price is part of the bid's amount."""

    mode: DeliveryMode
    price: Decimal
    lead_days: int  # from the contract to the goods' arrival


@dataclass(frozen=True)
class Share:
    """One member's part of a joint bid: what it supplies of each item and what it is paid."""

    caterer_id: str
    amount: Decimal
    quantities: tuple[Decimal, ...]  # one per item of the lot


def legacy_lot(tender_id: str, title: str, menu: Sequence[str], guests: int) -> Lot:
    """A products tender from before lots: ``guests`` pieces of what its menu (or title) says."""
    return Lot(tender_id, title, (Item(", ".join(menu) or title, Decimal(guests), Unit.PIECE),))


def goods_amount(lot: Lot, unit_prices: Sequence[Decimal]) -> Decimal:
    return mad(sum((i.quantity * p for i, p in zip(lot.items, unit_prices, strict=True)), mad(0)))


def check_offer(
    lot: Lot | None, amount: Decimal, unit_prices: Sequence[Decimal], delivery: Delivery | None
) -> None:
    """A bid's unit prices, one per item of its lot, add up with the delivery to its amount;
    only products are priced per unit and delivered."""
    fields: dict[str, str] = {}
    if lot is None:
        if unit_prices:
            fields["unit_prices_mad"] = "only a products tender is priced per unit"
        if delivery is not None:
            fields["delivery"] = "only a products tender's goods are delivered"
        if fields:
            raise InvalidInput("the bid breaks a rule", fields)
        return
    carriage = delivery.price if delivery is not None else Decimal(0)
    if carriage > amount:
        fields["delivery"] = "the delivery price is part of the amount, not more than it"
    if unit_prices and len(unit_prices) != len(lot.items):
        fields["unit_prices_mad"] = f"give one price per item: {len(lot.items)}"
    elif unit_prices and goods_amount(lot, unit_prices) + carriage != amount:
        total = goods_amount(lot, unit_prices) + carriage
        fields["amount_mad"] = f"the unit prices and the delivery add up to {total}"
    if fields:
        raise InvalidInput("the bid breaks a rule", fields)


def unit_price(lot: Lot, amount: Decimal, delivery: Delivery | None) -> Decimal | None:
    """A one-item lot's price per unit, delivery aside (a bid need not give it)."""
    if len(lot.items) != 1:
        return None
    carriage = delivery.price if delivery is not None else Decimal(0)
    return mad((amount - carriage) / lot.items[0].quantity)
