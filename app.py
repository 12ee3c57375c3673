"""Walima's Lambda entry: declares the features' routes, the jobs and the local stage's extras.

Each feature (``chalicelib/entrypoints/routes/``) declares its JSON routes and its pages side by
side; ``routes/manifest.py`` names them all, so this module imports no feature until a request
reaches it (``entrypoints/features.py``). The work is in ``chalicelib``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from chalice.app import Chalice, Rate, Response

from chalicelib.entrypoints.features import Features
from chalicelib.entrypoints.middleware import contract_errors, observe
from chalicelib.entrypoints.wire import BINARY_TYPES
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

app = Chalice(app_name="walima")
app.api.binary_types += BINARY_TYPES  # the contract PDF, pictures: base64 via API Gateway
app.register_middleware(observe, "http")  # first: the outermost, sees the final status
app.register_middleware(contract_errors, "http")
features = Features(app)  # every route in routes/manifest.py; a feature loads on first call


@app.route("/api/{proxy+}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_api_path() -> Response:
    from chalicelib.entrypoints.wire import not_found_response

    return not_found_response()


# --- jobs: their own module, loaded by their own functions --------------------------------


@app.lambda_function(name="close_tender")
def close_tender(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.entrypoints import jobs

    return jobs.close(event, context)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="sweep")
def sweep(event: Any) -> dict[str, Any]:
    from chalicelib.entrypoints import jobs

    return jobs.sweep(event)


# --- local stage only ---------------------------------------------------------------------

if is_local_stage():

    @app.route("/dev/outbox", methods=["GET"])
    def dev_outbox() -> Response:
        from chalicelib.entrypoints.dev import moto_outbox
        from chalicelib.entrypoints.render import page

        emails, sms = moto_outbox()
        return page("dev_outbox.html", emails=emails, sms=sms)
