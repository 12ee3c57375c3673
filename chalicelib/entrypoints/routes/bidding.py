"""Bids on both doors: place or revise, see, withdraw."""

from __future__ import annotations

from typing import Any

from chalicelib import i18n
from chalicelib.commands import (
    PlaceBid,
    ProposeJointBid,
)
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import (
    OVER_BUDGET,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)
from chalicelib.domain.tender import Tender
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter, again
from chalicelib.entrypoints.tender_page import post_on_tender, tender_context
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import (
    bidding,
    browsing,
    joint_bids,
)

NOT_VERIFIED = N_("Walima checks every caterer before its first bid: yours is being checked.")
BID_CLOSED = N_("Bidding on this tender has closed.")
BID_TOO_HIGH = N_("In this open auction, your bid must be at most %(amount)s.")
BID_OVER_BUDGET = N_("The organizer's maximum budget is %(amount)s: bid at most that.")
BID_RACED = N_("The tender changed meanwhile. Please look again and bid.")
JOINT_MOVED = N_(
    "This joint bid changed, or bidding has closed: look at it again before you confirm."
)
NO_WITHDRAWAL = N_(
    "This bid can no longer be withdrawn: bidding has ended, or it is the best bid of the auction."
)

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders/{tender_id}/bids",
    methods=["POST"],
    idempotent=True,
    body=PlaceBid,
    returns=(201, schemas.BidOut),
    counts="Bids",
    session_in_write=True,
)
def place_bid(call: Call) -> Reply:
    bid = bidding.place_bid(
        call.deps, call.principal, call.params["tender_id"], call.body(PlaceBid), call.source
    )
    return 201, schemas.BidOut.of(bid)


@api.route("/api/tenders/{tender_id}/bids", methods=["GET"], returns=(200, schemas.BidPage))
def list_bids(call: Call) -> Reply:
    lines = bidding.visible_bids(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.BidPage(
        items=[schemas.BidOut.of(line.bid, line) for line in lines], next=None
    )


@api.route(
    "/api/tenders/{tender_id}/bids/mine",
    methods=["DELETE"],
    returns=(200, schemas.WithdrawnOut),
)
def withdraw_bid(call: Call) -> Reply:
    bid = bidding.withdraw_bid(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.WithdrawnOut(withdrawn=schemas.BidOut.of(bid))


@api.route(
    "/api/tenders/{tender_id}/joint-bids",
    methods=["POST"],
    body=ProposeJointBid,
    returns=(201, schemas.JointBidOut),
)
def propose_joint_bid(call: Call) -> Reply:
    """A lead cooperative invites partners to bid together on a products lot, each with its
    share; proposing again replaces the pending invitation."""
    command = call.body(ProposeJointBid)
    tender_id = call.params["tender_id"]
    joint = joint_bids.propose(call.deps, call.principal, tender_id, command, call.source)
    return 201, schemas.JointBidOut.of(joint)


@api.route(
    "/api/tenders/{tender_id}/joint-bids", methods=["GET"], returns=(200, schemas.JointBidPage)
)
def list_joint_bids(call: Call) -> Reply:
    """The joint bids on the lot that the caterer leads or is invited to."""
    found = joint_bids.concerning(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.JointBidPage(items=[schemas.JointBidOut.of(j) for j in found], next=None)


@api.route(
    "/api/tenders/{tender_id}/joint-bids/{lead_id}/confirmation",
    methods=["POST"],
    returns=(200, schemas.JointBidOut),
)
def confirm_joint_bid(call: Call) -> Reply:
    """A partner agrees to its share; the last agreement places the bid, the lead's."""
    joint = joint_bids.confirm(
        call.deps, call.principal, call.params["tender_id"], call.params["lead_id"], call.source
    )
    return 200, schemas.JointBidOut.of(joint)


def bid_page(visit: Visit, tender_id: str) -> Result:
    principal = visit.acting(Role.CATERER)
    form = visit.form()
    errors: dict[str, str]
    status, reason = 422, ""
    try:
        command = forms.place_bid(form, visit.t, forms.lot_items(form))

        def place() -> str:
            bidding.place_bid(visit.deps, principal, tender_id, command, visit.source)
            return f"/tenders/{tender_id}?done=bid"

        return Redirect(visit.once(form, place))
    except forms.Invalid as invalid:
        errors = invalid.fields
    except RateLimited as error:
        errors, status = refusals.explain(visit, error), 429
    except Forbidden:
        errors, status = {refusals.GENERAL: visit.t(NOT_VERIFIED)}, 403
    except Conflict as error:
        errors, status, reason = {}, 409, error.reason  # said below, with today's tender
    except InvalidInput as error:
        errors = refusals.explain(visit, error)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    if status == 409:
        errors = {"amount_mad": _bid_conflict(visit, screen.tender, reason)}
    context = tender_context(visit, screen, form.values())
    context["errors"] = errors
    return Html("tender.html", context, status)


def _bid_conflict(visit: Visit, now_tender: Tender, reason: str) -> str:
    """Why the bid was refused, said with today's numbers."""
    budget = now_tender.draft.budget_max
    if reason == OVER_BUDGET and budget is not None:
        return visit.t(BID_OVER_BUDGET, amount=i18n.money(budget, visit.language))
    if not now_tender.is_open_at(visit.deps.clock()):
        return visit.t(BID_CLOSED)
    ceiling = now_tender.next_ceiling
    if ceiling is not None:
        return visit.t(BID_TOO_HIGH, amount=i18n.money(ceiling, visit.language))
    return visit.t(BID_RACED)


@pages.route("/tenders/{tender_id}/withdraw", ["POST"])
def withdraw(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        bidding.withdraw_bid(visit.deps, principal, tender_id)

    return post_on_tender(visit, Role.CATERER, act, "withdrawn", ("withdraw", NO_WITHDRAWAL))


# --- joint bids' pages: the lead's form on a page of its own, the partners' yes on the lot's --


def _joint_context(visit: Visit, tender_id: str) -> dict[str, Any]:
    tender = browsing.fresh_tender(visit.deps, tender_id)
    if tender.lot is None:
        raise NotFound("only a products lot is bid on together")
    return {"tender": tender, "share_rows": forms.SHARE_ROWS, "form": {}, "errors": {}}


@pages.route("/tenders/{tender_id}/joint-bids/new", ["GET"])
def new_joint_bid_page(visit: Visit) -> Result:
    """The lead's form: the bid, and each member's share of the lot."""
    visit.acting(Role.CATERER)
    return Html("joint_bid.html", _joint_context(visit, visit.params["tender_id"]))


@pages.route("/tenders/{tender_id}/joint-bids", ["POST"])
def propose_joint_bid_page(visit: Visit) -> Result:
    principal, tender_id = visit.acting(Role.CATERER), visit.params["tender_id"]
    form = visit.form()
    context = _joint_context(visit, tender_id)
    status = 422
    try:
        command = forms.propose_joint_bid(
            form,
            visit.t,
            forms.lot_items(form),
            principal.account_id,
            lambda login: joint_bids.partner_by_login(visit.deps, login),
        )

        def propose() -> str:
            joint_bids.propose(visit.deps, principal, tender_id, command, visit.source)
            return f"/tenders/{tender_id}?done=joint_proposed"

        return Redirect(visit.once(form, propose))
    except forms.Invalid as invalid:
        errors = invalid.fields
    except RateLimited as error:
        errors, status = refusals.explain(visit, error), 429
    except Forbidden:
        errors, status = {refusals.GENERAL: visit.t(NOT_VERIFIED)}, 403
    except Conflict:
        errors, status = {refusals.GENERAL: visit.t(BID_CLOSED)}, 409
    except InvalidInput as error:
        errors = refusals.explain(visit, error)
    return again("joint_bid.html", form, errors, context, status=status)


@pages.route("/tenders/{tender_id}/joint-bids/{lead_id}/confirmation", ["POST"])
def confirm_joint_bid_page(visit: Visit) -> Result:
    """A partner's yes, from the lot's page."""

    def agree(form: Form, principal: Principal) -> None:
        p = visit.params
        joint_bids.confirm(visit.deps, principal, p["tender_id"], p["lead_id"], visit.source)

    return post_on_tender(visit, Role.CATERER, agree, "joint_confirmed", ("joint", JOINT_MOVED))
