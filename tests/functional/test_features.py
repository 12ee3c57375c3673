"""``app.py`` declares every route from the manifest and loads a feature on its first call: the
manifest is the routers' own list, a cold start imports no feature, and a request or a job
loads what it reaches only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from chalicelib.entrypoints.routes import manifest

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
import app
from chalice.test import Client

def loaded():
    return sorted(
        name.rsplit(".", 1)[1] for name in sys.modules
        if name.startswith("chalicelib.entrypoints.routes.") and not name.endswith(".manifest")
    )

def state():
    return {"features": loaded(), "pydantic": "pydantic" in sys.modules,
            "jinja2": "jinja2" in sys.modules}

seen = {"import": state()}
with Client(app.app, stage_name="local", project_dir=".") as client:
    client.lambda_.invoke("sweep", client.events.generate_cw_event("Scheduled Event", "", [], {}))
    seen["sweep"] = state()
    seen["static"] = {"status": client.http.get("/static/walima.css").status_code, **state()}
    seen["api"] = {"status": client.http.get("/api/tenders").status_code, **state()}
    seen["document"] = {"status": client.http.get("/api/openapi.json").status_code, **state()}
print(json.dumps(seen))
"""


def test_the_manifest_lists_what_the_routers_declare() -> None:
    assert Path(manifest.__file__).read_text(encoding="utf-8") == manifest.written(), (
        "routes changed: run python -m chalicelib.entrypoints.routes"
    )
    assert {route.feature for route in manifest.ROUTES} == set(manifest.FEATURES)


def fresh_process() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return seen


def test_a_cold_start_loads_a_feature_when_a_request_reaches_it(aws: str) -> None:
    seen = fresh_process()
    assert seen["import"] == {"features": [], "pydantic": False, "jinja2": False}
    assert (seen["sweep"]["features"], seen["sweep"]["jinja2"]) == ([], False)  # no page
    static = seen["static"]
    assert (static["status"], static["features"], static["jinja2"]) == (200, ["static"], False)
    api = seen["api"]
    assert (api["status"], api["jinja2"]) == (200, False)  # a JSON call renders no page
    assert "tenders" in api["features"]
    assert not {"contracts", "disputes", "fees", "verification"} & set(api["features"])
    document = seen["document"]
    assert (document["status"], document["features"]) == (200, sorted(manifest.FEATURES))
