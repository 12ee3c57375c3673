"""A process's first invocation is its cold start: the logs and the metrics say so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, logging
from chalicelib.adapters import telemetry
lines = []
class Keep(logging.Handler):
    def emit(self, record):
        lines.append(self.format(record))
keep = Keep()
keep.setFormatter(telemetry.logger().registered_formatter)
logging.getLogger("walima").addHandler(keep)  # walima.metrics's lines come up to it
for name in ("walima", "walima.metrics"):
    logging.getLogger(name).setLevel(logging.DEBUG)
for n in range(3):
    with telemetry.invocation(f"request-{n}", "GET /") as log:
        log.info("request")
print(json.dumps(lines))
"""


def test_only_the_first_invocation_of_a_process_is_cold() -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_LAMBDA")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    records = [json.loads(line) for line in json.loads(done.stdout.splitlines()[-1])]
    logged = [r for r in records if r.get("message") == "request"]
    assert [(r["correlation_id"], r["cold_start"]) for r in logged] == [
        ("request-0", True),
        ("request-1", False),
        ("request-2", False),
    ]
    emf = [json.loads(r["message"]) for r in records if "_aws" in str(r.get("message"))]
    counted = [blob.get("ColdStart") for blob in emf if "ColdStart" in blob]
    assert counted in ([1.0], [[1.0]])  # one count (Powertools may write it as a list)
