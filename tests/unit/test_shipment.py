"""The shipment's transition table: each way of travelling has one path to delivered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.lots import DeliveryMode
from chalicelib.domain.shipment import Shipment, ShipmentStatus, next_statuses

AT = datetime(2026, 12, 7, tzinfo=UTC)
P, H, D = ShipmentStatus.PREPARED, ShipmentStatus.HANDED_TO_CARRIER, ShipmentStatus.DELIVERED


@pytest.mark.parametrize(
    ("mode", "path"),
    [
        (DeliveryMode.CARRIER, [P, H, D]),
        (DeliveryMode.SELLER, [P, D]),
        (DeliveryMode.COLLECT, [P, D]),
    ],
)
def test_each_mode_walks_one_path_to_delivered(
    mode: DeliveryMode, path: list[ShipmentStatus]
) -> None:
    shipment, walked = Shipment(mode), []
    while found := next_statuses(shipment):
        [status] = found  # never a choice: one path
        walked.append(status)
        shipment = shipment.moved(status, AT, None)
    assert walked == path
    assert [s for s, _ in shipment.log] == path
    for status in ShipmentStatus:
        assert not shipment.may_move_to(status)  # delivered is the end
