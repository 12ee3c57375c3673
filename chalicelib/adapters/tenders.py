"""Tender storage. Every state change is one conditional write checked against the lifecycle
table; nothing is read-then-write. Each change that concerns people adds an event to the
tender's outbox (``events``) in the same write, so no notice is lost if the caller dies."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import pagination
from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import (
    put_if_absent,
    transact,
    update_if,
)
from chalicelib.adapters.history import step_item, with_step
from chalicelib.adapters.models import (
    StepModel,
    TenderModel,
)
from chalicelib.adapters.tender_items import (
    DUE,
    FEED,
    PENDING,
    as_practice,
    award_actions,
    due_actions,
    event_actions,
    not_due_actions,
    not_practice,
    ranking_to_json,
    status_move,
    tender_item,
    to_domain,
)
from chalicelib.domain.catalog import (
    EventType,
    Province,
)
from chalicelib.domain.errors import NotFound
from chalicelib.domain.history import Step
from chalicelib.domain.lifecycle import CANCELLABLE, TenderStatus
from chalicelib.domain.ranking import Ranked
from chalicelib.domain.tender import Tender, TenderPage


def _stepped(tender_id: str, step: Step, actions: list[Action], condition: Condition) -> bool:
    """The tender's conditional update and its step, in one transaction."""
    tender = TenderModel(id=tender_id)
    return with_step(step, lambda tx: tx.update(tender, actions=actions, condition=condition))


class TenderRepository:
    def add_practice(self, tender: Tender, due_at: datetime) -> bool:
        """The practice tender (no history), put if absent: True when this call created it."""
        item = as_practice(tender_item(tender, due_at))
        return put_if_absent(item, TenderModel.id.does_not_exist())

    def add_order(self, order: Sequence[tuple[Tender, Step]], due_at: datetime) -> None:
        """Store a new order's tenders (one per lot), each with its first step, in one
        transaction: an order is posted whole or not at all."""

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                for tender, step in order:
                    tx.save(tender_item(tender, due_at), TenderModel.id.does_not_exist())
                    tx.save(step_item(step, None), StepModel.seq.does_not_exist())

        transact(write)

    def get(self, tender_id: str, *, consistent: bool = False) -> Tender:
        try:
            return to_domain(TenderModel.get(tender_id, consistent_read=consistent))
        except TenderModel.DoesNotExist as error:
            raise NotFound("no such tender") from error

    def page(
        self,
        status: TenderStatus | None,
        province: Province | None,
        cursor: str | None,
        limit: int,
        event_type: EventType | None = None,
    ) -> TenderPage:
        """Newest first, by status (``by-status``) or all (``feed``); province and event type
        are filters. DynamoDB applies ``limit`` before the filter, so a filtered page may hold
        fewer items than ``limit`` and still have a next cursor."""
        condition = not_practice()  # the onboarding practice tender is never listed
        if province is not None:
            condition &= TenderModel.province == province.value
        if event_type is not None:
            condition &= TenderModel.event_type == event_type.value
        if status is not None:
            start = pagination.decode(
                cursor, {"id": None, "status": status.value, "created_at": None}
            )
            result = TenderModel.status_index.query(
                status.value,
                filter_condition=condition,
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=start,
            )
        else:
            start = pagination.decode(cursor, {"id": None, "feed": FEED, "created_at": None})
            result = TenderModel.feed_index.query(
                FEED,
                filter_condition=condition,
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=start,
            )
        items, next_cursor = pagination.collect(result)
        return TenderPage([to_domain(i) for i in items], next_cursor)

    def by_ids(self, tender_ids: list[str]) -> dict[str, Tender]:
        """Tenders by id in one ``BatchGetItem`` (missing ids are simply absent)."""
        if not tender_ids:
            return {}
        return {i.id: to_domain(i) for i in TenderModel.batch_get(sorted(set(tender_ids)))}

    def by_organizer(self, organizer_id: str, limit: int = 100) -> list[Tender]:
        return [
            to_domain(i)
            for i in TenderModel.organizer_index.query(
                organizer_id, scan_index_forward=False, limit=limit
            )
        ]

    # --- the chronograph's queries --------------------------------------------------------

    def due(self, now: datetime) -> Iterator[str]:
        """Ids of tenders whose next timed step has come: a query on a sparse index, no scan."""
        for item in TenderModel.due_index.query(DUE, TenderModel.due_at <= now):
            yield item.id

    def with_pending_events(self, limit: int | None = None) -> Iterator[str]:
        """Tenders whose events' notices are not all written, oldest event first."""
        for item in TenderModel.outbox_index.query(PENDING, limit=limit):
            yield item.id

    # --- state changes --------------------------------------------------------------------

    def mark_closed(self, tender_id: str, now: datetime, step: Step) -> bool:
        """``open → closed`` once the deadline has passed; True for the one call that did it.

        From here on every bid's condition (``status = open``) fails, so the set of live bids
        is frozen before the award is computed, whatever the bidders' clocks say.
        """
        return _stepped(
            tender_id,
            step,
            [TenderModel.status.set(TenderStatus.CLOSED.value), TenderModel.closed_at.set(now)],
            status_move(frozenset({TenderStatus.OPEN}), TenderStatus.CLOSED)
            & (TenderModel.bid_deadline <= now)
            & not_practice(),  # the practice tender is never closed
        )

    def record_outcome(
        self,
        tender_id: str,
        ranking: list[Ranked],
        confirm_by: datetime,
        now: datetime,
        step: Step,
    ) -> bool:
        """``closed → awarded`` (to the best ranked bid) or ``unsuccessful`` (no ranking)."""
        target = TenderStatus.AWARDED if ranking else TenderStatus.UNSUCCESSFUL
        actions: list[Action] = [
            TenderModel.status.set(target.value),
            *event_actions("closed", now),
        ]
        if ranking:
            actions += [
                TenderModel.ranking.set(ranking_to_json(ranking)),
                *award_actions(ranking[0], 0, confirm_by),
            ]
        else:
            actions += not_due_actions()
        closed = frozenset({TenderStatus.CLOSED})
        return _stepped(tender_id, step, actions, status_move(closed, target))

    def pass_award(
        self,
        tender: Tender,
        outcome: str,
        reason: str,
        confirm_by: datetime,
        now: datetime,
        step: Step,
    ) -> bool:
        """The current award lapses (declined, rejected, timed out): the runner-up gets it, or
        the tender is unsuccessful when none remains. Conditional on the award still being the
        one the caller saw, so racing declines and timeouts pass it on once."""
        if tender.award is None:
            raise ValueError("only an awarded tender can pass its award on")
        entry = {"bid_id": tender.award.bid_id, "outcome": outcome, "reason": reason}
        entry["at"] = now.isoformat()
        actions: list[Action] = [
            TenderModel.award_log.set((TenderModel.award_log | []).append([json.dumps(entry)]))
        ]
        following = tender.runner_up()
        if following is not None:
            index = tender.award_index + 1
            target = TenderStatus.AWARDED
            actions += [
                *award_actions(following, index, confirm_by),
                *event_actions(f"passed:{index}", now),
            ]
        else:
            target = TenderStatus.UNSUCCESSFUL
            actions += [
                TenderModel.status.set(target.value),
                TenderModel.award_bid_id.remove(),
                TenderModel.award_caterer_id.remove(),
                TenderModel.award_amount.remove(),
                TenderModel.confirm_by.remove(),
                *not_due_actions(),
                *event_actions("exhausted", now),
            ]
        condition = status_move(frozenset({TenderStatus.AWARDED}), target) & (
            TenderModel.award_bid_id == tender.award.bid_id
        )
        return _stepped(tender.id, step, actions, condition)

    def cancel(
        self, tender_id: str, organizer_id: str, reason: str, now: datetime, step: Step
    ) -> bool:
        """From the status the step says (``CANCELLABLE``), by its organizer."""
        target = TenderStatus.CANCELLED
        current = frozenset({step.before}) & CANCELLABLE if step.before else frozenset()
        if not current:
            raise ValueError("a tender is cancelled from a status it can be cancelled from")
        condition = status_move(current, target) & (TenderModel.organizer_id == organizer_id)
        actions = [
            TenderModel.status.set(target.value),
            TenderModel.cancel_reason.set(reason),
            TenderModel.confirm_by.remove(),
            *not_due_actions(),
            *event_actions("cancelled", now),
        ]
        return _stepped(tender_id, step, actions, condition)

    def extend_deadline(
        self, tender: Tender, new_deadline: datetime, now: datetime, step: Step
    ) -> bool:
        """Move an open tender's deadline later, if it is still the one the organizer saw."""
        condition = (
            (TenderModel.status == TenderStatus.OPEN.value)
            & (TenderModel.organizer_id == tender.organizer_id)
            & (TenderModel.bid_deadline == tender.bid_deadline)
            & (TenderModel.bid_deadline > now)
        )
        actions = [
            TenderModel.bid_deadline.set(new_deadline),
            *due_actions(new_deadline),
            *event_actions(f"extended:{new_deadline.isoformat()}", now),
        ]
        return _stepped(tender.id, step, actions, condition)

    def event_done(self, tender_id: str, key: str) -> None:
        """Drop an event whose notices are all written; the last one takes the outbox flag."""
        TenderModel(id=tender_id).update(actions=[TenderModel.events.delete({key})])
        update_if(
            TenderModel(id=tender_id),
            [TenderModel.outbox.remove(), TenderModel.outbox_at.remove()],
            TenderModel.events.does_not_exist() & TenderModel.outbox.exists(),
        )
