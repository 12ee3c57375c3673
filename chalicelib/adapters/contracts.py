"""Contract storage: put once with the confirmation, then only conditional updates (a milestone
paid once, a wrong delivery code counted up to the limit, the delivery set once)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.conditional import update_if
from chalicelib.adapters.history import with_step
from chalicelib.adapters.models import ContractModel
from chalicelib.domain.catalog import Dietary, EventType, Province, Region, ServiceStyle
from chalicelib.domain.codes import CODE_TRIES
from chalicelib.domain.contract import (
    Contract,
    Milestone,
    MilestoneKind,
    Party,
    PaymentMethod,
    Terms,
)
from chalicelib.domain.errors import NotFound
from chalicelib.domain.history import Step


def _document(contract: Contract) -> str:
    terms = asdict(contract.terms)
    terms["event_date"] = contract.terms.event_date.isoformat()
    document = {
        "organizer": asdict(contract.organizer),
        "caterer": asdict(contract.caterer),
        "terms": terms,
    }
    return json.dumps(document, ensure_ascii=False, default=str)


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
    )


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

    def count_wrong_code(self, tender_id: str) -> bool:
        """One more wrong delivery code, if tries remain (so concurrent guesses never get more
        than ``CODE_TRIES`` between them)."""
        return update_if(
            ContractModel(tender_id=tender_id),
            [ContractModel.wrong_codes.add(1)],
            ContractModel.delivered_at.does_not_exist() & tries_remain(),
        )
