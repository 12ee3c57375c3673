"""Accounts on both doors: sign up, log in and out, who I am, my inbox; and the home page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from chalicelib.commands import (
    ChangePassword,
    ConfirmReset,
    InboxQuery,
    LogIn,
    RequestReset,
    SignUp,
)
from chalicelib.domain.account import Role
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.errors import (
    DomainError,
    RateLimited,
)
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.cookies import safe_next
from chalicelib.entrypoints.site import PageRouter, again
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.entrypoints.wire import NO_CONTENT, status_of
from chalicelib.services import (
    accounts,
    browsing,
    notifications,
    onboarding,
    resets,
    sessions,
    verification,
)

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/accounts",
    methods=["POST"],
    idempotent=True,
    body=SignUp,
    returns=(201, schemas.AccountOut),
)
def sign_up(call: Call) -> Reply:
    return 201, schemas.AccountOut.of(accounts.sign_up(call.deps, call.body(SignUp), call.source))


@api.route(
    "/api/sessions",
    methods=["POST"],
    body=LogIn,
    returns=(200, schemas.SessionOut),
)
def log_in(call: Call) -> Reply:
    session = sessions.log_in(call.deps, call.body(LogIn), call.source)
    return 200, schemas.SessionOut(
        token=session.token, account=schemas.AccountOut.of(session.account)
    )


@api.route("/api/sessions", methods=["DELETE"], returns=(NO_CONTENT, None))
def log_out(call: Call) -> Reply:
    """End this session: its token gets 401 from now on, here and on the pages."""
    accounts.log_out(call.deps, call.principal)
    return NO_CONTENT, None


@api.route(
    "/api/me/password",
    methods=["POST"],
    body=ChangePassword,
    returns=(200, schemas.PasswordChangedOut),
)
def change_password(call: Call) -> Reply:
    """A new password (the current one first); every other session of the account ends."""
    command = call.body(ChangePassword)
    ended = accounts.change_password(call.deps, call.principal, command, call.source)
    return 200, schemas.PasswordChangedOut(other_sessions_ended=ended)


@api.route(
    "/api/password-resets",
    methods=["POST"],
    body=RequestReset,
    returns=(202, schemas.ResetRequestedOut),
)
def request_password_reset(call: Call) -> Reply:
    """A 6-digit code to the login's phone (SMS) or e-mail; the same answer for any login."""
    channel = resets.request(call.deps, call.body(RequestReset), call.source)
    return 202, schemas.ResetRequestedOut.of(channel)


@api.route(
    "/api/password-resets/confirm",
    methods=["POST"],
    body=ConfirmReset,
    returns=(200, schemas.PasswordResetOut),
)
def confirm_password_reset(call: Call) -> Reply:
    """The code and a new password: set, and every session of the account ends."""
    ended = resets.confirm(call.deps, call.body(ConfirmReset), call.source)
    return 200, schemas.PasswordResetOut(sessions_ended=ended)


@api.route("/api/me", methods=["GET"], returns=(200, schemas.MeOut))
def me(call: Call) -> Reply:
    return 200, schemas.MeOut.of(accounts.me(call.deps, call.principal))


@api.route(
    "/api/me/notifications", methods=["GET"], query=InboxQuery, returns=(200, schemas.InboxPage)
)
def my_notifications(call: Call) -> Reply:
    items, cursor = notifications.inbox(call.deps, call.principal, call.query(InboxQuery))
    return 200, schemas.InboxPage(items=[schemas.InboxItemOut.of(i) for i in items], next=cursor)


def _choice(kind: type[Province] | type[EventType], value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@pages.route("/", ["GET"])
def home(visit: Visit) -> Result:
    """What Walima is, the open tenders (filtered), and the two ways in."""
    province = _choice(Province, visit.query("province"))
    event_type = _choice(EventType, visit.query("event_type"))
    found = browsing.open_tenders(visit.deps, province, event_type, visit.query("cursor"))
    more = None
    if found.next:
        more = "?" + "&".join(
            f"{k}={v}"
            for k, v in (
                ("province", province),
                ("event_type", event_type),
                ("cursor", found.next),
            )
            if v
        )
    return Html(
        "home.html",
        {
            "tenders": found.items,
            "more": more,
            "form": {"province": province or "", "event_type": event_type or ""},
        },
    )


@pages.route("/signup", ["GET", "POST"])
def sign_up_page(visit: Visit) -> Result:
    if visit.method == "GET":
        role = visit.query("role") if visit.query("role") in ("organizer", "caterer") else ""
        return Html("signup.html", {"form": {"role": role, "language": visit.language.value}})
    form = visit.form()
    try:
        session = sessions.sign_up(visit.deps, forms.sign_up(form, visit.t), visit.source)
    except forms.Invalid as invalid:
        return again("signup.html", form, invalid.fields, secret=("password",))
    except DomainError as error:
        status = status_of(error)
        errors = refusals.explain(visit, error)
        return again("signup.html", form, errors, secret=("password",), status=status)
    visit.start_session(session)
    if session.account.role is Role.CATERER:  # a new caterer lands on its checklist
        return Redirect("/me/start?done=welcome")
    return Redirect("/me?done=welcome")


@pages.route("/login", ["GET", "POST"])
def log_in_page(visit: Visit) -> Result:
    target = safe_next(visit.query("next"))
    if visit.method == "GET":
        if visit.account is not None:
            return Redirect(target)
        return Html("login.html", {"form": {}, "next": target})
    form = visit.form()
    try:
        session = sessions.log_in(visit.deps, forms.log_in(form, visit.t), visit.source)
    except forms.Invalid as invalid:
        return again("login.html", form, invalid.fields, {"next": target}, ("password",))
    except DomainError as error:
        status = status_of(error)
        errors = refusals.explain(visit, error)
        return again("login.html", form, errors, {"next": target}, ("password",), status)
    visit.start_session(session)
    return Redirect(target)


@pages.route("/password-reset", ["GET", "POST"])
def password_reset_page(visit: Visit) -> Result:
    """Forgot the password: a code to the phone or e-mail (the same answer for any login)."""
    if visit.method == "GET":
        return Html("password_reset.html", {"form": {"login": visit.query("login") or ""}})
    form = visit.form()
    try:
        command = forms.request_reset(form, visit.t)
        resets.request(visit.deps, command, visit.source)
    except forms.Invalid as invalid:
        return again("password_reset.html", form, invalid.fields)
    except RateLimited as error:
        errors = refusals.explain(visit, error)
        return again("password_reset.html", form, errors, status=status_of(error))
    return Redirect(
        "/password-reset/confirm?" + urlencode({"login": command.login}) + "&done=code_sent"
    )


@pages.route("/password-reset/confirm", ["GET", "POST"])
def confirm_password_reset_page(visit: Visit) -> Result:
    """The code and the new password; then log in with it (every session has ended)."""
    if visit.method == "GET":
        return Html("password_reset_confirm.html", {"form": {"login": visit.query("login") or ""}})
    form = visit.form()
    secret = ("new", "code")
    try:
        resets.confirm(visit.deps, forms.confirm_reset(form, visit.t), visit.source)
    except forms.Invalid as invalid:
        return again("password_reset_confirm.html", form, invalid.fields, secret=secret)
    except DomainError as error:
        status = status_of(error)
        errors = refusals.explain(visit, error)
        return again("password_reset_confirm.html", form, errors, secret=secret, status=status)
    visit.end_session()
    return Redirect("/login?done=password_reset")


@pages.route("/me/password", ["GET", "POST"])
def change_password_page(visit: Visit) -> Result:
    """A new password, the current one first; the account's other sessions end."""
    principal = visit.acting()
    if visit.method == "GET":
        return Html("password_change.html", {"form": {}})
    form = visit.form()
    secret = ("current", "new")
    try:
        command = forms.change_password(form, visit.t)
        accounts.change_password(visit.deps, principal, command, visit.source)
    except forms.Invalid as invalid:
        return again("password_change.html", form, invalid.fields, secret=secret)
    except DomainError as error:
        status = status_of(error)
        errors = refusals.explain(visit, error)
        return again("password_change.html", form, errors, secret=secret, status=status)
    return Redirect("/me?done=password_changed")


@pages.route("/logout", ["GET", "POST"])
def log_out_page(visit: Visit) -> Result:
    if visit.method == "GET":
        return Html("logout.html")
    visit.form()  # the CSRF check: no one logs you out from another site
    if visit.principal is not None:
        accounts.log_out(visit.deps, visit.principal)  # the cookie's token is dead too
    visit.end_session()
    return Redirect("/")


@pages.route("/language", ["POST"])
def switch_language(visit: Visit) -> Result:
    """The footer's switch for a signed-in visitor: a POST with the CSRF token, so no other
    site can change an account's language; back to the page it was sent from."""
    form = visit.form()
    visit.choose_language(form.one("lang"))
    return Redirect(safe_next(form.one("next")))


@pages.route("/me", ["GET"])
def me_page(visit: Visit) -> Result:
    account = visit.require()
    principal = visit.acting()
    context: dict[str, Any] = {"account": account, "tenders": [], "bids": [], "queue": None}
    if account.role is Role.ORGANIZER:
        context["tenders"] = browsing.my_tenders(visit.deps, principal)
    elif account.role is Role.CATERER:
        context["bids"] = browsing.my_bids(visit.deps, principal)
        context["progress"] = onboarding.progress(visit.deps, principal)  # learn_progress.html
    else:
        context["queue"] = len(verification.queue(visit.deps, principal))
    return Html("me.html", context)


@pages.route("/inbox", ["GET"])
def inbox(visit: Visit) -> Result:
    principal = visit.acting()
    found = browsing.read_inbox(visit.deps, principal)
    return Html("inbox.html", {"unread_items": found.unread, "earlier": found.earlier})
