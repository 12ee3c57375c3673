"""Walima's Lambda entry: assembles the features' routers, the jobs and the local stage's extras.

Each feature (``chalicelib/entrypoints/routes/``) declares its JSON routes and its pages side by
side; the work is in ``chalicelib``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from chalice.app import Chalice, Rate, Response

from chalicelib.entrypoints import jobs
from chalicelib.entrypoints.api import Api, ApiRouter, Call, Reply
from chalicelib.entrypoints.render import JinjaRenderer, page
from chalicelib.entrypoints.routes import (
    accounts,
    alerts,
    awards,
    bidding,
    contracts,
    disputes,
    fees,
    learning,
    profiles,
    questions,
    static,
    tenders,
    verification,
)
from chalicelib.entrypoints.site import Site
from chalicelib.entrypoints.wire import not_found_response
from chalicelib.settings import is_local_stage


def chalice_command(argv: list[str]) -> str | None:
    """The chalice CLI's command (``local``, ``package``…) when it imports the app, else None."""
    if Path(argv[0]).name != "chalice":
        return None
    words = iter(argv[1:])
    for word in words:
        if word == "--project-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


if chalice_command(sys.argv) == "local":
    # chalice local would serve the app against whatever AWS the shell's credentials reach,
    # with no tables, no scheduler and no demo data. It imports the app in a thread of its
    # worker process, where SystemExit would end only that thread: the process ends here.
    print(
        "Walima runs on one machine with `make run` (moto in-process, tables, demo data, the "
        "local scheduler) on http://127.0.0.1:8000; chalice local is not supported.",
        file=sys.stderr,
        flush=True,
    )
    os._exit(2)

FEATURES = (
    accounts,
    tenders,
    bidding,
    questions,
    awards,
    contracts,
    disputes,
    profiles,
    fees,
    verification,
    alerts,
    learning,
    static,  # last: its catch-all is the 404 page
)

app = Chalice(app_name="walima")
app.api.binary_types.append("application/pdf")  # the contract: base64 through API Gateway
api = Api(app)
pages = Site(app, JinjaRenderer())
for feature in FEATURES:
    api.include(feature.api)
    pages.include(feature.pages)

documentation = ApiRouter()


@documentation.route("/api/openapi.json", methods=["GET"], returns=(200, "OpenApiDocument"))
def openapi_document(call: Call) -> Reply:
    """This document: OpenAPI 3.1, generated from the routes and their pydantic models."""
    return 200, api.openapi()


api.include(documentation)


@app.route("/api/{proxy+}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_api_path() -> Response:
    return not_found_response()


# --- jobs ---------------------------------------------------------------------------------


@app.lambda_function(name="close_tender")
def close_tender(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return jobs.close(event, context)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="sweep")
def sweep(event: Any) -> dict[str, Any]:
    return jobs.sweep(event)


# --- local stage only ---------------------------------------------------------------------

if is_local_stage():

    @app.route("/dev/outbox", methods=["GET"])
    def dev_outbox() -> Response:
        from chalicelib.entrypoints.dev import moto_outbox

        emails, sms = moto_outbox()
        return page("dev_outbox.html", emails=emails, sms=sms)
