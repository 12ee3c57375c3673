"""Disputes on both doors: a party opens one from its contract, admins decide them."""

from __future__ import annotations

import urllib.parse
from functools import partial

from chalicelib.commands import DecideDispute, DisputesQuery, GiveReason
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Conflict
from chalicelib.entrypoints import forms, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.render import DONE
from chalicelib.entrypoints.routes.contracts import post_on_contract
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import disputes

NOT_NOW = N_("A dispute is already open, or the 14 days after the event are over.")
DECIDED = N_("This dispute is already decided.")

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders/{tender_id}/dispute",
    methods=["POST"],
    body=GiveReason,
    returns=(201, schemas.DisputeOut),
)
def open_dispute(call: Call) -> Reply:
    command = call.body(GiveReason)
    opened = disputes.open_dispute(call.deps, call.principal, call.params["tender_id"], command)
    return 201, schemas.DisputeOut.of(opened)


@api.route(
    "/api/admin/disputes", methods=["GET"], query=DisputesQuery, returns=(200, schemas.DisputePage)
)
def admin_disputes(call: Call) -> Reply:
    found, next_cursor = disputes.queue(call.deps, call.principal, call.query(DisputesQuery).cursor)
    return 200, schemas.DisputePage(
        items=[schemas.DisputeOut.of(d) for d in found], next=next_cursor
    )


@api.route(
    "/api/admin/disputes/{dispute_id}/decision",
    methods=["POST"],
    body=DecideDispute,
    returns=(200, schemas.DisputeOut),
)
def decide_dispute(call: Call) -> Reply:
    command = call.body(DecideDispute)
    decided = disputes.decide(call.deps, call.principal, call.params["dispute_id"], command)
    return 200, schemas.DisputeOut.of(decided)


# --- pages ---------------------------------------------------------------------------------


@pages.route("/tenders/{tender_id}/contract/dispute", ["POST"])
def open_dispute_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def dispute(command: GiveReason, principal: Principal) -> str:
        disputes.open_dispute(visit.deps, principal, tender_id, command)
        return f"/tenders/{tender_id}/contract?done=disputed"

    parse = partial(forms.give_reason, name="dispute_reason", t=visit.t)
    refusals = [(Conflict, ("dispute_reason", NOT_NOW))]
    return post_on_contract(visit, None, parse, dispute, refusals)


@pages.route("/admin/disputes", ["GET"])
def admin_disputes_page(
    visit: Visit, errors: dict[str, str] | None = None, status: int = 200
) -> Result:
    """The queue, open disputes first, each with its decision form."""
    principal = visit.acting(Role.ADMIN)
    found, next_cursor = disputes.queue(visit.deps, principal, visit.query("cursor") or None)
    more = f"/admin/disputes?{urllib.parse.urlencode({'cursor': next_cursor})}"
    done = visit.query("done")
    context = {
        "disputes": found,
        "more": more if next_cursor else None,
        "done": visit.t(DONE[done]) if done == "decided" else None,
        "errors": errors or {},
    }
    return Html("admin_disputes.html", context, status)


@pages.route("/admin/disputes/{dispute_id}/decision", ["POST"])
def decide_dispute_page(visit: Visit) -> Result:
    principal = visit.acting(Role.ADMIN)
    dispute_id = visit.params["dispute_id"]
    form = visit.form()
    try:
        command = forms.decide_dispute(form, visit.t)

        def decide() -> str:
            disputes.decide(visit.deps, principal, dispute_id, command)
            return "/admin/disputes?done=decided"

        return Redirect(visit.once(form, decide))
    except forms.Invalid as invalid:
        problem, status = " ".join(invalid.fields.values()), 422
    except Conflict:
        problem, status = visit.t(DECIDED), 409
    return admin_disputes_page(visit, {dispute_id: problem}, status)
