"""Place and read bids."""

from __future__ import annotations

import uuid

from chalicelib.commands import PlaceBid
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.bid import Bid, check_amount, rank
from chalicelib.domain.errors import Forbidden
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import BidMode, highest_acceptable
from chalicelib.services.deps import Deps


def place_bid(deps: Deps, principal: Principal, tender_id: str, command: PlaceBid) -> Bid:
    """Submit or revise the caterer's live bid: one read of the tender's fixed terms, one write.

    The read only learns the mode and step, which never change; whether the tender is open,
    before its deadline and above the amount is decided by the write's condition, at the
    server's clock, so concurrent bids can neither be lost nor slip past the deadline.
    """
    principal.require(Role.CATERER)
    tender = deps.tenders.get(tender_id)
    bid = Bid(
        id=str(uuid.uuid4()),
        tender_id=tender.id,
        caterer_id=principal.account_id,
        amount=check_amount(command.amount_mad),
        proposal=command.proposal,
        submitted_at=deps.clock(),
    )
    open_ceiling = None
    if tender.mode is BidMode.OPEN:
        open_ceiling = highest_acceptable(bid.amount, tender.draft.min_decrement)
    deps.tenders.place_bid(bid, open_ceiling)
    return bid


def visible_bids(deps: Deps, principal: Principal, tender_id: str) -> list[Bid]:
    """The organizer sees every live bid, ranked, once bidding is over; a caterer its own."""
    tender = deps.tenders.get(tender_id)
    if principal.role is Role.CATERER:
        own = deps.tenders.own_bid(tender_id, principal.account_id)
        return [own] if own else []
    if principal.account_id != tender.organizer_id:
        raise Forbidden("only the tender's organizer and its bidders see bids")
    if tender.status in (TenderStatus.DRAFT, TenderStatus.OPEN):
        raise Forbidden("bids are visible to the organizer once the tender has closed")
    return rank(deps.tenders.live_bids(tender_id))
