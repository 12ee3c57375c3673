"""A contracted lot's shipment: the seller says where the goods are, the buyer's delivery code
confirms they arrived. One transition table, as the tender's lifecycle has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.lots import DeliveryMode


class ShipmentStatus(StrEnum):
    PREPARED = "prepared"
    HANDED_TO_CARRIER = "handed_to_carrier"
    DELIVERED = "delivered"


P, H, D = ShipmentStatus.PREPARED, ShipmentStatus.HANDED_TO_CARRIER, ShipmentStatus.DELIVERED

# (how the goods travel, the status set) -> the status the shipment must be in (None: not yet
# prepared). Only a carrier is handed the goods; otherwise they go from prepared to delivered.
MOVES: dict[tuple[DeliveryMode, ShipmentStatus], ShipmentStatus | None] = {
    (DeliveryMode.CARRIER, P): None,
    (DeliveryMode.CARRIER, H): P,
    (DeliveryMode.CARRIER, D): H,
    (DeliveryMode.SELLER, P): None,
    (DeliveryMode.SELLER, D): P,
    (DeliveryMode.COLLECT, P): None,
    (DeliveryMode.COLLECT, D): P,
}


@dataclass(frozen=True)
class Tracking:
    """What a carrier answers when it takes the goods."""

    carrier: str
    reference: str


@dataclass(frozen=True)
class Shipment:
    mode: DeliveryMode
    status: ShipmentStatus | None = None  # None: not prepared yet
    log: tuple[tuple[ShipmentStatus, datetime], ...] = ()
    tracking: Tracking | None = None

    def may_move_to(self, status: ShipmentStatus) -> bool:
        key = (self.mode, status)
        return key in MOVES and MOVES[key] == self.status

    def moved(self, status: ShipmentStatus, at: datetime, tracking: Tracking | None) -> Shipment:
        return Shipment(self.mode, status, (*self.log, (status, at)), tracking or self.tracking)


def next_statuses(shipment: Shipment) -> list[ShipmentStatus]:
    """What the seller may set next, in the order it happens."""
    return [s for s in ShipmentStatus if shipment.may_move_to(s)]
