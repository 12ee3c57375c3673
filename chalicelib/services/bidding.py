"""Place, withdraw and read bids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from chalicelib.commands import PlaceBid
from chalicelib.commands.tenders import DeliveryIn
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.auction import OpenTerms, TenderMoved, extended_deadline
from chalicelib.domain.bid import Bid, Offer, check_amount
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import Delivery, check_offer
from chalicelib.domain.notices import outbid_event
from chalicelib.domain.tender import BidMode, Tender, highest_acceptable
from chalicelib.services import schedule, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.throttles import Throttle

READ_ATTEMPTS = 3


@dataclass(frozen=True)
class BidLine:
    """A bid as the organizer compares them after close: with its rank and score."""

    bid: Bid
    rank: int | None
    score: Decimal | None
    quality: Decimal | None


def place_bid(
    deps: Deps,
    principal: Principal,
    tender_id: str,
    command: PlaceBid,
    source: str,
) -> Bid:
    """Submit or revise the caterer's live bid: one read of the tender, one conditional write.

    Whether the tender is open, before its deadline and above the amount is decided by the
    write's condition at the server's clock, so concurrent bids can neither be lost nor slip
    past the deadline. The read gives the mode, the step and, for anti-sniping, the deadline
    the extension is computed from; if another bid moved that deadline first, read again.
    The bid's rate limits (per caterer, and per ``source``, the client's address) ride in the
    same write.
    """
    principal.require(Role.CATERER)
    offer = offer_of(command)
    return submit(deps, principal, lot_of(deps, tender_id, command.lot_id), offer, source)


def offer_of(command: PlaceBid) -> Offer:
    """The bid's offer, parsed (a joint bid's shares aside)."""
    return Offer(
        check_amount(command.amount_mad),
        command.proposal,
        tuple(command.unit_prices_mad),
        None if command.delivery is None else _delivery(command.delivery),
    )


def _delivery(sent: DeliveryIn) -> Delivery:
    return Delivery(sent.mode, sent.price_mad, sent.lead_days)


def lot_of(deps: Deps, tender_id: str, lot_id: str | None) -> str:
    """The lot a bid names (one of the order's), else the tender in its path."""
    return deps.tenders.get(tender_id).lot_for(lot_id) if lot_id else tender_id


def check_on(tender: Tender, offer: Offer) -> None:
    """What the tender asks of any offer on it: within its budget, priced as its lot says."""
    tender.check_within_budget(offer.amount)
    check_offer(tender.lot, offer.amount, offer.unit_prices, offer.delivery)


def submit(
    deps: Deps,
    principal: Principal,
    tender_id: str,
    offer: Offer,
    source: str,
    bid_id: str | None = None,
) -> Bid:
    """Write ``offer`` as the caterer's live bid on the tender (``place_bid``'s write); a
    joint bid's ``bid_id`` is the same however often it is placed."""
    quotas = throttles.quotas(deps, Throttle.BID, source, principal.account_id)
    for _ in range(READ_ATTEMPTS):
        tender = deps.tenders.get(tender_id)
        check_on(tender, offer)
        bid = Bid(
            bid_id or str(uuid.uuid4()),
            tender.id,
            principal.account_id,
            offer.amount,
            offer.proposal,
            deps.clock(),
            offer.unit_prices,
            offer.delivery,
            offer.shares,
        )
        if tender.practice:  # any caterer, no quota, no deadline, nobody is told
            deps.bids.place_practice(bid)
            return bid
        terms = _open_terms(deps, tender, bid)
        try:
            deps.bids.place(bid, terms, quotas, principal.session_id)
        except TenderMoved:
            continue
        if terms is not None and terms.extend_to is not None:
            schedule.wake(deps, tender.id, terms.extend_to)
        return bid
    raise Conflict("the auction is moving fast: the deadline changed; bid again")


def _open_terms(deps: Deps, tender: Tender, bid: Bid) -> OpenTerms | None:
    if tender.mode is not BidMode.OPEN:
        return None
    extend_to = extended_deadline(
        tender.bid_deadline, tender.original_deadline, bid.submitted_at, deps.settings.sniping
    )
    deadline = extend_to or tender.bid_deadline
    return OpenTerms(
        ceiling=highest_acceptable(bid.amount, tender.draft.min_decrement),
        seen_deadline=tender.bid_deadline,
        extend_to=extend_to,
        seen_leader=tender.best_caterer_id,
        outbid=outbid_event(tender.best_caterer_id, bid.caterer_id, deadline, bid.submitted_at),
    )


def withdraw_bid(deps: Deps, principal: Principal, tender_id: str) -> Bid:
    principal.require(Role.CATERER)
    own = deps.bids.own_bid(tender_id, principal.account_id)
    if own is None:
        deps.tenders.get(tender_id)  # 404 for a tender that does not exist
        raise NotFound("you have no live bid on this tender")
    deps.bids.withdraw(own, deps.clock())
    return own


def visible_bids(deps: Deps, principal: Principal, tender_id: str) -> list[BidLine]:
    """The organizer sees every live bid with its rank and score once bidding is over;
    a caterer sees only its own; anyone else nothing."""
    tender = deps.tenders.get(tender_id)
    if principal.role is Role.CATERER:
        own = deps.bids.own_bid(tender_id, principal.account_id)
        return [BidLine(own, None, None, None)] if own else []
    if principal.account_id != tender.organizer_id:
        raise Forbidden("only the tender's organizer and its bidders see bids")
    if tender.status in (TenderStatus.DRAFT, TenderStatus.OPEN):
        raise Forbidden("bids are visible to the organizer once the tender has closed")
    live = {b.id: b for b in deps.bids.live_bids(tender_id)}
    places = {r.bid_id: (i + 1, r) for i, r in enumerate(tender.ranking)}
    lines = [
        BidLine(bid, places[bid.id][0], places[bid.id][1].score, places[bid.id][1].quality)
        if bid.id in places
        else BidLine(bid, None, None, None)
        for bid in live.values()
    ]
    return sorted(lines, key=lambda line: (line.rank or len(live) + 1, line.bid.submitted_at))
