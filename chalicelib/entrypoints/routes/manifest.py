"""Every route of the app and the feature module that serves it, so ``app.py`` can declare all
of them without importing any feature (a cold start loads only the features it is asked for).

``ROUTES`` is written from the features' routers by ``python -m chalicelib.entrypoints.routes``;
a test keeps it equal to them.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Literal, NamedTuple

Door = Literal["api", "page"]
START = "ROUTES: tuple[Route, ...] = ("  # the tool rewrites what follows the last one


class Route(NamedTuple):
    feature: str
    door: Door
    path: str
    methods: tuple[str, ...]
    name: str  # the handler's, as Chalice and the logs name the view


FEATURES = (
    "accounts",
    "tenders",
    "bidding",
    "questions",
    "threads",
    "awards",
    "contracts",
    "disputes",
    "profiles",
    "reviews",
    "fees",
    "verification",
    "alerts",
    "learning",
    "insights",
    "open_data",
    "impact",
    "documentation",
    "static",  # last: its catch-all is the 404 page
)


def module(feature: str) -> ModuleType:
    """The feature's module: its ``api`` and ``pages`` routers."""
    return importlib.import_module(f"{__package__}.{feature}")


def declared() -> list[Route]:
    """The routes the features' routers declare, in the order the app puts them on."""
    routes: list[Route] = []
    for feature in FEATURES:
        module_ = module(feature)
        for operation, handler in module_.api.routes:
            routes.append(Route(feature, "api", operation.path, operation.methods, handler.__name__))
        for path, methods, page in module_.pages.routes:
            routes.append(Route(feature, "page", path, tuple(methods), page.__name__))
    return routes


def written() -> str:
    """This file, with ``ROUTES`` as the routers declare them."""
    text = Path(__file__).read_text(encoding="utf-8")
    head = text[: text.rindex(START)]
    lines = "".join(f"    {_literal(route)},\n" for route in declared())
    return f"{head}{START}\n{lines})\n"


def _literal(route: Route) -> str:
    methods = ", ".join(f'"{m}"' for m in route.methods) + ("," if len(route.methods) == 1 else "")
    feature, door, path, _, name = (f'"{part}"' for part in route)
    return f"Route({feature}, {door}, {path}, ({methods}), {name})"


ROUTES: tuple[Route, ...] = (
    Route("accounts", "api", "/api/accounts", ("POST",), "sign_up"),
    Route("accounts", "api", "/api/sessions", ("POST",), "log_in"),
    Route("accounts", "api", "/api/sessions", ("DELETE",), "log_out"),
    Route("accounts", "api", "/api/me/password", ("POST",), "change_password"),
    Route("accounts", "api", "/api/password-resets", ("POST",), "request_password_reset"),
    Route("accounts", "api", "/api/password-resets/confirm", ("POST",), "confirm_password_reset"),
    Route("accounts", "api", "/api/me", ("GET",), "me"),
    Route("accounts", "api", "/api/me/notifications", ("GET",), "my_notifications"),
    Route("accounts", "page", "/", ("GET",), "home"),
    Route("accounts", "page", "/signup", ("GET", "POST"), "sign_up_page"),
    Route("accounts", "page", "/login", ("GET", "POST"), "log_in_page"),
    Route("accounts", "page", "/password-reset", ("GET", "POST"), "password_reset_page"),
    Route("accounts", "page", "/password-reset/confirm", ("GET", "POST"), "confirm_password_reset_page"),
    Route("accounts", "page", "/me/password", ("GET", "POST"), "change_password_page"),
    Route("accounts", "page", "/logout", ("GET", "POST"), "log_out_page"),
    Route("accounts", "page", "/language", ("POST",), "switch_language"),
    Route("accounts", "page", "/me", ("GET",), "me_page"),
    Route("accounts", "page", "/inbox", ("GET",), "inbox"),
    Route("tenders", "api", "/api/tenders", ("POST",), "post_tender"),
    Route("tenders", "api", "/api/tenders", ("GET",), "list_tenders"),
    Route("tenders", "api", "/api/tenders/{tender_id}", ("GET",), "get_tender"),
    Route("tenders", "api", "/api/tenders/{tender_id}/deadline", ("POST",), "extend_deadline"),
    Route("tenders", "api", "/api/tenders/{tender_id}/cancel", ("POST",), "cancel_tender"),
    Route("tenders", "api", "/api/ranking", ("GET",), "ranking_rules"),
    Route("tenders", "page", "/tenders/new", ("GET", "POST"), "new_tender"),
    Route("tenders", "page", "/tenders/{tender_id}", ("GET", "POST"), "tender"),
    Route("tenders", "page", "/tenders/{tender_id}/deadline", ("POST",), "extend"),
    Route("tenders", "page", "/tenders/{tender_id}/cancel", ("POST",), "cancel"),
    Route("tenders", "page", "/how-ranking-works", ("GET",), "how_ranking_works"),
    Route("tenders", "page", "/tenders/{tender_id}/live", ("GET",), "live"),
    Route("bidding", "api", "/api/tenders/{tender_id}/bids", ("POST",), "place_bid"),
    Route("bidding", "api", "/api/tenders/{tender_id}/bids", ("GET",), "list_bids"),
    Route("bidding", "api", "/api/tenders/{tender_id}/bids/mine", ("DELETE",), "withdraw_bid"),
    Route("bidding", "api", "/api/tenders/{tender_id}/joint-bids", ("POST",), "propose_joint_bid"),
    Route("bidding", "api", "/api/tenders/{tender_id}/joint-bids", ("GET",), "list_joint_bids"),
    Route("bidding", "api", "/api/tenders/{tender_id}/joint-bids/{lead_id}/confirmation", ("POST",), "confirm_joint_bid"),
    Route("bidding", "page", "/tenders/{tender_id}/withdraw", ("POST",), "withdraw"),
    Route("bidding", "page", "/tenders/{tender_id}/joint-bids/new", ("GET",), "new_joint_bid_page"),
    Route("bidding", "page", "/tenders/{tender_id}/joint-bids", ("POST",), "propose_joint_bid_page"),
    Route("bidding", "page", "/tenders/{tender_id}/joint-bids/{lead_id}/confirmation", ("POST",), "confirm_joint_bid_page"),
    Route("questions", "api", "/api/tenders/{tender_id}/questions", ("POST",), "ask_question"),
    Route("questions", "api", "/api/tenders/{tender_id}/questions", ("GET",), "list_questions"),
    Route("questions", "api", "/api/tenders/{tender_id}/questions/{question_id}/answer", ("POST",), "answer_question"),
    Route("questions", "page", "/tenders/{tender_id}/questions", ("POST",), "ask"),
    Route("questions", "page", "/tenders/{tender_id}/questions/{question_id}/answer", ("POST",), "answer"),
    Route("threads", "api", "/api/tenders/{tender_id}/messages", ("POST",), "write_message"),
    Route("threads", "api", "/api/tenders/{tender_id}/messages", ("GET",), "read_messages"),
    Route("threads", "page", "/tenders/{tender_id}/messages", ("GET", "POST"), "messages"),
    Route("threads", "page", "/tenders/{tender_id}/messages/{caterer_id}", ("GET", "POST"), "organizer_thread"),
    Route("awards", "api", "/api/tenders/{tender_id}/award/confirm", ("POST",), "confirm_award"),
    Route("awards", "api", "/api/tenders/{tender_id}/award/decline", ("POST",), "decline_award"),
    Route("awards", "api", "/api/tenders/{tender_id}/award/reject", ("POST",), "reject_award"),
    Route("awards", "page", "/tenders/{tender_id}/award/confirm", ("POST",), "confirm_award_page"),
    Route("awards", "page", "/tenders/{tender_id}/award/decline", ("POST",), "decline_award_page"),
    Route("awards", "page", "/tenders/{tender_id}/award/reject", ("POST",), "reject_award_page"),
    Route("contracts", "api", "/api/tenders/{tender_id}/contract", ("GET",), "get_contract"),
    Route("contracts", "api", "/api/tenders/{tender_id}/contract.pdf", ("GET",), "get_contract_pdf"),
    Route("contracts", "api", "/api/tenders/{tender_id}/milestones/{kind}/paid", ("POST",), "record_payment"),
    Route("contracts", "api", "/api/tenders/{tender_id}/delivery", ("POST",), "enter_delivery_code"),
    Route("contracts", "api", "/api/tenders/{tender_id}/shipment", ("POST",), "move_shipment"),
    Route("contracts", "api", "/api/tenders/{tender_id}/contract/cancel", ("POST",), "cancel_contract"),
    Route("contracts", "page", "/tenders/{tender_id}/contract", ("GET",), "contract_page"),
    Route("contracts", "page", "/tenders/{tender_id}/contract.pdf", ("GET",), "contract_pdf_page"),
    Route("contracts", "page", "/tenders/{tender_id}/contract/milestones/{kind}", ("POST",), "record_payment_page"),
    Route("contracts", "page", "/tenders/{tender_id}/contract/delivery", ("POST",), "delivery_page"),
    Route("contracts", "page", "/tenders/{tender_id}/contract/shipment", ("POST",), "shipment_page"),
    Route("contracts", "page", "/tenders/{tender_id}/contract/cancel", ("POST",), "cancel_page"),
    Route("disputes", "api", "/api/tenders/{tender_id}/dispute", ("POST",), "open_dispute"),
    Route("disputes", "api", "/api/admin/disputes", ("GET",), "admin_disputes"),
    Route("disputes", "api", "/api/admin/disputes/{dispute_id}/decision", ("POST",), "decide_dispute"),
    Route("disputes", "page", "/tenders/{tender_id}/contract/dispute", ("POST",), "open_dispute_page"),
    Route("disputes", "page", "/admin/disputes", ("GET",), "admin_disputes_page"),
    Route("disputes", "page", "/admin/disputes/{dispute_id}/decision", ("POST",), "decide_dispute_page"),
    Route("profiles", "api", "/api/me", ("PATCH",), "update_me"),
    Route("profiles", "api", "/api/caterers/{caterer_id}", ("GET",), "caterer_profile"),
    Route("profiles", "api", "/api/me/uploads", ("POST",), "request_upload"),
    Route("profiles", "api", "/api/me/photos", ("POST",), "add_photo"),
    Route("profiles", "api", "/api/me/photos/{number}", ("DELETE",), "remove_photo"),
    Route("profiles", "page", "/caterers/{caterer_id}", ("GET",), "caterer"),
    Route("profiles", "page", "/me/profile", ("GET", "POST"), "edit_profile"),
    Route("profiles", "page", "/me/photos", ("GET",), "added_photo"),
    Route("profiles", "page", "/me/photos/{number}/remove", ("POST",), "remove_photo_page"),
    Route("reviews", "api", "/api/tenders/{tender_id}/review", ("POST",), "post_review"),
    Route("reviews", "api", "/api/tenders/{tender_id}/review/reply", ("POST",), "reply_to_review"),
    Route("reviews", "page", "/tenders/{tender_id}/review", ("POST",), "review"),
    Route("reviews", "page", "/tenders/{tender_id}/review/reply", ("POST",), "reply"),
    Route("fees", "api", "/api/caterers/{caterer_id}/exemption", ("POST",), "grant_exemption"),
    Route("fees", "api", "/api/me/fees", ("GET",), "my_fees"),
    Route("fees", "api", "/api/admin/fees", ("GET",), "admin_fees"),
    Route("fees", "api", "/api/admin/fees.csv", ("GET",), "admin_fees_csv"),
    Route("fees", "api", "/api/admin/fees/{entry_id}/reversal", ("POST",), "reverse_fee"),
    Route("fees", "page", "/me/fees", ("GET",), "my_fees_page"),
    Route("fees", "page", "/admin/fees", ("GET",), "admin_fees_page"),
    Route("fees", "page", "/admin/fees.csv", ("GET",), "admin_fees_csv_page"),
    Route("fees", "page", "/admin/fees/{entry_id}/reversal", ("POST",), "reverse"),
    Route("fees", "page", "/admin/caterers/{caterer_id}/exemption", ("POST",), "grant_exemption_page"),
    Route("verification", "api", "/api/caterers/{caterer_id}/verification", ("POST",), "verify_caterer"),
    Route("verification", "api", "/api/me/verification", ("POST",), "submit_verification"),
    Route("verification", "api", "/api/me/verification", ("GET",), "my_verification"),
    Route("verification", "page", "/me/verification", ("GET", "POST"), "my_verification_page"),
    Route("verification", "page", "/admin/caterers", ("GET", "POST"), "admin_caterers"),
    Route("verification", "page", "/admin/caterers/{caterer_id}/document", ("GET",), "document"),
    Route("alerts", "api", "/api/me/alerts", ("GET",), "my_alerts"),
    Route("alerts", "api", "/api/me/alerts", ("PUT",), "set_my_alerts"),
    Route("alerts", "api", "/api/me/notice-settings", ("GET",), "my_notice_settings"),
    Route("alerts", "api", "/api/me/notice-settings", ("PUT",), "set_my_notice_settings"),
    Route("alerts", "page", "/me/alerts", ("GET", "POST"), "alert_settings"),
    Route("alerts", "page", "/me/notices", ("GET", "POST"), "notice_settings"),
    Route("learning", "api", "/api/lessons", ("GET",), "list_lessons"),
    Route("learning", "api", "/api/me/lessons/{slug}", ("POST",), "mark_lesson_read"),
    Route("learning", "api", "/api/me/onboarding", ("GET",), "my_onboarding"),
    Route("learning", "page", "/learn", ("GET",), "learn"),
    Route("learning", "page", "/learn/{slug}", ("GET", "POST"), "lesson"),
    Route("learning", "page", "/me/start", ("GET",), "start"),
    Route("learning", "page", "/practice", ("GET",), "practice"),
    Route("insights", "api", "/api/insights/prices", ("GET",), "price_insight"),
    Route("insights", "page", "/insights", ("GET",), "price_insights"),
    Route("open_data", "api", "/api/tenders/{tender_id}/history", ("GET",), "tender_history"),
    Route("open_data", "api", "/api/tenders/{tender_id}/ocds", ("GET",), "tender_releases"),
    Route("open_data", "api", "/api/tenders/{tender_id}/ocds/record", ("GET",), "tender_record"),
    Route("open_data", "api", "/api/ocds/releases", ("GET",), "all_releases"),
    Route("impact", "page", "/admin/impact", ("GET",), "impact_page"),
    Route("impact", "page", "/admin/impact.csv", ("GET",), "impact_csv_page"),
    Route("documentation", "api", "/api/openapi.json", ("GET",), "openapi_document"),
    Route("static", "page", "/static/{name}", ("GET",), "static_file"),
    Route("static", "page", "/{proxy+}", ("GET", "POST"), "not_found"),
)
