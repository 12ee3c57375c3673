"""How a tender is stored: the item read back as a ``Tender``, the ranking as JSON, and the
conditions and updates that the repository's writes (``adapters/tenders.py``) are built from."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.models import (
    AccountModel,
    TenderModel,
)
from chalicelib.domain.bid import Award
from chalicelib.domain.catalog import (
    MEAL_CATEGORIES,
    PRODUCT_EVENTS,
    Category,
    Dietary,
    EventType,
    Province,
    Region,
    ServiceStyle,
)
from chalicelib.domain.lifecycle import TenderStatus, check_move
from chalicelib.domain.lots import Item, Lot, Unit, legacy_lot
from chalicelib.domain.notices import Event
from chalicelib.domain.ranking import AwardCriteria, Ranked
from chalicelib.domain.tender import DEFAULT_DEPOSIT_PERCENT, BidMode, Tender, TenderDraft

DUE = "due"
FEED = "tenders"
PENDING = "pending"


def ranking_to_json(ranking: list[Ranked]) -> str:
    return json.dumps(
        [
            {
                "bid_id": r.bid_id,
                "caterer_id": r.caterer_id,
                "amount": str(r.amount),
                "submitted_at": r.submitted_at.isoformat(),
                "score": str(r.score),
                "quality": str(r.quality),
            }
            for r in ranking
        ]
    )


def ranking_from_json(text: str | None) -> tuple[Ranked, ...]:
    return tuple(
        Ranked(
            r["bid_id"],
            r["caterer_id"],
            Decimal(r["amount"]),
            datetime.fromisoformat(r["submitted_at"]),
            Decimal(r["score"]),
            Decimal(r["quality"]),
        )
        for r in json.loads(text or "[]")
    )


def lots_to_json(lots: tuple[Lot, ...]) -> str | None:
    if not lots:
        return None
    return json.dumps(
        [
            {
                "id": lot.id,
                "title": lot.title,
                "items": [
                    {"name": i.name, "quantity": str(i.quantity), "unit": i.unit.value}
                    for i in lot.items
                ],
            }
            for lot in lots
        ],
        ensure_ascii=False,
    )


def lots_of(item: TenderModel) -> tuple[Lot, ...]:
    """The order's lots; a products tender stored before lots reads as one lot of ``guests``
    pieces (the migration happens on reading: nothing stored changes)."""
    if item.lots:
        return tuple(
            Lot(
                lot["id"],
                lot["title"],
                tuple(
                    Item(i["name"], Decimal(i["quantity"]), Unit(i["unit"])) for i in lot["items"]
                ),
            )
            for lot in json.loads(item.lots)
        )
    if EventType(item.event_type) in PRODUCT_EVENTS:
        return (
            legacy_lot(item.id, item.title, [str(x) for x in item.menu or ()], int(item.guests)),
        )
    return ()


def to_domain(item: TenderModel) -> Tender:
    award = None
    if item.award_bid_id and item.award_caterer_id and item.award_amount is not None:
        award = Award(item.award_bid_id, item.award_caterer_id, item.award_amount)
    draft = TenderDraft(
        title=item.title,
        event_type=EventType(item.event_type),
        event_date=date.fromisoformat(item.event_date),
        province=Province(item.province) if item.province else None,
        venue=item.venue,
        guests=int(item.guests),
        menu=tuple(str(x) for x in item.menu or ()),
        dietary=tuple(Dietary(str(d)) for d in item.dietary or ()),
        service_style=ServiceStyle(item.service_style),
        mode=BidMode(item.mode),
        bid_deadline=item.original_deadline,
        budget_max=item.budget_max,
        min_decrement=item.min_decrement,
        award_criteria=AwardCriteria(item.award_criteria),
        quality_weight=item.quality_weight or Decimal(0),
        min_bids=int(item.min_bids),
        deposit_percent=int(
            DEFAULT_DEPOSIT_PERCENT if item.deposit_percent is None else item.deposit_percent
        ),
        questions_deadline=item.questions_deadline,
        categories=tuple(Category(str(c)) for c in item.categories or MEAL_CATEGORIES),
        delivery_region=Region(item.delivery_region) if item.delivery_region else None,
        lots=lots_of(item),
    )
    return Tender(
        id=item.id,
        organizer_id=item.organizer_id,
        draft=draft,
        status=TenderStatus(item.status),
        created_at=item.created_at,
        bid_deadline=item.bid_deadline,
        questions_deadline=item.questions_deadline,
        best_amount=item.best_amount,
        best_caterer_id=item.best_caterer_id,
        bidder_ids=frozenset(item.bidder_ids or ()),
        award=award,
        award_index=int(item.award_index or 0),
        confirm_by=item.confirm_by,
        ranking=ranking_from_json(item.ranking),
        closed_at=item.closed_at,
        cancel_reason=item.cancel_reason,
        pending_events=frozenset(item.events or ()),
        practice=bool(item.practice),
        delivered=bool(item.delivered),
        cancelled_by=item.cancelled_by,
        open_dispute=item.open_dispute,
        organizer_late_cancellations=int(item.organizer_late_cancellations or 0),
    )


def tender_item(tender: Tender, due_at: datetime) -> TenderModel:
    """A new tender as its item is first written: due at ``due_at``, its first event (matching
    caterers are alerted by the sweeper/closer) in the outbox."""
    d = tender.draft
    return TenderModel(
        id=tender.id,
        organizer_id=tender.organizer_id,
        title=d.title,
        event_type=d.event_type.value,
        event_date=d.event_date.isoformat(),
        province=d.province.value if d.province else None,
        delivery_region=d.delivery_region.value if d.delivery_region else None,
        lots=lots_to_json(d.lots),
        venue=d.venue,
        guests=d.guests,
        menu=list(d.menu),
        dietary=[x.value for x in d.dietary],
        service_style=d.service_style.value,
        mode=d.mode.value,
        budget_max=d.budget_max,
        min_decrement=d.min_decrement,
        award_criteria=d.award_criteria.value,
        quality_weight=d.quality_weight or None,
        min_bids=d.min_bids,
        deposit_percent=d.deposit_percent,
        status=tender.status.value,
        created_at=tender.created_at,
        original_deadline=d.bid_deadline,
        bid_deadline=tender.bid_deadline,
        questions_deadline=tender.questions_deadline,
        categories=[c.value for c in d.categories],
        organizer_late_cancellations=tender.organizer_late_cancellations or None,
        due=DUE,
        due_at=due_at,
        events={Event.OPENED.value},
        outbox=PENDING,
        outbox_at=tender.created_at,
    )


def status_move(current: frozenset[TenderStatus], target: TenderStatus) -> Condition:
    """The condition that the stored status is one the lifecycle table lets move to ``target``."""
    for status in current:
        check_move(status, target)
    return TenderModel.status.is_in(*sorted(s.value for s in current))


def event_actions(key: str, now: datetime) -> list[Action]:
    """Record an event in the outbox, with the flag that puts the tender in the outbox index."""
    return [
        TenderModel.events.add({key}),
        TenderModel.outbox.set(PENDING),
        TenderModel.outbox_at.set(now),
    ]


def due_actions(at: datetime) -> list[Action]:
    return [TenderModel.due.set(DUE), TenderModel.due_at.set(at)]


def not_due_actions() -> list[Action]:
    return [TenderModel.due.remove(), TenderModel.due_at.remove()]


def award_actions(ranked: Ranked, index: int, confirm_by: datetime) -> list[Action]:
    return [
        TenderModel.award_index.set(index),
        TenderModel.award_bid_id.set(ranked.bid_id),
        TenderModel.award_caterer_id.set(ranked.caterer_id),
        TenderModel.award_amount.set(ranked.amount),
        TenderModel.confirm_by.set(confirm_by),
        *due_actions(confirm_by),
    ]


def completing() -> Condition:
    return status_move(frozenset({TenderStatus.CONTRACTED}), TenderStatus.COMPLETED)


def completed_actions(now: datetime) -> list[Action]:
    return [
        TenderModel.status.set(TenderStatus.COMPLETED.value),
        *not_due_actions(),
        *event_actions("completed", now),
    ]


def counted_against(now: datetime) -> dict[str, Any]:
    """The update that counts a late cancellation (or a lost dispute) against an account."""
    moments = AccountModel.late_cancellations
    return {
        "actions": [moments.set((moments | []).append([now.isoformat()]))],
        "condition": AccountModel.id.exists(),
    }


def not_practice() -> Condition:
    """Listings leave out the onboarding practice tender."""
    condition: Condition = TenderModel.practice.does_not_exist()
    return condition


def as_practice(item: TenderModel) -> TenderModel:
    """The practice tender: no ``due`` (the chronograph never sees it), no alerts."""
    item.practice = True
    item.due = item.due_at = item.events = item.outbox = item.outbox_at = None
    return item
