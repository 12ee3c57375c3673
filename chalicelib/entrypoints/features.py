"""The app's routes, declared from the manifest; a feature's module, and the request core with
it, is imported when one of its routes is first called.

A cold start then pays for Chalice and the routes' names only: the jobs' functions never load a
page, and a request loads the features it reaches (the first page loads Jinja2 and Babel, the
first JSON call pydantic). ``routes/manifest.py`` is kept equal to the routers by a test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from chalice.app import Chalice, Request, Response

from chalicelib.entrypoints.routes.manifest import ROUTES, Door, Route, module

if TYPE_CHECKING:
    from chalicelib.entrypoints.api import Api
    from chalicelib.entrypoints.site import Site

View = Callable[..., Response]
CONTENT_TYPES: dict[Door, list[str]] = {"api": ["application/json"], "page": ["*/*"]}


class Routes(Protocol):
    """What the doors need of the app: a place for their views, and the request being served
    (``Chalice`` itself, or ``Views``, from which the manifest's routes call them)."""

    @property
    def current_request(self) -> Request | None: ...

    def route(
        self, path: str, *, methods: list[str], content_types: list[str]
    ) -> Callable[[View], View]: ...


class Views:
    """The doors' views by (path, method), for the app's declared routes to call."""

    def __init__(self, app: Chalice) -> None:
        self.app = app
        self.by_route: dict[tuple[str, str], View] = {}

    @property
    def current_request(self) -> Request | None:
        return self.app.current_request

    def route(
        self, path: str, *, methods: list[str], content_types: list[str]
    ) -> Callable[[View], View]:
        def put(view: View) -> View:
            for method in methods:
                self.by_route[path, method] = view
            return view

        return put


class Features:
    """Declares every route of the manifest on the app; loads a feature on its first call."""

    def __init__(self, app: Chalice) -> None:
        self.app = app
        self.views = Views(app)
        self.loaded: set[str] = set()
        self._doors: tuple[Api, Site] | None = None
        self._lock = threading.Lock()
        for route in ROUTES:
            app.route(
                route.path,
                methods=list(route.methods),
                content_types=CONTENT_TYPES[route.door],
                name=route.name,
            )(self._declared(route))

    def _declared(self, route: Route) -> View:
        def view(**params: str) -> Response:
            request = self.app.current_request
            if request is None:
                raise RuntimeError("a route ran outside a request")
            self.load(route.feature)
            return self.views.by_route[route.path, request.method](**params)

        view.__name__ = view.__qualname__ = route.name
        return view

    def load(self, feature: str) -> None:
        """Puts the feature's routers on the doors, once per process."""
        if feature in self.loaded:
            return
        with self._lock:
            if feature in self.loaded:
                return
            routers = module(feature)
            api, site = self._open()
            api.include(routers.api)
            site.include(routers.pages)
            self.loaded.add(feature)

    def _open(self) -> tuple[Api, Site]:
        if self._doors is None:
            from chalicelib.entrypoints.api import Api
            from chalicelib.entrypoints.render import JinjaRenderer
            from chalicelib.entrypoints.site import Site

            self._doors = Api(self.views), Site(self.views, JinjaRenderer())
        return self._doors
