"""The pages' plumbing: session and CSRF cookies, the visitor's language, form bodies, security
headers, once-only form submits, and every refusal turned into a page in the visitor's language.

Page handlers (``pages.py``) receive a ``Visit`` and return ``Html``, ``Redirect`` or ``Raw``;
routes are declared in ``app.py`` through ``Site.route``. Like the API's ``Api``/``Call``, this
module is the only place where HTTP meets the services for the pages.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chalice.app import Chalice, Request, Response

from chalicelib import i18n
from chalicelib.bootstrap import deps as build_deps
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
)
from chalicelib.entrypoints import request as core
from chalicelib.i18n import N_
from chalicelib.services import browsing, sessions
from chalicelib.services.deps import Deps

logger = logging.getLogger(__name__)

FORM_TYPE = "application/x-www-form-urlencoded"
SESSION = "walima_session"
CSRF = "walima_csrf"
LANGUAGE = "walima_lang"
LANGUAGE_AGE = timedelta(days=365)
REPLAY_WAIT_S = 10.0
MAX_FIELDS = 200

# No inline script or style anywhere: everything comes from our own /static files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# Refusals as pages: the status and the sentence the visitor reads (translated at render).
REFUSALS: dict[type[DomainError], tuple[int, str, str]] = {
    NotFound: (404, N_("Page not found"), N_("This page does not exist, or is not yours to see.")),
    Forbidden: (403, N_("Not allowed"), N_("Your account cannot do this.")),
    Conflict: (409, N_("Not possible now"), N_("This can no longer be done in its current state.")),
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
    body: str
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Result = Html | Redirect | Raw
PageHandler = Callable[["Visit"], Result]


class LogInFirst(Exception):
    """The page needs a signed-in visitor: they are sent to /login and brought back after."""


class FormExpired(Exception):
    """The form's CSRF token does not match this browser's (stale page, or a forged post)."""


class BadForm(Exception):
    """The body is not a form we can read (wrong type, too big, not UTF-8)."""


# --- cookies -------------------------------------------------------------------------------


def parse_cookies(header: str | None) -> dict[str, str]:
    """Cookie header → dict. Lenient: a malformed pair is skipped, never an error."""
    jar: dict[str, str] = {}
    for pair in (header or "").split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name and name not in jar:
            jar[name] = urllib.parse.unquote(value.strip().strip('"'))
    return jar


def cookie(
    name: str,
    value: str,
    *,
    secure: bool,
    max_age: int | None = None,
    http_only: bool = True,
) -> str:
    parts = [f"{name}={urllib.parse.quote(value, safe='')}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def cookie_name(base: str, secure: bool) -> str:
    """``__Host-`` cookies are bound to this exact host over HTTPS (no subdomain can set them);
    browsers refuse them over plain HTTP, so the local stage uses the bare name."""
    return f"__Host-{base}" if secure else base


def safe_next(target: str | None) -> str:
    """Only a path on this site: never ``//evil``, ``/\\evil`` or ``https://…`` (open redirect)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(c in target for c in "\r\n\t\\")
    ):
        return "/me"
    return target


# --- forms ---------------------------------------------------------------------------------


class Form:
    """A posted ``application/x-www-form-urlencoded`` body."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    def one(self, name: str) -> str:
        values = self.fields.get(name) or [""]
        return values[-1]

    def many(self, name: str) -> list[str]:
        return list(self.fields.get(name, []))

    def values(self, *secret: str) -> dict[str, Any]:
        """What to put back in the form when it is shown again (never the secrets)."""
        return {
            name: (vals if len(vals) > 1 else vals[0])
            for name, vals in self.fields.items()
            if name not in secret and name not in ("csrf", "form_key") and vals
        }

    def fingerprint(self) -> str:
        """A hash of what was submitted, whatever the order of fields (double-submit key)."""
        canonical = urllib.parse.urlencode(
            sorted((k, v) for k, vals in self.fields.items() if k != "csrf" for v in vals)
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


def parse_form(raw: bytes) -> Form:
    try:
        text = raw.decode("utf-8")
        pairs = urllib.parse.parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise BadForm("the form is not valid UTF-8 form data") from error
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value.replace("\r\n", "\n"))
    return Form(fields)


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
        token = self.cookies.get(cookie_name(SESSION, self.secure))
        self.principal: Principal | None = sessions.visitor(deps, token)  # no I/O: a signature
        # Read on first use only: a static file or a redirect costs no database read.
        self._account: Account | None = None
        self._account_read = self.principal is None
        self._unread: int | None = None
        self._nonce: str | None = None
        self._language: Language | None = None
        self._form: Form | None = None

    # --- who -------------------------------------------------------------------------------

    @property
    def account(self) -> Account | None:
        if not self._account_read:
            self._account_read = True
            assert self.principal is not None
            self._account = browsing.signed_in(self.deps, self.principal)
            if self._account is None:  # the account is gone: forget the session
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
        """This site's absolute URL for ``path``: where S3 sends the browser back after an
        upload (behind a custom domain; API Gateway's stage prefix is not in ``Host``)."""
        host = self.request.headers.get("host") or "localhost"
        scheme = self.request.headers.get("x-forwarded-proto") or (
            "https" if self.secure else "http"
        )
        suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
        return f"{scheme}://{host}{path}{suffix}"

    def acting(self, *roles: Role) -> Principal:
        """Who acts: the signed-in principal, if it has one of ``roles`` (any when none given)."""
        self.require(*roles)
        assert self.principal is not None
        return self.principal

    def start_session(self, token: str, account: Account) -> None:
        ttl = int(self.deps.settings.token_ttl.total_seconds())
        self.set_cookies.append(
            cookie(cookie_name(SESSION, self.secure), token, secure=self.secure, max_age=ttl)
        )
        self._new_nonce()  # a new session gets new form tokens
        self.principal = Principal(account.id, account.role)
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
        """``?lang=`` (remembered), else the account's, else the cookie's, else the browser's."""
        asked = self._language_or_none(self.query("lang"))
        if asked is not None:
            self._remember_language(asked)
            if self.principal is not None and self.account and self.account.language != asked:
                sessions.choose_language(self.deps, self.principal, asked)
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

    def _remember_language(self, language: Language) -> None:
        age = int(LANGUAGE_AGE.total_seconds())
        self.set_cookies.append(
            cookie(LANGUAGE, language.value, secure=self.secure, max_age=age, http_only=False)
        )

    def t(self, message: str, **values: Any) -> str:
        """``message`` in the visitor's language, with ``%(name)s`` values filled in."""
        text = i18n.gettext_for(self.language, message)
        return text % values if values else text

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

    def language_links(self) -> list[tuple[str, str, str]]:
        """(code, name, href) for the switch: this page, with ``lang`` replaced."""
        kept = [(k, v) for k, v in _query_pairs(self.request) if k != "lang"]
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


# --- registering pages ---------------------------------------------------------------------

EXPIRED = (N_("This form has expired"), N_("Go back, reload the page and send the form again."))
UNREADABLE = (N_("Something is wrong with this form"), N_("Reload the page and try again."))
REFUSED = (N_("Not possible"), N_("Walima could not do this."))
BROKEN = (
    N_("Something went wrong"),
    N_("Walima had a problem showing this page. Please try again in a moment."),
)


def error_page(status: int, words: tuple[str, str]) -> Html:
    return Html("error.html", {"status": status, "title": words[0], "text": words[1]}, status)


class Renderer:
    """How the site turns ``Html`` into text (``pages.py`` implements it with Jinja2)."""

    def render(self, visit: Visit, html: Html) -> str:
        raise NotImplementedError

    def render_bare(self, request: Request, html: Html) -> str:
        """For when no ``Visit`` could be made (storage down): no account, no database."""
        raise NotImplementedError


class Site:
    """Registers page routes on the Chalice app and renders whatever they return."""

    def __init__(self, app: Chalice, renderer: Renderer) -> None:
        self.app = app
        self.renderer = renderer

    def route(self, path: str, methods: list[str]) -> Callable[[PageHandler], PageHandler]:
        def register(handler: PageHandler) -> PageHandler:
            def view(**params: str) -> Response:
                return self.serve(handler, params)

            view.__name__ = view.__qualname__ = f"page_{handler.__name__}"
            view.__doc__ = handler.__doc__
            self.app.route(path, methods=methods, content_types=["*/*"])(view)
            return handler

        return register

    def serve(self, handler: PageHandler, params: dict[str, str]) -> Response:
        request = self.app.current_request
        if request is None:
            raise RuntimeError("a page ran outside a request")
        visit: Visit | None = None
        try:
            visit = Visit(request, params, build_deps())
            core.check_ids(params)
            result = handler(visit)
        except Exception as error:
            result = self._refusal(visit, request, error)
        return self._respond(visit, request, result)

    def _refusal(self, visit: Visit | None, request: Request, error: Exception) -> Result:
        if isinstance(error, LogInFirst) and visit is not None:
            query = _query_string(request)
            target = visit.path + (f"?{query}" if query else "")
            return Redirect("/login?" + urllib.parse.urlencode({"next": target}))
        if isinstance(error, Unauthorized):
            return Redirect("/login")
        if isinstance(error, FormExpired):
            return error_page(403, EXPIRED)
        if isinstance(error, BadForm):
            return error_page(400, UNREADABLE)
        for kind, (status, title, text) in REFUSALS.items():
            if isinstance(error, kind):
                return error_page(status, (title, text))
        if isinstance(error, DomainError):
            return error_page(400, REFUSED)
        logger.exception("page %s failed", request.path)
        return error_page(500, BROKEN)

    def _html(self, visit: Visit | None, request: Request, html: Html) -> tuple[str, int]:
        try:
            if visit is not None:
                return self.renderer.render(visit, html), html.status
            return self.renderer.render_bare(request, html), html.status
        except Exception:
            logger.exception("rendering %s failed", html.template)
            if visit is not None and html.template != "error.html":
                return self._html(visit, request, error_page(500, BROKEN))
            return "<!doctype html><title>Walima</title><p>Walima: error 500</p>", 500

    def _respond(self, visit: Visit | None, request: Request, result: Result) -> Response:
        headers: dict[str, Any] = dict(SECURITY_HEADERS)
        if isinstance(result, Redirect):
            headers |= {"Location": result.location, "Cache-Control": "no-store"}
            status, body = result.status, ""
        elif isinstance(result, Raw):
            headers |= {"Content-Type": result.content_type, **result.headers}
            status, body = result.status, result.body
        else:
            body, status = self._html(visit, request, result)
            if result.allow:
                headers["Content-Security-Policy"] = content_security_policy(result.allow)
            headers |= {
                "Content-Type": "text/html; charset=utf-8",
                "Cache-Control": "no-store",
                "Vary": "Cookie, Accept-Language",
            }
        if visit is not None and visit.set_cookies:
            headers["Set-Cookie"] = list(dict.fromkeys(visit.set_cookies))
        return Response(body=body, status_code=status, headers=headers)


def _query_pairs(request: Request) -> list[tuple[str, str]]:
    params = request.query_params
    if params is None:
        return []
    return [(k, v) for k in params for v in params.getlist(k)]


def _query_string(request: Request) -> str:
    return urllib.parse.urlencode(_query_pairs(request))
