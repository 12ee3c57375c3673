"""Contract storage: put once with the confirmation, then only conditional updates (a milestone
paid once, a wrong delivery code counted up to the limit, the delivery set once)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.bids import delivery_from, share_from
from chalicelib.adapters.conditional import transact_if, update_if
from chalicelib.adapters.history import with_step
from chalicelib.adapters.models import ContractModel, TenderModel
from chalicelib.domain.catalog import Dietary, EventType, Province, Region, ServiceStyle
from chalicelib.domain.codes import CODE_TRIES
from chalicelib.domain.contract import (
    Contract,
    Member,
    Milestone,
    MilestoneKind,
    Party,
    PaymentMethod,
    Terms,
)
from chalicelib.domain.errors import NotFound
from chalicelib.domain.history import Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import DeliveryMode, Item, Lot, Unit
from chalicelib.domain.shipment import Shipment, ShipmentStatus, Tracking


def _document(contract: Contract) -> str:
    terms = asdict(contract.terms)
    terms["event_date"] = contract.terms.event_date.isoformat()
    document: dict[str, Any] = {
        "organizer": asdict(contract.organizer),
        "caterer": asdict(contract.caterer),
        "terms": terms,
    }
    if contract.members:
        document["members"] = [asdict(m) for m in contract.members]
    return json.dumps(document, ensure_ascii=False, default=str)


def _member(data: dict[str, Any]) -> Member:
    return Member(Party(**data["party"]), share_from(data["share"]))


def _terms(data: dict[str, Any]) -> Terms:
    return Terms(
        title=data["title"],
        event_type=EventType(data["event_type"]),
        event_date=date.fromisoformat(data["event_date"]),
        province=Province(data["province"]) if data["province"] else None,
        venue=data["venue"],
        guests=int(data["guests"]),
        menu=tuple(data["menu"]),
        dietary=tuple(Dietary(d) for d in data["dietary"]),
        service_style=ServiceStyle(data["service_style"]),
        proposal=data["proposal"],
        region=Region(data.get("region", Region.SOUSS_MASSA)),
        lot=_lot(data.get("lot")),
        unit_prices=tuple(Decimal(p) for p in data.get("unit_prices", ())),
        delivery=delivery_from(data.get("delivery")),
    )


def _lot(data: dict[str, Any] | None) -> Lot | None:
    if data is None:
        return None
    items = tuple(Item(i["name"], Decimal(i["quantity"]), Unit(i["unit"])) for i in data["items"])
    return Lot(data["id"], data["title"], items)


def _shipment(item: ContractModel) -> Shipment | None:
    if item.shipment_mode is None:
        return None
    log = tuple(
        (ShipmentStatus(status), datetime.fromisoformat(at))
        for status, at in (str(entry).split("#", 1) for entry in item.shipment_log or ())
    )
    tracking = None
    if item.tracking_carrier and item.tracking_reference:
        tracking = Tracking(item.tracking_carrier, item.tracking_reference)
    status = ShipmentStatus(item.shipment_status) if item.shipment_status else None
    return Shipment(DeliveryMode(item.shipment_mode), status, log, tracking)


def contract_item(contract: Contract) -> ContractModel:
    return ContractModel(
        tender_id=contract.tender_id,
        organizer_id=contract.organizer.account_id,
        caterer_id=contract.caterer.account_id,
        amount=contract.amount,
        deposit_percent=contract.deposit_percent,
        deposit_amount=contract.deposit.amount,
        document=_document(contract),
        delivery_code=contract.delivery_code,
        created_at=contract.created_at,
        shipment_mode=contract.shipment.mode.value if contract.shipment else None,
    )


def _milestone(
    kind: MilestoneKind, amount: Any, method: str | None, at: datetime | None
) -> Milestone:
    return Milestone(kind, amount, PaymentMethod(method) if method else None, at)


def to_domain(item: ContractModel) -> Contract:
    document = json.loads(item.document)
    return Contract(
        tender_id=item.tender_id,
        amount=item.amount,
        deposit_percent=int(item.deposit_percent),
        organizer=Party(**document["organizer"]),
        caterer=Party(**document["caterer"]),
        terms=_terms(document["terms"]),
        delivery_code=item.delivery_code,
        created_at=item.created_at,
        deposit=_milestone(
            MilestoneKind.DEPOSIT, item.deposit_amount, item.deposit_method, item.deposit_paid_at
        ),
        balance=_milestone(
            MilestoneKind.BALANCE,
            item.amount - item.deposit_amount,
            item.balance_method,
            item.balance_paid_at,
        ),
        wrong_codes=int(item.wrong_codes or 0),
        delivered_at=item.delivered_at,
        shipment=_shipment(item),
        members=tuple(_member(m) for m in document.get("members", ())),
    )


def _paid_attributes(kind: MilestoneKind) -> tuple[Any, Any]:
    if kind is MilestoneKind.DEPOSIT:
        return ContractModel.deposit_method, ContractModel.deposit_paid_at
    return ContractModel.balance_method, ContractModel.balance_paid_at


def tries_remain() -> Condition:
    condition: Condition = ContractModel.wrong_codes < CODE_TRIES
    return condition


def delivery_actions(now: datetime) -> tuple[list[Action], Condition]:
    """The delivery, set once and only while the code has tries left (for the tender's
    completing transaction)."""
    condition = ContractModel.delivered_at.does_not_exist() & tries_remain()
    return [ContractModel.delivered_at.set(now)], condition


class ContractRepository:
    def get(self, tender_id: str, *, consistent: bool = False) -> Contract:
        try:
            return to_domain(ContractModel.get(tender_id, consistent_read=consistent))
        except ContractModel.DoesNotExist as error:
            raise NotFound("this tender has no contract") from error

    def mark_paid(
        self,
        contract: Contract,
        kind: MilestoneKind,
        method: PaymentMethod,
        now: datetime,
        step: Step,
    ) -> bool:
        """The milestone goes ``due → paid`` once, with its step; True for the call that did
        it."""
        method_attribute, paid_at = _paid_attributes(kind)
        actions = [method_attribute.set(method.value), paid_at.set(now)]
        condition = paid_at.does_not_exist() & (
            ContractModel.caterer_id == contract.caterer.account_id
        )
        item = ContractModel(tender_id=contract.tender_id)
        return with_step(step, lambda tx: tx.update(item, actions=actions, condition=condition))

    def move_shipment(
        self, contract: Contract, status: ShipmentStatus, now: datetime, tracking: Tracking | None
    ) -> bool:
        """The shipment moves to ``status`` from the one it was read in, while the lot is
        contracted (not completed nor cancelled): True for the call that moved it."""
        assert contract.shipment is not None
        seen = contract.shipment.status
        actions: list[Action] = [
            ContractModel.shipment_status.set(status.value),
            ContractModel.shipment_log.set(
                (ContractModel.shipment_log | []).append([f"{status.value}#{now.isoformat()}"])
            ),
        ]
        if tracking is not None:
            actions += [
                ContractModel.tracking_carrier.set(tracking.carrier),
                ContractModel.tracking_reference.set(tracking.reference),
            ]
        shipment = (
            ContractModel.shipment_status.does_not_exist()
            if seen is None
            else ContractModel.shipment_status == seen.value
        )

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                contracted = TenderModel.status == TenderStatus.CONTRACTED.value
                tx.condition_check(TenderModel, contract.tender_id, condition=contracted)
                tx.update(
                    ContractModel(tender_id=contract.tender_id),
                    actions=actions,
                    condition=shipment & ContractModel.delivered_at.does_not_exist(),
                )

        return transact_if(write)

    def count_wrong_code(self, tender_id: str) -> bool:
        """One more wrong delivery code, if tries remain (so concurrent guesses never get more
        than ``CODE_TRIES`` between them)."""
        return update_if(
            ContractModel(tender_id=tender_id),
            [ContractModel.wrong_codes.add(1)],
            ContractModel.delivered_at.does_not_exist() & tries_remain(),
        )
