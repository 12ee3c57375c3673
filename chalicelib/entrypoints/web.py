"""One page request (``Visit``): who is visiting, in which language, what they posted, their
CSRF token and once-only submits; and what page handlers return (``Html``, ``Redirect``,
``Raw``) with the security headers.

Page handlers (``routes/*.py``) receive a ``Visit``; each feature declares them on its
``PageRouter`` (``site.py``), which ``app.py`` includes. Like the API's ``Api``/``Call``, this is
the only place where HTTP meets the services for the pages (what both doors read alike is
``request.py``; cookies ``cookies.py``; form bodies ``formdata.py``).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chalice.app import Request

from chalicelib import i18n
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import (
    PayloadTooLarge,
)
from chalicelib.entrypoints import request as core
from chalicelib.entrypoints.cookies import (
    CSRF,
    LANGUAGE,
    SESSION,
    cookie,
    cookie_name,
    parse_cookies,
)
from chalicelib.entrypoints.formdata import FORM_TYPE, BadForm, Form, parse_form
from chalicelib.services import browsing, sessions
from chalicelib.services.accounts import Session
from chalicelib.services.deps import Deps

logger = logging.getLogger(__name__)

LANGUAGE_AGE = timedelta(days=365)
REPLAY_WAIT_S = 10.0

# No inline script or style anywhere: everything comes from our own /static files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# --- what handlers return ------------------------------------------------------------------


@dataclass
class Html:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    # origins a page adds to CSP directives, e.g. {"form-action": ("https://bucket.s3…",)}
    # for a form that posts a file straight to storage
    allow: dict[str, tuple[str, ...]] = field(default_factory=dict)


def content_security_policy(allow: dict[str, tuple[str, ...]]) -> str:
    """``CSP`` with ``allow``'s origins added to their directives."""
    directives = []
    for directive in CSP.split("; "):
        name = directive.split(" ", 1)[0]
        directives.append(" ".join([directive, *allow.get(name, ())]))
    return "; ".join(directives)


@dataclass
class Redirect:
    location: str
    status: int = 303


@dataclass
class Raw:
    body: str | bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def csv_download(text: str, filename: str) -> Raw:
    """A CSV export for a signed-in admin: a download, never cached."""
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Raw(text, "text/csv; charset=utf-8", headers=headers)


Result = Html | Redirect | Raw
PageHandler = Callable[["Visit"], Result]


class LogInFirst(Exception):
    """The page needs a signed-in visitor: they are sent to /login and brought back after."""


class FormExpired(Exception):
    """The form's CSRF token does not match this browser's (stale page, or a forged post)."""


# --- the visit -----------------------------------------------------------------------------


def origins(urls: list[str]) -> tuple[str, ...]:
    """The distinct origins of ``urls``: what a page adds to its CSP to show or post to them."""
    found = (urllib.parse.urlsplit(url) for url in urls)
    return tuple(dict.fromkeys(f"{u.scheme}://{u.netloc}" for u in found))


class Visit:
    """One page request: who is visiting, in which language, and what they posted."""

    def __init__(self, request: Request, params: dict[str, str], deps: Deps) -> None:
        self.request = request
        self.params = params
        self.deps = deps
        self.now: datetime = deps.clock()
        self.secure = not deps.settings.is_local
        self.cookies = parse_cookies(request.headers.get("cookie"))
        self.set_cookies: list[str] = []
        # Read on first use only: a static file or a redirect costs no database read.
        self._token = self.cookies.get(cookie_name(SESSION, self.secure))
        self._principal: Principal | None = None
        self._principal_read = not self._token
        self._account: Account | None = None
        self._account_read = False
        self._unread: int | None = None
        self._nonce: str | None = None
        self._language: Language | None = None
        self._form: Form | None = None

    # --- who -------------------------------------------------------------------------------

    @property
    def principal(self) -> Principal | None:
        """Who holds the session cookie, if its token is signed and its session live."""
        if not self._principal_read:
            self._principal_read = True
            self._principal = sessions.visitor(self.deps, self._token)
        return self._principal

    @principal.setter
    def principal(self, principal: Principal | None) -> None:
        self._principal, self._principal_read = principal, True

    @property
    def account(self) -> Account | None:
        if not self._account_read:
            self._account_read = True
            principal = self.principal
            self._account = browsing.signed_in(self.deps, principal) if principal else None
            if principal is not None and self._account is None:  # gone: forget the session
                self.principal = None
                self._clear(SESSION)
        return self._account

    @property
    def unread(self) -> int:
        if self._unread is None:
            account = self.account
            self._unread = browsing.unread_count(self.deps, account) if account else 0
        return self._unread

    def require(self, *roles: Role) -> Account:
        """The signed-in account, if it has one of ``roles`` (any role when none given)."""
        account = self.account
        if account is None or self.principal is None:
            raise LogInFirst
        if roles:
            self.principal.require(*roles)
        return account

    def absolute(self, path: str, **query: str) -> str:
        """This site's absolute URL for ``path`` (where S3 sends the browser back after an
        upload), never built from what the client sent on a deployed stage."""
        suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
        return f"{self.base_url}{path}{suffix}"

    @property
    def base_url(self) -> str:
        return core.base_url(self.request, self.deps.settings)

    def acting(self, *roles: Role) -> Principal:
        """Who acts: the signed-in principal, if it has one of ``roles`` (any when none given)."""
        self.require(*roles)
        assert self.principal is not None
        return self.principal

    def start_session(self, session: Session) -> None:
        ttl = int(self.deps.settings.token_ttl.total_seconds())
        name, account = cookie_name(SESSION, self.secure), session.account
        self.set_cookies.append(cookie(name, session.token, secure=self.secure, max_age=ttl))
        self._new_nonce()  # a new session gets new form tokens
        self.principal = session.principal
        self._account, self._account_read, self._unread = account, True, None
        self._language = account.language
        self._remember_language(account.language)

    def end_session(self) -> None:
        self._clear(SESSION)
        self._new_nonce()
        self.principal = None
        self._account, self._account_read, self._unread = None, True, 0

    # --- language --------------------------------------------------------------------------

    @property
    def language(self) -> Language:
        if self._language is None:
            self._language = self._negotiate()
        return self._language

    def _negotiate(self) -> Language:
        """``?lang=`` (remembered in the cookie, never in the account: a GET changes nothing),
        else the account's, else the cookie's, else the browser's."""
        asked = self._language_or_none(self.query("lang"))
        if asked is not None:
            self._remember_language(asked)
            return asked
        if self.account is not None:
            return self.account.language
        remembered = self._language_or_none(self.cookies.get(LANGUAGE))
        if remembered is not None:
            return remembered
        browser = i18n.from_accept_language(self.request.headers.get("accept-language"))
        return browser or i18n.DEFAULT_LANGUAGE

    @staticmethod
    def _language_or_none(code: str | None) -> Language | None:
        try:
            return Language(code) if code else None
        except ValueError:
            return None

    def choose_language(self, code: str) -> None:
        """The language switch's POST: the cookie, and a signed-in account's language (its
        pages, e-mails and SMS follow it)."""
        language = self._language_or_none(code)
        if language is None:
            return
        self._remember_language(language)
        self._language = language
        if self.principal is not None:
            sessions.choose_language(self.deps, self.principal, language)

    def _remember_language(self, language: Language) -> None:
        age = int(LANGUAGE_AGE.total_seconds())
        self.set_cookies.append(
            cookie(LANGUAGE, language.value, secure=self.secure, max_age=age, http_only=False)
        )

    def t(self, message: str, **values: Any) -> str:
        """``message`` in the visitor's language, with ``%(name)s`` values filled in."""
        return i18n.say(self.language, message, **values)

    # --- CSRF ------------------------------------------------------------------------------

    def _new_nonce(self) -> str:
        self._nonce = secrets.token_urlsafe(32)
        name = cookie_name(CSRF, self.secure)
        self.set_cookies.append(cookie(name, self._nonce, secure=self.secure))
        return self._nonce

    @property
    def nonce(self) -> str:
        """This browser's CSRF nonce (a cookie), made on first need."""
        if self._nonce is None:
            kept = self.cookies.get(cookie_name(CSRF, self.secure), "")
            self._nonce = kept if len(kept) >= 32 else self._new_nonce()
        return self._nonce

    @property
    def csrf(self) -> str:
        """The token every form carries: a server-keyed MAC of this browser's nonce cookie
        (signed double submit), so another site can neither read nor forge it."""
        return self.deps.tokens.digest("csrf", self.nonce)

    @property
    def return_token(self) -> str:
        """What a link S3 sends the browser back to carries in place of a form's CSRF token
        (a GET cannot post one): tied to this browser's nonce, and a separate MAC, so storage
        logs holding the link never hold a token any form accepts."""
        return self.deps.tokens.digest("upload-return", self.nonce)

    def check_return_token(self) -> None:
        """A GET that changes state (an upload's return link) must carry ``return_token``."""
        sent = (self.query("t") or "").encode()
        if not hmac.compare_digest(sent, self.return_token.encode()):
            raise FormExpired

    # --- request ---------------------------------------------------------------------------

    @property
    def method(self) -> str:
        return self.request.method.upper()

    def query(self, name: str) -> str | None:
        params = self.request.query_params
        value = params.get(name) if params else None
        return value[:500] if isinstance(value, str) else None

    @property
    def path(self) -> str:
        """The path asked for (API Gateway gives the route template and its parameters)."""
        path = self.request.path
        for name, value in (self.request.uri_params or {}).items():
            path = path.replace("{" + name + "}", urllib.parse.quote(value))
        return path

    @property
    def source(self) -> str:
        """The client's address, for the use cases' throttles."""
        return core.client_address(self.request)

    def form(self) -> Form:
        """The posted form, once its CSRF token is checked."""
        if self._form is None:
            content_type = (self.request.headers.get("content-type") or "").split(";")[0]
            if content_type.strip().lower() != FORM_TYPE:
                raise BadForm("forms are posted as application/x-www-form-urlencoded")
            try:
                raw = core.raw_body(self.request, self.deps.settings.max_body_bytes)
            except PayloadTooLarge as error:
                raise BadForm("the form is too large") from error
            form = parse_form(raw)
            if not hmac.compare_digest(form.one("csrf").encode(), self.csrf.encode()):
                raise FormExpired
            self._form = form
        return self._form

    @property
    def here(self) -> str:
        """This page's path and query, without ``lang`` or ``done``: where the switch returns."""
        kept = [(k, v) for k, v in query_pairs(self.request) if k not in ("lang", "done")]
        return self.path + (f"?{urllib.parse.urlencode(kept)}" if kept else "")

    def language_links(self) -> list[tuple[str, str, str]]:
        """(code, name, href) for the switch: this page, with ``lang`` replaced."""
        kept = [(k, v) for k, v in query_pairs(self.request) if k != "lang"]
        names = {Language.AR: "العربية", Language.FR: "Français", Language.EN: "English"}
        return [
            (lang.value, names[lang], f"?{urllib.parse.urlencode([*kept, ('lang', lang.value)])}")
            for lang in (Language.AR, Language.FR, Language.EN)
        ]

    def _clear(self, base: str) -> None:
        name = cookie_name(base, self.secure)
        self.set_cookies.append(cookie(name, "", secure=self.secure, max_age=0))

    # --- once-only submits -----------------------------------------------------------------

    def once(self, form: Form, action: Callable[[], str]) -> str:
        """Run ``action`` (which creates something and returns where to go) once per form
        render and content: a double tap, a resent POST or a retry after a lost answer gets
        the first result. The key is the form's ``form_key`` (new at each render) plus a hash
        of what was typed, so a corrected form is a new request, a repeated one is not."""
        who = self.principal.account_id if self.principal else "-"
        form_key = form.one("form_key")[:64] or uuid.uuid4().hex
        fingerprint = form.fingerprint()
        key = f"page:{who}:{self.path}:{form_key}:{fingerprint}"

        def work() -> tuple[int, dict[str, Any]]:
            return 303, {"location": action()}

        outcome = core.once(
            self.deps.idempotency, key, fingerprint, self.now, work, wait_s=REPLAY_WAIT_S
        )
        return str(outcome.body.get("location", "/me"))


def query_pairs(request: Request) -> list[tuple[str, str]]:
    params = request.query_params
    if params is None:
        return []
    return [(k, v) for k in params for v in params.getlist(k)]
