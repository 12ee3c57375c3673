"""Private threads on both doors: a caterer and a tender's organizer write to each other.

The caterer has one thread per tender (``/tenders/{id}/messages``); the organizer sees the
list of its tender's threads with their unread counts there, and each at
``/tenders/{id}/messages/{caterer_id}``. The pages post the same ``WriteMessage`` the API
takes, and meet the same access rules and rate limit (``services/threads.py``).
"""

from __future__ import annotations

from typing import Any

from chalicelib.commands import MessagesQuery, WriteMessage
from chalicelib.domain.account import Role
from chalicelib.domain.errors import Forbidden, RateLimited
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.services import threads

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders/{tender_id}/messages",
    methods=["POST"],
    idempotent=True,
    body=WriteMessage,
    returns=(201, schemas.MessageOut),
)
def write_message(call: Call) -> Reply:
    """A caterer writes to the organizer; the organizer to a caterer (``caterer_id``)."""
    command = call.body(WriteMessage)
    message = threads.write(call.deps, call.principal, call.params["tender_id"], command)
    return 201, schemas.MessageOut.of(message)


@api.route(
    "/api/tenders/{tender_id}/messages",
    methods=["GET"],
    query=MessagesQuery,
    returns=(200, schemas.MessagesPage),
)
def read_messages(call: Call) -> Reply:
    """A caterer: its thread. The organizer: a caterer's thread, or without ``caterer_id``
    the list of its threads with their unread counts."""
    query, tender_id = call.query(MessagesQuery), call.params["tender_id"]
    if call.principal.role is Role.ORGANIZER and not query.caterer_id:
        found = threads.threads(call.deps, call.principal, tender_id, query.cursor)
        listed = [schemas.ThreadOut.of(t) for t in found.threads]
        return 200, schemas.MessagesPage(items=listed, next=found.next)
    page = threads.thread(call.deps, call.principal, tender_id, query)
    messages = [schemas.MessageOut.of(m) for m in page.messages]
    return 200, schemas.MessagesPage(items=messages, next=page.next)


@pages.route("/tenders/{tender_id}/messages", ["GET", "POST"])
def messages(visit: Visit) -> Result:
    """A caterer's thread with the organizer; for the organizer, its tender's threads."""
    principal = visit.acting(Role.CATERER, Role.ORGANIZER)
    tender_id = visit.params["tender_id"]
    if principal.role is Role.CATERER:
        return _thread(visit, tender_id, None)
    if visit.method == "POST":
        raise Forbidden("the organizer writes from a caterer's thread")
    found = threads.threads(visit.deps, principal, tender_id, visit.query("cursor"))
    return Html("threads.html", {"found": found})


@pages.route("/tenders/{tender_id}/messages/{caterer_id}", ["GET", "POST"])
def organizer_thread(visit: Visit) -> Result:
    """The organizer's thread with one caterer."""
    visit.acting(Role.ORGANIZER)
    return _thread(visit, visit.params["tender_id"], visit.params["caterer_id"])


def _thread(visit: Visit, tender_id: str, caterer_id: str | None) -> Result:
    principal = visit.acting()
    here = f"/tenders/{tender_id}/messages" + (f"/{caterer_id}" if caterer_id else "")
    errors: dict[str, str] = {}
    status, typed = 200, ""
    if visit.method == "POST":
        form = visit.form()
        typed = form.one("text")
        try:

            def send() -> str:
                command = forms.write_message(form, caterer_id, visit.t)
                threads.write(visit.deps, principal, tender_id, command)
                return f"{here}#latest"

            return Redirect(visit.once(form, send))
        except forms.Invalid as invalid:
            errors, status = invalid.fields, 422
        except RateLimited as error:
            errors, status = {"text": refusals.explain(visit, error)[refusals.GENERAL]}, 429
    query = MessagesQuery(caterer_id=caterer_id, cursor=visit.query("cursor"))
    page = threads.thread(visit.deps, principal, tender_id, query)
    context: dict[str, Any] = {
        "page": page,
        "messages": list(reversed(page.messages)),  # oldest first, the latest at the bottom
        "here": here,
        "caterer_id": caterer_id,
        "form": {"text": typed},
        "errors": errors,
    }
    return Html("thread.html", context, status)
