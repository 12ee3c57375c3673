"""Walima's Lambda entry: routes, schedules and functions only. The work is in ``chalicelib``."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, Rate, Response

from chalicelib.commands import InboxQuery, LogIn, PlaceBid, PostTender, SignUp, TenderQuery
from chalicelib.entrypoints import jobs, views
from chalicelib.entrypoints.api import Api, Call, Reply, not_found_response
from chalicelib.entrypoints.pages import page
from chalicelib.services import accounts, bidding, notifications, tenders
from chalicelib.settings import settings

app = Chalice(app_name="walima")
api = Api(app)


# --- accounts -----------------------------------------------------------------------------


@api.route("/api/accounts", methods=["POST"], idempotent=True)
def sign_up(call: Call) -> Reply:
    return 201, views.account_view(accounts.sign_up(call.deps, call.body(SignUp)))


@api.route("/api/sessions", methods=["POST"])
def log_in(call: Call) -> Reply:
    session = accounts.log_in(call.deps, call.body(LogIn))
    return 200, {"token": session.token, "account": views.account_view(session.account)}


@api.route("/api/me", methods=["GET"])
def me(call: Call) -> Reply:
    return 200, views.account_view(accounts.me(call.deps, call.principal))


@api.route("/api/me/notifications", methods=["GET"])
def my_notifications(call: Call) -> Reply:
    items, cursor = notifications.inbox(call.deps, call.principal, call.query(InboxQuery))
    return 200, {"items": [views.inbox_view(i) for i in items], "next": cursor}


@api.route("/api/caterers/{caterer_id}/verification", methods=["POST"])
def verify_caterer(call: Call) -> Reply:
    caterer = accounts.verify_caterer(call.deps, call.principal, call.params["caterer_id"])
    return 200, views.account_view(caterer)


# --- tenders and bids ---------------------------------------------------------------------


@api.route("/api/tenders", methods=["POST"], idempotent=True)
def post_tender(call: Call) -> Reply:
    tender = tenders.post_tender(call.deps, call.principal, call.body(PostTender))
    return 201, views.tender_view(tender, call.now)


@api.route("/api/tenders", methods=["GET"])
def list_tenders(call: Call) -> Reply:
    found = tenders.list_tenders(call.deps, call.query(TenderQuery))
    return 200, {"items": [views.tender_view(t, call.now) for t in found.items], "next": found.next}


@api.route("/api/tenders/{tender_id}", methods=["GET"])
def get_tender(call: Call) -> Reply:
    return 200, views.tender_view(tenders.get_tender(call.deps, call.params["tender_id"]), call.now)


@api.route("/api/tenders/{tender_id}/bids", methods=["POST"], idempotent=True)
def place_bid(call: Call) -> Reply:
    bid = bidding.place_bid(
        call.deps, call.principal, call.params["tender_id"], call.body(PlaceBid)
    )
    return 201, views.bid_view(bid)


@api.route("/api/tenders/{tender_id}/bids", methods=["GET"])
def list_bids(call: Call) -> Reply:
    bids = bidding.visible_bids(call.deps, call.principal, call.params["tender_id"])
    return 200, {"items": [views.bid_view(b) for b in bids], "next": None}


@app.route("/api/{proxy+}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_api_path() -> Response:
    return not_found_response()


# --- jobs ---------------------------------------------------------------------------------


@app.lambda_function(name="close_tender")
def close_tender(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return jobs.close(event)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="sweep")
def sweep(event: Any) -> dict[str, Any]:
    return jobs.sweep()


# --- local stage only ---------------------------------------------------------------------

if settings().is_local:

    @app.route("/dev/outbox", methods=["GET"])
    def dev_outbox() -> Response:
        from chalicelib.entrypoints.dev import moto_outbox

        emails, sms = moto_outbox()
        return page("dev_outbox.html", emails=emails, sms=sms)
