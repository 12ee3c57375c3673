"""Puts the features' pages on the app: each request becomes a ``Visit``, its handler's
result a response with the security headers, and every refusal a page in the visitor's
language (a 5xx only for a bug, logged)."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from chalice.app import Request, Response

from chalicelib.bootstrap import deps as build_deps
from chalicelib.domain.errors import Conflict, DomainError, Forbidden, NotFound, Unauthorized
from chalicelib.entrypoints import request as core
from chalicelib.entrypoints.formdata import BadForm, Form
from chalicelib.entrypoints.web import (
    SECURITY_HEADERS,
    FormExpired,
    Html,
    LogInFirst,
    PageHandler,
    Raw,
    Redirect,
    Result,
    Visit,
    content_security_policy,
    query_pairs,
)
from chalicelib.entrypoints.wire import status_of
from chalicelib.i18n import N_

if TYPE_CHECKING:
    from chalicelib.entrypoints.features import Routes

logger = logging.getLogger(__name__)
H = TypeVar("H", bound=PageHandler)

# Refusals as pages: the sentence the visitor reads (translated at render); the status is the
# API's for the same refusal (``wire.status_of``).
REFUSALS: dict[type[DomainError], tuple[str, str]] = {
    NotFound: (N_("Page not found"), N_("This page does not exist, or is not yours to see.")),
    Forbidden: (N_("Not allowed"), N_("Your account cannot do this.")),
    Conflict: (N_("Not possible now"), N_("This can no longer be done in its current state.")),
}

EXPIRED = (N_("This form has expired"), N_("Go back, reload the page and send the form again."))
UNREADABLE = (N_("Something is wrong with this form"), N_("Reload the page and try again."))
REFUSED = (N_("Not possible"), N_("Walima could not do this."))
BROKEN = (
    N_("Something went wrong"),
    N_("Walima had a problem showing this page. Please try again in a moment."),
)


def again(
    template: str,
    form: Form,
    errors: dict[str, str],
    context: dict[str, Any] | None = None,
    secret: tuple[str, ...] = (),
    status: int = 422,
) -> Html:
    """The same form again, with what was typed (but secrets) and a message per field."""
    return Html(
        template, {**(context or {}), "form": form.values(*secret), "errors": errors}, status
    )


def error_page(status: int, words: tuple[str, str]) -> Html:
    return Html("error.html", {"status": status, "title": words[0], "text": words[1]}, status)


class Renderer:
    """How the site turns ``Html`` into text (``render.py`` implements it with Jinja2)."""

    def render(self, visit: Visit, html: Html) -> str:
        raise NotImplementedError

    def render_bare(self, request: Request, html: Html) -> str:
        """For when no ``Visit`` could be made (storage down): no account, no database."""
        raise NotImplementedError


class PageRouter:
    """One feature's pages, declared beside its JSON routes; ``Site.include`` puts them on the
    app."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, list[str], PageHandler]] = []

    def route(self, path: str, methods: list[str]) -> Callable[[H], H]:
        def register(handler: H) -> H:
            self.routes.append((path, methods, handler))
            return handler

        return register


class Site:
    """Puts routers' pages on the app and renders whatever they return."""

    def __init__(self, app: Routes, renderer: Renderer) -> None:
        self.app = app
        self.renderer = renderer

    def include(self, router: PageRouter) -> None:
        for path, methods, handler in router.routes:
            self._register(path, methods, handler)

    def _register(self, path: str, methods: list[str], handler: PageHandler) -> None:
        def view(**params: str) -> Response:
            return self.serve(handler, params)

        view.__name__ = view.__qualname__ = f"page_{handler.__name__}"
        view.__doc__ = handler.__doc__
        self.app.route(path, methods=methods, content_types=["*/*"])(view)

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
        for kind, words in REFUSALS.items():
            if isinstance(error, kind):
                return error_page(status_of(error), words)
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
        headers: dict[str, Any] = {**SECURITY_HEADERS, **core.transport_headers()}
        body: str | bytes
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


def _query_string(request: Request) -> str:
    return urllib.parse.urlencode(query_pairs(request))
