"""Tenders on both doors: post, list, read, extend, cancel; the tender page and its live refresh."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalicelib import i18n
from chalicelib.commands import (
    ExtendDeadline,
    GiveReason,
    LanguageQuery,
    PostTender,
    TenderQuery,
)
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import Dietary, ServiceStyle
from chalicelib.domain.errors import (
    InvalidInput,
)
from chalicelib.domain.tender import BidMode
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.routes.bidding import bid_page
from chalicelib.entrypoints.site import PageRouter, again
from chalicelib.entrypoints.tender_page import post_on_tender, tender_context
from chalicelib.entrypoints.web import Html, Raw, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import (
    browsing,
    tenders,
)
from chalicelib.services.ranking_rules import ranking_explained

NOT_EXTENDABLE = N_("The tender closed or its deadline moved meanwhile. Please look again.")
NOT_CANCELLABLE = N_("This tender can no longer be cancelled.")

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders",
    methods=["POST"],
    idempotent=True,
    body=PostTender,
    returns=(201, schemas.TenderOut),
)
def post_tender(call: Call) -> Reply:
    tender = tenders.post_tender(call.deps, call.principal, call.body(PostTender))
    return 201, schemas.TenderOut.of(tender, call.now)


@api.route("/api/tenders", methods=["GET"], query=TenderQuery, returns=(200, schemas.TenderPage))
def list_tenders(call: Call) -> Reply:
    found = tenders.list_tenders(call.deps, call.query(TenderQuery))
    return 200, schemas.TenderPage(
        items=[schemas.TenderOut.of(t, call.now) for t in found.items], next=found.next
    )


@api.route("/api/tenders/{tender_id}", methods=["GET"], returns=(200, schemas.TenderOut))
def get_tender(call: Call) -> Reply:
    tender = tenders.get_tender(call.deps, call.params["tender_id"])
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/deadline",
    methods=["POST"],
    body=ExtendDeadline,
    returns=(200, schemas.TenderOut),
)
def extend_deadline(call: Call) -> Reply:
    command = call.body(ExtendDeadline)
    tender = tenders.extend_deadline(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/cancel",
    methods=["POST"],
    body=GiveReason,
    returns=(200, schemas.TenderOut),
)
def cancel_tender(call: Call) -> Reply:
    command = call.body(GiveReason)
    tender = tenders.cancel_tender(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/ranking", methods=["GET"], query=LanguageQuery, returns=(200, schemas.RankingRules)
)
def ranking_rules(call: Call) -> Reply:
    return 200, schemas.RankingRules.model_validate(
        ranking_explained(call.query(LanguageQuery).lang)
    )


@pages.route("/tenders/new", ["GET", "POST"])
def new_tender(visit: Visit) -> Result:
    principal = visit.acting(Role.ORGANIZER)
    if visit.method == "GET":
        return Html("tender_new.html", _tender_form_context(visit, _tender_defaults(visit)))
    form = visit.form()
    try:
        command = forms.post_tender(form, visit.t)

        def post() -> str:
            return f"/tenders/{tenders.post_tender(visit.deps, principal, command).id}?done=posted"

        location = visit.once(form, post)
    except forms.Invalid as invalid:
        return again("tender_new.html", form, invalid.fields, _tender_form_context(visit, {}))
    except InvalidInput as error:
        errors = refusals.explain(visit, error)
        return again("tender_new.html", form, errors, _tender_form_context(visit, {}))
    return Redirect(location)


def _tender_defaults(visit: Visit) -> dict[str, Any]:
    today = visit.now.date()
    deadline_day, _ = i18n.local_parts(visit.now + timedelta(days=7))
    return {
        "event_date": (today + timedelta(days=30)).isoformat(),
        "deadline_date": deadline_day,
        "deadline_time": "18:00",
        "dietary": [Dietary.HALAL.value],
        "service_style": ServiceStyle.BUFFET.value,
        "mode": BidMode.SEALED.value,
        "award_criteria": "price",
        "min_bids": "1",
        "province": "",
        "event_type": "",
    }


def _tender_form_context(visit: Visit, values: dict[str, Any]) -> dict[str, Any]:
    window = visit.deps.settings.minimum_bidding_window
    return {
        "form": values,
        "today": visit.now.date().isoformat(),
        # Seconds in the deadline only where windows are that short (the local stage's 10 s).
        "time_step": 1 if window < timedelta(minutes=1) else 60,
        "min_window": i18n.duration(window, visit.language),
        "lot_rows": forms.LOT_ROWS,
        "item_rows": forms.ITEM_ROWS,
    }


@pages.route("/tenders/{tender_id}", ["GET", "POST"])
def tender(visit: Visit) -> Result:
    """The tender; caterers bid here (POST), organizers compare bids here after the close."""
    tender_id = visit.params["tender_id"]
    if visit.method == "POST":
        return bid_page(visit, tender_id)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    return Html("tender.html", tender_context(visit, screen, {}))


@pages.route("/tenders/{tender_id}/deadline", ["POST"])
def extend(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.extend_deadline(form, visit.t)
        try:
            tenders.extend_deadline(visit.deps, principal, tender_id, command)
        except InvalidInput as error:
            raise forms.Invalid(refusals.explain_extension(error, visit.t)) from error

    conflict = ("new_deadline", NOT_EXTENDABLE)
    return post_on_tender(visit, Role.ORGANIZER, act, "extended", conflict, owner=True)


@pages.route("/tenders/{tender_id}/cancel", ["POST"])
def cancel(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.give_reason(form, "cancel_reason", visit.t)
        tenders.cancel_tender(visit.deps, principal, tender_id, command)

    conflict = ("cancel_reason", NOT_CANCELLABLE)
    return post_on_tender(visit, Role.ORGANIZER, act, "cancelled", conflict, owner=True)


@pages.route("/how-ranking-works", ["GET"])
def how_ranking_works(visit: Visit) -> Result:
    """How bids are ranked, in the visitor's language (the same text as ``GET /api/ranking``)."""
    return Html("ranking.html", {"rules": ranking_explained(visit.language)})


@pages.route("/tenders/{tender_id}/live", ["GET"])
def live(visit: Visit) -> Result:
    """The countdown's and the best amount's refresh: a few bytes of JSON, in the visitor's
    language and formats, computed from the server's clock."""
    t = browsing.fresh_tender(visit.deps, visit.params["tender_id"])
    best = t.next_ceiling
    body = {
        "status": t.status.value,
        "left": max(0, int((t.bid_deadline - visit.now).total_seconds())),
        "best": i18n.money(t.best_amount, visit.language) if t.best_amount is not None else None,
        "ceiling": i18n.money(best, visit.language) if best is not None else None,
        "bids": i18n.number(len(t.bidder_ids), visit.language),
    }
    return Raw(
        json.dumps(body, ensure_ascii=False),
        "application/json; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )
