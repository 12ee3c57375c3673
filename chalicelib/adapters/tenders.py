"""Tender and bid storage. Every state change is one conditional write; nothing is read-then-write.

A bid is one ``TransactWriteItems``: the caterer's account must be verified (condition check),
the tender must be open, before its deadline and (open mode) above the amount (update with a
condition), and the live bid and its revision are put in the same request.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import pagination
from chalicelib.adapters.models import (
    AccountModel,
    BidModel,
    BidRevisionModel,
    TenderModel,
)
from chalicelib.domain.account import Role
from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import Dietary, EventType, Province, ServiceStyle
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.lifecycle import TenderStatus, check_move
from chalicelib.domain.money import to_text
from chalicelib.domain.tender import Award, BidMode, Tender, TenderDraft

DUE = "due"
FEED = "tenders"
PENDING = "pending"
TRANSACTION_ATTEMPTS = 6


@dataclass(frozen=True)
class Page:
    items: list[Tender]
    next: str | None


def _to_domain(item: TenderModel) -> Tender:
    award = None
    if item.award_bid_id and item.award_caterer_id and item.award_amount is not None:
        award = Award(item.award_bid_id, item.award_caterer_id, item.award_amount)
    draft = TenderDraft(
        title=item.title,
        event_type=EventType(item.event_type),
        event_date=date.fromisoformat(item.event_date),
        province=Province(item.province),
        venue=item.venue,
        guests=int(item.guests),
        menu=tuple(str(x) for x in item.menu or ()),
        dietary=tuple(Dietary(str(d)) for d in item.dietary or ()),
        service_style=ServiceStyle(item.service_style),
        mode=BidMode(item.mode),
        bid_deadline=item.bid_deadline,
        budget_max=item.budget_max,
        min_decrement=item.min_decrement,
    )
    return Tender(
        id=item.id,
        organizer_id=item.organizer_id,
        draft=draft,
        status=TenderStatus(item.status),
        created_at=item.created_at,
        bid_deadline=item.bid_deadline,
        best_amount=item.best_amount,
        bidder_ids=frozenset(item.bidder_ids or ()),
        award=award,
        closed_at=item.closed_at,
        notices_pending=item.outbox == PENDING,
    )


def _bid(item: BidModel) -> Bid:
    return Bid(
        id=item.id,
        tender_id=item.tender_id,
        caterer_id=item.caterer_id,
        amount=item.amount,
        proposal=item.proposal or "",
        submitted_at=item.submitted_at,
    )


def _is_transaction_conflict(error: TransactWriteError) -> bool:
    return any(r and r.code == "TransactionConflict" for r in error.cancellation_reasons or ())


class TenderRepository:
    def __init__(self, connection: Connection | None = None) -> None:
        self._connection = connection or Connection()

    # --- tenders --------------------------------------------------------------------------

    def add(self, tender: Tender) -> None:
        d = tender.draft
        TenderModel(
            id=tender.id,
            organizer_id=tender.organizer_id,
            title=d.title,
            event_type=d.event_type.value,
            event_date=d.event_date.isoformat(),
            province=d.province.value,
            venue=d.venue,
            guests=d.guests,
            menu=list(d.menu),
            dietary=[x.value for x in d.dietary],
            service_style=d.service_style.value,
            mode=d.mode.value,
            budget_max=d.budget_max,
            min_decrement=d.min_decrement,
            status=tender.status.value,
            created_at=tender.created_at,
            bid_deadline=tender.bid_deadline,
            due=DUE,
        ).save(condition=TenderModel.id.does_not_exist())

    def get(self, tender_id: str, *, consistent: bool = False) -> Tender:
        try:
            return _to_domain(TenderModel.get(tender_id, consistent_read=consistent))
        except TenderModel.DoesNotExist as error:
            raise NotFound("no such tender") from error

    def page(
        self,
        status: TenderStatus | None,
        province: Province | None,
        cursor: str | None,
        limit: int,
    ) -> Page:
        """Newest first, by status (``by-status``) or all (``feed``); province is a filter."""
        condition = TenderModel.province == province.value if province else None
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
        items, cursor = pagination.collect(result)
        return Page([_to_domain(i) for i in items], cursor)

    def by_organizer(self, organizer_id: str, limit: int = 100) -> list[Tender]:
        return [
            _to_domain(i)
            for i in TenderModel.organizer_index.query(
                organizer_id, scan_index_forward=False, limit=limit
            )
        ]

    # --- bids -----------------------------------------------------------------------------

    def place_bid(self, bid: Bid, open_ceiling: Decimal | None) -> None:
        """Write the bid if, at this instant, the tender accepts it; else say why (403/404/409).

        ``open_ceiling`` is given for open-mode tenders only: the highest amount the *next* bid
        may have once this one is the best. The caller computes it from this bid's amount
        alone, so the write needs no read of the current best.
        """
        mode = BidMode.SEALED if open_ceiling is None else BidMode.OPEN
        tender = TenderModel(id=bid.tender_id)
        condition = (
            TenderModel.id.exists()
            & (TenderModel.status == TenderStatus.OPEN.value)
            & (TenderModel.bid_deadline > bid.submitted_at)
            & (TenderModel.mode == mode.value)
        )
        actions: list[Action] = [TenderModel.bidder_ids.add({bid.caterer_id})]
        if open_ceiling is not None:
            condition &= TenderModel.accept_at_most.does_not_exist() | (
                TenderModel.accept_at_most >= bid.amount
            )
            actions += [
                TenderModel.best_amount.set(bid.amount),
                TenderModel.accept_at_most.set(open_ceiling),
            ]
        for attempt in range(TRANSACTION_ATTEMPTS):
            try:
                self._write_bid(bid, tender, condition, actions)
                return
            except TransactWriteError as error:
                if not _is_transaction_conflict(error) or attempt == TRANSACTION_ATTEMPTS - 1:
                    raise self._bid_refusal(error, bid) from error
                time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter

    def _write_bid(
        self,
        bid: Bid,
        tender: TenderModel,
        condition: Condition,
        actions: list[Action],
    ) -> None:
        with TransactWrite(connection=self._connection, client_request_token=bid.id) as tx:
            tx.condition_check(
                AccountModel,
                bid.caterer_id,
                condition=(AccountModel.role == Role.CATERER.value)
                & (AccountModel.verified == True),  # noqa: E712 - a DynamoDB condition
            )
            tx.update(tender, actions=actions, condition=condition, return_values="ALL_OLD")
            fields: dict[str, Any] = {
                "tender_id": bid.tender_id,
                "caterer_id": bid.caterer_id,
                "amount": bid.amount,
                "proposal": bid.proposal,
                "submitted_at": bid.submitted_at,
            }
            tx.save(BidModel(id=bid.id, **fields))
            revision_key = f"{bid.submitted_at.isoformat()}#{bid.id}"
            tx.save(BidRevisionModel(revision_key=revision_key, bid_id=bid.id, **fields))

    @staticmethod
    def _bid_refusal(error: TransactWriteError, bid: Bid) -> Exception:
        # PynamoDB sends condition checks first, then puts, then updates: the account check is
        # the first reason and the tender update the last.
        reasons = error.cancellation_reasons or [None]
        account, tender = reasons[0], reasons[-1]
        if account is not None and account.code == "ConditionalCheckFailed":
            return Forbidden("only verified caterers can bid")
        if tender is None or tender.code != "ConditionalCheckFailed":
            return error
        if not tender.raw_item:
            return NotFound("no such tender")
        current = TenderModel.from_raw_data(tender.raw_item)
        if current.status != TenderStatus.OPEN.value:
            return Conflict(f"the tender is {current.status}, not open for bids")
        if current.bid_deadline <= bid.submitted_at:
            return Conflict("the bidding deadline has passed")
        if current.accept_at_most is not None:
            return Conflict(
                f"an open-mode bid must be at most {to_text(current.accept_at_most)} MAD"
            )
        return Conflict("the tender's mode changed; try again")

    def live_bids(self, tender_id: str) -> list[Bid]:
        return [_bid(i) for i in BidModel.query(tender_id, consistent_read=True)]

    def own_bid(self, tender_id: str, caterer_id: str) -> Bid | None:
        try:
            return _bid(BidModel.get(tender_id, caterer_id, consistent_read=True))
        except BidModel.DoesNotExist:
            return None

    def revisions(self, tender_id: str) -> list[Bid]:
        return [
            Bid(r.bid_id, r.tender_id, r.caterer_id, r.amount, r.proposal or "", r.submitted_at)
            for r in BidRevisionModel.query(tender_id, consistent_read=True)
        ]

    # --- closing --------------------------------------------------------------------------

    def due(self, now: datetime) -> Iterator[str]:
        """Ids of tenders past their deadline and not yet decided: a query on a sparse index."""
        for item in TenderModel.due_index.query(DUE, TenderModel.bid_deadline <= now):
            yield item.id

    def with_pending_notices(self) -> Iterator[str]:
        for item in TenderModel.outbox_index.query(PENDING):
            yield item.id

    def mark_closed(self, tender_id: str, now: datetime) -> bool:
        """``open → closed`` once the deadline has passed; True for the one call that did it.

        From here on every bid's condition (``status = open``) fails, so the set of live bids
        is frozen before the award is computed, whatever the bidders' clocks say.
        """
        check_move(TenderStatus.OPEN, TenderStatus.CLOSED)
        return self._conditional_update(
            tender_id,
            [TenderModel.status.set(TenderStatus.CLOSED.value), TenderModel.closed_at.set(now)],
            (TenderModel.status == TenderStatus.OPEN.value) & (TenderModel.bid_deadline <= now),
        )

    def record_outcome(self, tender_id: str, award: Award | None) -> bool:
        """``closed → awarded|unsuccessful`` with the outbox flag set in the same write."""
        target = TenderStatus.AWARDED if award else TenderStatus.UNSUCCESSFUL
        check_move(TenderStatus.CLOSED, target)
        actions: list[Action] = [
            TenderModel.status.set(target.value),
            TenderModel.due.remove(),
            TenderModel.outbox.set(PENDING),
        ]
        if award:
            actions += [
                TenderModel.award_bid_id.set(award.bid_id),
                TenderModel.award_caterer_id.set(award.caterer_id),
                TenderModel.award_amount.set(award.amount),
            ]
        return self._conditional_update(
            tender_id, actions, TenderModel.status == TenderStatus.CLOSED.value
        )

    def notices_written(self, tender_id: str) -> None:
        self._conditional_update(
            tender_id, [TenderModel.outbox.remove()], TenderModel.outbox.exists()
        )

    @staticmethod
    def _conditional_update(tender_id: str, actions: list[Action], condition: Condition) -> bool:
        try:
            TenderModel(id=tender_id).update(actions=actions, condition=condition)
        except UpdateError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True
