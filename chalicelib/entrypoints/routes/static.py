"""The site's static files, and the 404 page for any other path (included last)."""

from __future__ import annotations

from chalicelib.domain.errors import (
    NotFound,
)
from chalicelib.entrypoints.api import ApiRouter
from chalicelib.entrypoints.render import ONE_YEAR, STATIC, STATIC_TYPES
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Raw, Result, Visit
from chalicelib.entrypoints.wire import BINARY_TYPES

api = ApiRouter()
pages = PageRouter()


@pages.route("/static/{name}", ["GET"])
def static_file(visit: Visit) -> Result:
    name = visit.params["name"]
    if name not in STATIC_TYPES:
        raise NotFound("no such file")
    kind = STATIC_TYPES[name]
    data = (STATIC / name).read_bytes()
    headers = {"Cache-Control": f"public, max-age={ONE_YEAR}, immutable"}
    if name == "sw.js":  # served from /static/, it looks after the whole site
        headers["Service-Worker-Allowed"] = "/"
    return Raw(data if kind in BINARY_TYPES else data.decode("utf-8"), kind, headers=headers)


@pages.route("/{proxy+}", ["GET", "POST"])
def not_found(visit: Visit) -> Result:
    raise NotFound("no such page")
