"""The fee ledger and the exemption on both doors; on the pages a caterer's ``/me/fees``, the
admins' ``/admin/fees`` (reverse an entry, the CSV export with the session cookie) and the
grant form of ``/admin/caterers`` (the partial ``_exemption_form.html``).

Each page reads the ``Visit``, calls one service and chooses a template; no rules here.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib import i18n
from chalicelib.commands import FeesQuery, GiveReason, GrantExemption
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.fees import reversed_ids
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter, error_page
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit, csv_download
from chalicelib.entrypoints.wire import Download
from chalicelib.i18n import N_
from chalicelib.services import (
    fees,
)

api = ApiRouter()
pages = PageRouter()


M = TypeVar("M", bound=BaseModel)
ENTRIES_PER_PAGE = 25
CATERERS_PER_PAGE = 20

DONE = {
    "reversed": N_("The fee entry is reversed."),
    "exempted": N_("The caterer is exempted from service fees for one year."),
}
ALREADY_REVERSED = N_("This fee entry is already reversed, or is itself a reversal.")
REASON_NEEDED = N_("Give the reason for the reversal (3 to 1,000 characters).")
NOT_GRANTED = N_("The exemption was not granted")
STILL_EXEMPT = N_("This caterer's exemption is still running.")
FIELDS_NEEDED = N_("Give the reason and the programme, one line each (up to 200 characters).")


def _percent(visit: Visit) -> Callable[[Decimal], str]:
    """A rate as a percentage in the visitor's language (``5 %``, ``5%``, ``٪5``)."""
    from babel.numbers import format_percent

    locale = i18n.BABEL_LOCALE[visit.language]
    return lambda rate: format_percent(rate, locale=locale, decimal_quantization=False)


def _done(visit: Visit) -> str | None:
    code = visit.query("done")
    return visit.t(DONE[code]) if code in DONE else None


# --- the caterer's ledger ------------------------------------------------------------------


@pages.route("/me/fees", ["GET"])
def my_fees_page(visit: Visit) -> Result:
    """The caterer's exemption (with days left and a reminder in its last 30 days), every
    entry of its ledger with the tender it is about, and the total."""
    statement = fees.my_statement(visit.deps, visit.acting(Role.CATERER))
    entries = statement.ledger.items
    exemption = statement.exemption
    running = exemption is not None and exemption.covers(visit.now)
    context = {
        "entries": entries,
        "total": statement.ledger.total_fee,
        "exemption": exemption,
        "running": running,
        "days_left": exemption.days_left(visit.now) if exemption else 0,
        "ending_soon": exemption is not None and exemption.ending_soon(visit.now),
        "reversed": reversed_ids(entries),
        "tenders": visit.deps.tenders.by_ids([e.tender_id for e in entries]),
        "rate": visit.deps.settings.fee_rate,
        "percent": _percent(visit),
    }
    return Html("fees.html", context)


# --- the admins' ledger --------------------------------------------------------------------


@pages.route("/admin/fees", ["GET"])
def admin_fees_page(
    visit: Visit, errors: dict[str, str] | None = None, status: int = 200
) -> Result:
    """Every caterer's entries, a page at a time, with the whole ledger's totals."""
    principal = visit.acting(Role.ADMIN)
    cursor = visit.query("cursor")
    query = FeesQuery(cursor=cursor or None, limit=ENTRIES_PER_PAGE)
    found = fees.overview(visit.deps, principal, query)
    more = f"/admin/fees?{urllib.parse.urlencode({'cursor': found.ledger.next})}"
    context = {
        "entries": found.ledger.items,
        "totals": found.totals,
        "total": found.total,
        "names": found.names,
        "reversed": found.reversed,
        "more": more if found.ledger.next else None,
        "done": _done(visit),
        "errors": errors or {},
        "percent": _percent(visit),
    }
    return Html("admin_fees.html", context, status)


@pages.route("/admin/fees.csv", ["GET"])
def admin_fees_csv_page(visit: Visit) -> Result:
    """The CSV export for a signed-in admin (the API's needs a bearer token)."""
    principal = visit.acting(Role.ADMIN)
    return csv_download(fees.fees_csv(visit.deps, principal), "walima-fees.csv")


@pages.route("/admin/fees/{entry_id}/reversal", ["POST"])
def reverse(visit: Visit) -> Result:
    """Reverse one entry with a reason; refusals come back on the ledger page, by the entry."""
    principal = visit.acting(Role.ADMIN)
    entry_id = visit.params["entry_id"]
    form = visit.form()

    def act() -> str:
        command = _command(GiveReason, form, ("reason",))
        fees.reverse_fee(visit.deps, principal, entry_id, command)
        return "/admin/fees?done=reversed"

    problem = _attempt(visit, form, act, (REASON_NEEDED, ALREADY_REVERSED))
    if isinstance(problem, Redirect):
        return problem
    message, status = problem
    return admin_fees_page(visit, {entry_id: visit.t(message)}, status)


# --- the exemption form of /admin/caterers -------------------------------------------------


def exemption_context(visit: Visit, principal: Principal) -> dict[str, Any]:
    """What ``_exemption_form.html`` shows: verified caterers, their exemption, a next page."""
    cursor = visit.query("caterers")
    found, next_cursor = fees.caterers_to_exempt(
        visit.deps, principal, cursor or None, CATERERS_PER_PAGE
    )
    more = f"/admin/caterers?{urllib.parse.urlencode({'caterers': next_cursor})}"
    return {
        "caterers": found,
        "now": visit.now,
        "more": more if next_cursor else None,
        "done": _done(visit),
    }


@pages.route("/admin/caterers/{caterer_id}/exemption", ["POST"])
def grant_exemption_page(visit: Visit) -> Result:
    """Grant one year without fees; a refusal is a page saying why, with the way back."""
    principal = visit.acting(Role.ADMIN)
    caterer_id = visit.params["caterer_id"]
    form = visit.form()

    def act() -> str:
        command = _command(GrantExemption, form, ("reason", "programme"))
        fees.grant_exemption(visit.deps, principal, caterer_id, command)
        return "/admin/caterers?done=exempted"

    problem = _attempt(visit, form, act, (FIELDS_NEEDED, STILL_EXEMPT))
    if isinstance(problem, Redirect):
        return problem
    message, status = problem
    return error_page(status, (NOT_GRANTED, message))


# --- helpers -------------------------------------------------------------------------------


def _command(model: type[M], form: Form, names: tuple[str, ...]) -> M:
    """The command from the form's fields (``InvalidInput`` when they do not fit it)."""
    try:
        return model.model_validate({name: form.one(name) for name in names})
    except ValidationError as error:
        raise InvalidInput("some fields are not valid") from error


def _attempt(
    visit: Visit, form: Form, act: Callable[[], str], refusals: tuple[str, str]
) -> Redirect | tuple[str, int]:
    """Run ``act`` once per form render; a refusal becomes (its message id, status)."""
    invalid, conflict = refusals
    try:
        return Redirect(visit.once(form, act))
    except InvalidInput:
        return invalid, 422
    except Conflict:
        return conflict, 409


# --- the JSON API ------------------------------------------------------------------------


@api.route(
    "/api/caterers/{caterer_id}/exemption",
    methods=["POST"],
    body=GrantExemption,
    returns=(201, schemas.ExemptionOut),
)
def grant_exemption(call: Call) -> Reply:
    """Admins: one year without service fees, from now."""
    command = call.body(GrantExemption)
    exemption = fees.grant_exemption(call.deps, call.principal, call.params["caterer_id"], command)
    return 201, schemas.ExemptionOut.of(exemption)


@api.route("/api/me/fees", methods=["GET"], returns=(200, schemas.FeeLedgerOut))
def my_fees(call: Call) -> Reply:
    """A caterer's fee ledger and its total."""
    ledger = fees.my_fees(call.deps, call.principal)
    return 200, schemas.FeeLedgerOut.of(ledger.items, ledger.total_fee, None)


@api.route("/api/admin/fees", methods=["GET"], query=FeesQuery, returns=(200, schemas.FeeLedgerOut))
def admin_fees(call: Call) -> Reply:
    """Admins: every caterer's fee entries, oldest first, a page at a time."""
    ledger = fees.all_fees(call.deps, call.principal, call.query(FeesQuery))
    return 200, schemas.FeeLedgerOut.of(ledger.items, ledger.total_fee, ledger.next)


@api.route(
    "/api/admin/fees.csv", methods=["GET"], returns=(200, schemas.FeeCsv), media_type="text/csv"
)
def admin_fees_csv(call: Call) -> Reply:
    """Admins: the whole fee ledger as CSV."""
    return Download(fees.fees_csv(call.deps, call.principal), "text/csv", "walima-fees.csv")


@api.route(
    "/api/admin/fees/{entry_id}/reversal",
    methods=["POST"],
    body=GiveReason,
    returns=(201, schemas.FeeEntryOut),
)
def reverse_fee(call: Call) -> Reply:
    """Admins: cancel a fee entry with a new entry giving the reason (once per entry)."""
    command = call.body(GiveReason)
    reversal = fees.reverse_fee(call.deps, call.principal, call.params["entry_id"], command)
    return 201, schemas.FeeEntryOut.of(reversal)
