"""Verification on both doors; on the pages the caterer's ``/me/verification`` and the admins'
decisions on ``/admin/caterers``.

Uploads work without JavaScript: the page shows a plain multipart form that posts the file
straight to S3 with the presigned fields; S3 answers 303 back to ``/me/verification?key=…``
(``success_action_redirect``), and the page checks the key (ours, stored, right type and
size) before offering the number form that records it. The CSP's ``form-action`` is widened
to the storage origin on that page only.

Each page reads the ``Visit``, calls one service and chooses a template; no rules here.
"""

from __future__ import annotations

import uuid
from typing import Any

from chalicelib.commands import DecideVerification, RequestUpload, SubmitVerification
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.verification import Decision, NumberKind, VerificationStatus
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.routes.fees import exemption_context
from chalicelib.entrypoints.routes.profiles import offer_upload
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit, origins
from chalicelib.i18n import N_
from chalicelib.services import (
    verification,
)

api = ApiRouter()
pages = PageRouter()


PAGE = "/me/verification"
# The file types a document may be, as the type switch offers them (S3 needs the type up front).
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}

DONE = {
    "submitted": N_("Your file is sent. An admin will check it soon; you will be told."),
    "rejected_file": N_("The file is rejected; the caterer is told why."),
}
MESSAGES = {
    "ice": N_("An ICE has 15 digits, as on your company's documents; check them."),
    "cooperative_number": N_(
        "Give your cooperative's registration number as on its certificate, e.g. 1234/2019."
    ),
    "document_key": N_(
        "The document did not arrive or is not accepted: send a PDF, JPEG or PNG file of at "
        "most 5 MB."
    ),
    "reason": N_("Say why the file is rejected (1 to 500 characters)."),
}
STATUSES = {
    VerificationStatus.NOT_SUBMITTED: N_("not sent yet"),
    VerificationStatus.PENDING: N_("being checked"),
    VerificationStatus.APPROVED: N_("verified"),
    VerificationStatus.REJECTED: N_("not accepted"),
}
ALREADY = N_("This verification was already decided, or the file changed meanwhile.")
WAITING = N_("Your file is already waiting for an admin.")


def _errors(visit: Visit, error: InvalidInput) -> dict[str, str]:
    fields = error.fields or {"ice": ""}
    return {name: visit.t(MESSAGES.get(name, MESSAGES["document_key"])) for name in fields}


@pages.route("/me/verification", ["GET", "POST"])
def my_verification_page(visit: Visit) -> Result:
    """Where the caterer's verification stands; the upload and number forms when it may
    (still) send a file."""
    principal = visit.acting(Role.CATERER)
    if visit.method == "POST":
        return _submit(visit, principal, visit.form())
    key = visit.query("key")
    errors: dict[str, str] = {}
    if key:
        try:
            verification.check_document(visit.deps, principal.account_id, key)
        except InvalidInput as error:
            errors, key = _errors(visit, error), None
    return _page(visit, principal, key, errors)


def _submit(visit: Visit, principal: Principal, form: Form) -> Result:
    kind = form.one("number_kind")
    number = form.one("number").strip()
    key = form.one("document_key")
    body: dict[str, Any] = {"document_key": key}
    if kind in (NumberKind.ICE.value, NumberKind.COOPERATIVE.value):
        body[kind] = number
    try:
        command = SubmitVerification.model_validate(body)
        verification.submit(visit.deps, principal, command)
    except InvalidInput as error:
        errors = _errors(visit, error)
        keep = None if "document_key" in errors else key
        return _page(visit, principal, keep, errors, form.values(), 422)
    except ValueError:  # pydantic: a field too long, or empty
        errors = {"ice": visit.t(MESSAGES["ice"])}
        return _page(visit, principal, key, errors, form.values(), 422)
    except Conflict:
        return _page(visit, principal, None, {"_form": visit.t(WAITING)}, status=409)
    return Redirect(f"{PAGE}?done=submitted")


def _page(
    visit: Visit,
    principal: Principal,
    key: str | None,
    errors: dict[str, str],
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> Html:
    found = verification.status(visit.deps, principal)
    may_send = found.status in (VerificationStatus.NOT_SUBMITTED, VerificationStatus.REJECTED)
    context: dict[str, Any] = {
        "verification": found,
        "status_label": visit.t(STATUSES[found.status]),
        "may_send": may_send,
        "document_key": key,
        "errors": errors,
        "form": typed or {"number_kind": "ice"},
        "done_message": visit.t(DONE["submitted"]) if visit.query("done") == "submitted" else None,
        "types": list(DOCUMENT_TYPES),
    }
    allow: dict[str, tuple[str, ...]] = {}
    if may_send and key is None:
        chosen = visit.query("type") or "pdf"
        chosen = chosen if chosen in DOCUMENT_TYPES else "pdf"
        command = RequestUpload(purpose="document", content_type=DOCUMENT_TYPES[chosen])
        upload = offer_upload(visit, principal, command, visit.absolute(PAGE))
        if isinstance(upload, str):
            context["upload_wait"] = upload
        else:
            context |= {"upload": upload, "chosen": chosen}
            allow = {"form-action": origins([upload.url])}
    return Html("verification.html", context, status, allow=allow)


# --- the admins' side (/admin/caterers) ------------------------------------------------------


def queue_context(visit: Visit, principal: Principal) -> dict[str, Any]:
    """The queue (each caterer with its file) and the message of the decision just made."""
    context: dict[str, Any] = {"queue": verification.queue(visit.deps, principal)}
    if visit.query("done") == "rejected_file":
        context["done"] = visit.t(DONE["rejected_file"])
    return context


@pages.route("/admin/caterers", ["GET", "POST"])
def admin_caterers(visit: Visit) -> Result:
    """Admins: the verification queue with approve / reject forms, and the one-year fee
    exemption form for verified caterers (``_exemption_form.html``)."""
    principal = visit.acting(Role.ADMIN)
    errors: dict[str, str] = {}
    if visit.method == "POST":
        decided = decide(visit, principal)
        if not isinstance(decided, dict):
            return decided
        errors = decided
    context = {
        **queue_context(visit, principal),
        "exemptions": exemption_context(visit, principal),
        "errors": errors,
        "form": visit.form().values() if errors else {},
    }
    return Html("admin_caterers.html", context, 422 if errors else 200)


def decide(visit: Visit, principal: Principal) -> Result | dict[str, str]:
    """Approve or reject the caterer the form names: a redirect when done, else the errors to
    show next to its card (a rejection without a reason, a decision already made)."""
    form = visit.form()
    caterer_id = form.one("caterer_id")
    try:
        uuid.UUID(caterer_id)
    except ValueError:
        raise NotFound("no such caterer") from None
    decision = form.one("decision") or Decision.APPROVE.value
    reason = form.one("reason") or None
    try:
        command = DecideVerification.model_validate({"decision": decision, "reason": reason})
        verification.decide(visit.deps, principal, caterer_id, command)
    except (InvalidInput, ValueError):
        return {f"reason-{caterer_id}": visit.t(MESSAGES["reason"])}
    except Conflict:  # its card may be gone from the queue: said at the top of the page
        return {"_form": visit.t(ALREADY)}
    done = "verified" if decision == Decision.APPROVE.value else "rejected_file"
    return Redirect(f"/admin/caterers?done={done}")


@pages.route("/admin/caterers/{caterer_id}/document", ["GET"])
def document(visit: Visit) -> Result:
    """Admins: the caterer's document, through a link that works for a few minutes."""
    principal = visit.acting(Role.ADMIN)
    link = verification.document_url(visit.deps, principal, visit.params["caterer_id"])
    return Redirect(link, 302)


# --- the JSON API ------------------------------------------------------------------------


@api.route(
    "/api/caterers/{caterer_id}/verification",
    methods=["POST"],
    body=DecideVerification,
    body_optional=True,
    returns=(200, schemas.AccountOut),
)
def verify_caterer(call: Call) -> Reply:
    """Admins: approve a caterer (no body, or ``{"decision": "approve"}``) or reject its file
    with a reason; the caterer is told either way."""
    command = call.body(DecideVerification)
    caterer = verification.decide(call.deps, call.principal, call.params["caterer_id"], command)
    return 200, schemas.AccountOut.of(caterer)


@api.route(
    "/api/me/verification",
    methods=["POST"],
    body=SubmitVerification,
    returns=(202, schemas.VerificationOut),
)
def submit_verification(call: Call) -> Reply:
    """Caterers: send the ICE or the cooperative number and an uploaded document."""
    found = verification.submit(call.deps, call.principal, call.body(SubmitVerification))
    return 202, schemas.VerificationOut.of(found)


@api.route("/api/me/verification", methods=["GET"], returns=(200, schemas.VerificationOut))
def my_verification(call: Call) -> Reply:
    """Caterers: where their verification stands (and why it was rejected)."""
    return 200, schemas.VerificationOut.of(verification.status(call.deps, call.principal))
