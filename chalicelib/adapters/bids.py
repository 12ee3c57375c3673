"""Bid storage. A bid is one ``TransactWriteItems``: the caterer's account must be verified
(condition check), the tender must be open, before its deadline and (open mode) above the
amount (update with a condition), and the live bid and its revision are put in the same
request. Refusals are decoded from the transaction's cancellation reasons."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import refused, transact
from chalicelib.adapters.models import (
    AccountModel,
    BidModel,
    BidRevisionModel,
    RateLimitModel,
    SessionModel,
    TenderModel,
)
from chalicelib.adapters.ratelimit import hit_actions, under_limit
from chalicelib.adapters.sessions import live_condition
from chalicelib.adapters.tender_items import event_actions
from chalicelib.domain.account import Role
from chalicelib.domain.auction import OpenTerms, TenderMoved
from chalicelib.domain.bid import Bid
from chalicelib.domain.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import Delivery, DeliveryMode, Share
from chalicelib.domain.money import to_text
from chalicelib.domain.onboarding import PRACTICE_BID
from chalicelib.domain.quota import Quota
from chalicelib.domain.tender import BidMode


def offer_to_json(bid: Bid) -> str | None:
    return offer_json(bid.unit_prices, bid.delivery, bid.shares)


def offer_json(
    unit_prices: Sequence[Decimal], delivery: Delivery | None, shares: Sequence[Share]
) -> str | None:
    """A products bid's unit prices, delivery and, joint, its members' shares (a meal's bid
    has none of them)."""
    if not unit_prices and delivery is None and not shares:
        return None
    offer: dict[str, Any] = {
        "unit_prices": [to_text(p) for p in unit_prices],
        "delivery": None
        if delivery is None
        else {
            "mode": delivery.mode.value,
            "price": to_text(delivery.price),
            "lead_days": delivery.lead_days,
        },
    }
    if shares:
        offer["shares"] = [
            {
                "caterer_id": s.caterer_id,
                "amount": to_text(s.amount),
                "quantities": [str(q) for q in s.quantities],
            }
            for s in shares
        ]
    return json.dumps(offer)


def offer_of(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    data = json.loads(text)
    return {
        "unit_prices": tuple(Decimal(p) for p in data["unit_prices"]),
        "delivery": delivery_from(data["delivery"]),
        "shares": tuple(share_from(s) for s in data.get("shares", ())),
    }


def delivery_from(data: dict[str, Any] | None) -> Delivery | None:
    """A delivery as stored in JSON (a bid's offer, a contract's terms)."""
    if data is None:
        return None
    return Delivery(DeliveryMode(data["mode"]), Decimal(data["price"]), int(data["lead_days"]))


def share_from(data: dict[str, Any]) -> Share:
    """A joint bid's share as stored in JSON (a bid's offer, a contract's members)."""
    quantities = tuple(Decimal(q) for q in data["quantities"])
    return Share(data["caterer_id"], Decimal(data["amount"]), quantities)


def _bid(item: BidModel) -> Bid:
    return Bid(
        id=item.id,
        tender_id=item.tender_id,
        caterer_id=item.caterer_id,
        amount=item.amount,
        proposal=item.proposal or "",
        submitted_at=item.submitted_at,
        **offer_of(item.offer),
    )


def _revision(bid: Bid, withdrawn: bool = False) -> BidRevisionModel:
    suffix = "#withdrawn" if withdrawn else ""
    return BidRevisionModel(
        tender_id=bid.tender_id,
        revision_key=f"{bid.submitted_at.isoformat()}#{bid.id}{suffix}",
        bid_id=bid.id,
        caterer_id=bid.caterer_id,
        amount=bid.amount,
        proposal=bid.proposal,
        submitted_at=bid.submitted_at,
        offer=offer_to_json(bid),
        withdrawn=withdrawn,
    )


def _open_now(at: datetime) -> Condition:
    condition: Condition = (
        TenderModel.id.exists()
        & (TenderModel.status == TenderStatus.OPEN.value)
        & (TenderModel.bid_deadline > at)
    )
    return condition


class BidRepository:
    def place(
        self,
        bid: Bid,
        open_terms: OpenTerms | None,
        quotas: Sequence[Quota] = (),
        session_id: str = "",
    ) -> None:
        """Write the bid if, at this instant, the tender accepts it, the caller's session is
        live (when it came with one) and no rate limit is spent; else say why
        (401/403/404/409/429). The session check and the rate-limit hits ride in the same
        transaction."""
        mode = BidMode.SEALED if open_terms is None else BidMode.OPEN
        condition = _open_now(bid.submitted_at) & (TenderModel.mode == mode.value)
        actions: list[Action] = [TenderModel.bidder_ids.add({bid.caterer_id})]
        if open_terms is not None:
            condition &= TenderModel.accept_at_most.does_not_exist() | (
                TenderModel.accept_at_most >= bid.amount
            )
            condition &= (
                TenderModel.best_caterer_id.does_not_exist()
                if open_terms.seen_leader is None
                else TenderModel.best_caterer_id == open_terms.seen_leader
            )
            actions += [
                TenderModel.best_amount.set(bid.amount),
                TenderModel.best_caterer_id.set(bid.caterer_id),
                TenderModel.accept_at_most.set(open_terms.ceiling),
            ]
            if open_terms.extend_to is not None:
                condition &= TenderModel.bid_deadline == open_terms.seen_deadline
                actions += [
                    TenderModel.bid_deadline.set(open_terms.extend_to),
                    TenderModel.due_at.set(open_terms.extend_to),
                ]
            if open_terms.outbid is not None:
                actions += event_actions(open_terms.outbid, bid.submitted_at)
        try:
            transact(lambda: self._write(bid, condition, actions, quotas, session_id))
        except TransactWriteError as error:
            raise _refusal(error, bid, open_terms, quotas, session_id) from error

    @staticmethod
    def _write(
        bid: Bid,
        condition: Condition,
        actions: list[Action],
        quotas: Sequence[Quota],
        session_id: str,
    ) -> None:
        with TransactWrite(connection=dynamodb(), client_request_token=bid.id) as tx:
            tx.condition_check(
                AccountModel,
                bid.caterer_id,
                condition=(AccountModel.role == Role.CATERER.value)
                & (AccountModel.verified == True),  # noqa: E712 - a DynamoDB condition
            )
            if session_id:  # condition checks go first, in order: this one is reason 1
                tx.condition_check(
                    SessionModel,
                    session_id,
                    condition=live_condition(bid.caterer_id, bid.submitted_at),
                )
            tx.update(
                TenderModel(id=bid.tender_id),
                actions=actions,
                condition=condition,
                return_values="ALL_OLD",
            )
            tx.save(BidModel(id=bid.id, **_fields(bid)))
            tx.save(_revision(bid))
            for q in quotas:
                tx.update(
                    RateLimitModel(key=q.counter),
                    actions=hit_actions(q),
                    condition=under_limit(q),
                    return_values="ALL_OLD",
                )

    def place_practice(self, bid: Bid) -> None:
        """A bid on the onboarding practice tender: any caterer, verified or not,
        whatever the deadline, never rate limited; the caterer's ``practice-bid`` onboarding
        step is recorded in the same transaction."""
        tender_open = (
            TenderModel.id.exists()
            & (TenderModel.status == TenderStatus.OPEN.value)
            & (TenderModel.practice == True)  # noqa: E712 - a DynamoDB condition
        )

        def write() -> None:
            with TransactWrite(connection=dynamodb(), client_request_token=bid.id) as tx:
                tx.update(
                    AccountModel(id=bid.caterer_id),
                    actions=[AccountModel.learned.add({PRACTICE_BID})],
                    condition=AccountModel.role == Role.CATERER.value,
                )
                tx.update(
                    TenderModel(id=bid.tender_id),
                    actions=[TenderModel.bidder_ids.add({bid.caterer_id})],
                    condition=tender_open,
                )
                tx.save(BidModel(id=bid.id, **_fields(bid)))
                tx.save(_revision(bid))

        try:
            transact(write)
        except TransactWriteError as error:
            # reasons come as sent: the two puts, the account's update, the tender's update
            failed = refused(error)
            if len(failed) > 2 and failed[2]:
                raise Forbidden("only caterers can bid") from error
            if any(failed):
                raise NotFound("no such practice tender") from error
            raise

    def withdraw(self, bid: Bid, now: datetime) -> None:
        """Take the caterer's live bid back before the deadline. In open mode the current best
        cannot be withdrawn: the auction's price never goes back up."""
        condition = _open_now(now) & (
            (TenderModel.mode == BidMode.SEALED.value)
            | (TenderModel.best_caterer_id != bid.caterer_id)
        )
        withdrawal = Bid(bid.id, bid.tender_id, bid.caterer_id, bid.amount, "", now)

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.update(
                    TenderModel(id=bid.tender_id),
                    actions=[TenderModel.bidder_ids.delete({bid.caterer_id})],
                    condition=condition,
                    return_values="ALL_OLD",
                )
                tx.delete(
                    BidModel(tender_id=bid.tender_id, caterer_id=bid.caterer_id),
                    condition=BidModel.id == bid.id,
                )
                tx.save(_revision(withdrawal, withdrawn=True))

        try:
            transact(write)
        except TransactWriteError as error:
            raise _withdrawal_refusal(error, now) from error

    def live_bids(self, tender_id: str) -> list[Bid]:
        return [_bid(i) for i in BidModel.query(tender_id, consistent_read=True)]

    def own_bid(self, tender_id: str, caterer_id: str) -> Bid | None:
        try:
            return _bid(BidModel.get(tender_id, caterer_id, consistent_read=True))
        except BidModel.DoesNotExist:
            return None

    def revisions(self, tender_id: str) -> list[tuple[Bid, bool]]:
        """Every submission and withdrawal, oldest first, with whether it was a withdrawal."""
        return [
            (
                Bid(
                    r.bid_id,
                    r.tender_id,
                    r.caterer_id,
                    r.amount,
                    r.proposal or "",
                    r.submitted_at,
                    **offer_of(r.offer),
                ),
                bool(r.withdrawn),
            )
            for r in BidRevisionModel.query(tender_id, consistent_read=True)
        ]

    def by_caterer(self, caterer_id: str, limit: int = 100) -> list[Bid]:
        return [
            _bid(i)
            for i in BidModel.by_caterer.query(caterer_id, scan_index_forward=False, limit=limit)
        ]


def _fields(bid: Bid) -> dict[str, Any]:
    return {
        "tender_id": bid.tender_id,
        "caterer_id": bid.caterer_id,
        "amount": bid.amount,
        "proposal": bid.proposal,
        "submitted_at": bid.submitted_at,
        "offer": offer_to_json(bid),
    }


def _tender_reason(error: TransactWriteError) -> TenderModel | None:
    """The tender as it was when the write was refused, if the tender's condition failed.

    PynamoDB sends condition checks first, then deletes, puts and updates: the tender's update
    is the last reason of a bid, the first of a withdrawal; we find it by its ``Item``."""
    for reason in error.cancellation_reasons or ():
        failed = reason is not None and reason.code == "ConditionalCheckFailed"
        if failed and reason and reason.raw_item and "bid_deadline" in reason.raw_item:
            return TenderModel.from_raw_data(reason.raw_item)
    return None


def _spent(error: TransactWriteError, quotas: Sequence[Quota]) -> Quota | None:
    """The rate limit whose counter refused the bid, if one did."""
    by_counter = {q.counter: q for q in quotas}
    for reason in error.cancellation_reasons or ():
        item = reason.raw_item if reason and reason.code == "ConditionalCheckFailed" else None
        if item and "hits" in item:
            return by_counter.get(item["key"]["S"])
    return None


def _refusal(
    error: TransactWriteError,
    bid: Bid,
    terms: OpenTerms | None,
    quotas: Sequence[Quota],
    session_id: str,
) -> Exception:
    reasons = error.cancellation_reasons or [None]
    account = reasons[0]
    if account is not None and account.code == "ConditionalCheckFailed":
        return Forbidden("only verified caterers can bid")
    session = reasons[1] if session_id and len(reasons) > 1 else None
    if session is not None and session.code == "ConditionalCheckFailed":
        return Unauthorized("this session has ended: log in again")
    spent = _spent(error, quotas)
    if spent is not None:
        return RateLimited("too many requests: slow down and try again later", spent.retry_after)
    if not any(refused(error)):
        return error
    current = _tender_reason(error)
    if current is None:
        return NotFound("no such tender")
    return tender_refusal(current, bid, terms) or Conflict(CHANGED)


CHANGED = "the tender changed while bidding; try again"


def tender_refusal(current: TenderModel, bid: Bid, terms: OpenTerms | None) -> Exception | None:
    """Why the tender as it is now refuses ``bid`` placed with ``terms``, in the order of
    ``place``'s condition; None if it accepts it."""
    mode = BidMode.SEALED if terms is None else BidMode.OPEN
    if current.status != TenderStatus.OPEN.value:
        return Conflict(f"the tender is {current.status}, not open for bids")
    if current.bid_deadline <= bid.submitted_at:
        return Conflict("the bidding deadline has passed")
    if current.mode != mode.value:
        return Conflict(CHANGED)
    if terms is None:
        return None
    if current.accept_at_most is not None and current.accept_at_most < bid.amount:
        return Conflict(f"an open-mode bid must be at most {to_text(current.accept_at_most)} MAD")
    if current.best_caterer_id != terms.seen_leader:
        return TenderMoved()
    if terms.extend_to is not None and current.bid_deadline != terms.seen_deadline:
        return TenderMoved()
    return None


def _withdrawal_refusal(error: TransactWriteError, now: datetime) -> Exception:
    current = _tender_reason(error)
    if current is None:
        return Conflict("your bid changed meanwhile; look again before withdrawing")
    if current.status != TenderStatus.OPEN.value or current.bid_deadline <= now:
        return Conflict("bidding has ended: a bid can no longer be withdrawn")
    return Conflict("the best bid of an open auction cannot be withdrawn")
