"""The award on both doors: the winner confirms or declines, the organizer may reject it."""

from __future__ import annotations

from chalicelib.commands import (
    GiveReason,
)
from chalicelib.domain.account import Principal, Role
from chalicelib.entrypoints import forms, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.tender_page import post_on_tender
from chalicelib.entrypoints.web import Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import (
    awards,
)

AWARD_MOVED = N_("The award lapsed or changed meanwhile. Please look again.")

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders/{tender_id}/award/confirm", methods=["POST"], returns=(200, schemas.TenderOut)
)
def confirm_award(call: Call) -> Reply:
    tender = awards.confirm(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/award/decline", methods=["POST"], returns=(200, schemas.TenderOut)
)
def decline_award(call: Call) -> Reply:
    tender = awards.decline(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/award/reject",
    methods=["POST"],
    body=GiveReason,
    returns=(200, schemas.TenderOut),
)
def reject_award(call: Call) -> Reply:
    command = call.body(GiveReason)
    tender = awards.reject(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@pages.route("/tenders/{tender_id}/award/confirm", ["POST"])
def confirm_award_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        awards.confirm(visit.deps, principal, tender_id)

    return post_on_tender(visit, Role.CATERER, act, "confirmed", ("award", AWARD_MOVED))


@pages.route("/tenders/{tender_id}/award/decline", ["POST"])
def decline_award_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        awards.decline(visit.deps, principal, tender_id)

    return post_on_tender(visit, Role.CATERER, act, "declined", ("award", AWARD_MOVED))


@pages.route("/tenders/{tender_id}/award/reject", ["POST"])
def reject_award_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.give_reason(form, "reject_reason", visit.t)
        awards.reject(visit.deps, principal, tender_id, command)

    conflict = ("reject_reason", AWARD_MOVED)
    return post_on_tender(visit, Role.ORGANIZER, act, "rejected", conflict, owner=True)
