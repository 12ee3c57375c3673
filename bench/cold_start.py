"""cold-start-import: ``python -c "import app"`` ÷ importing the unavoidable floor (boto3,
PynamoDB's models, Chalice), fresh processes, interleaved, medians.

A Lambda cold start pays the app's imports on every new sandbox; whatever the app imports beyond
boto3 + PynamoDB + Chalice should be small or loaded lazily. The line names what costs most.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections import defaultdict

from bench.common import PROJECT, PYTHON, Result, Target, app_environment, fmt, median, run_figure

TARGET = Target("cold-start-import", "<=", 1.3)
RUNS = 9  # each; interleaved, alternating which goes first
APP = "import app"
FLOOR = "import boto3, pynamodb.models, chalice.app"
EVERY = (  # what the first requests add
    "import app; from chalicelib.entrypoints.routes.manifest import FEATURES; "
    "[app.features.load(feature) for feature in FEATURES]"
)
IMPORT_TIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def timed(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{code!r} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def self_times(code: str, env: dict[str, str]) -> dict[str, int]:
    """Microseconds each module spent importing itself (``-X importtime``)."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {m[4]: int(m[1]) for m in IMPORT_TIME.finditer(done.stderr)}


def beyond_floor(env: dict[str, str]) -> str:
    """The heaviest packages the app imports that the floor does not, by import time."""
    floor = set(self_times(FLOOR, env))
    groups: defaultdict[str, int] = defaultdict(int)
    for module, micros in self_times(APP, env).items():
        if module in floor:
            continue
        parts = module.split(".")
        group = ".".join(parts[:2]) if parts[0] in ("chalicelib", "email_validator") else parts[0]
        groups[group] += micros
    top = sorted(groups.items(), key=lambda kv: -kv[1])[:5]
    return ", ".join(f"{name} {micros / 1000:.0f} ms" for name, micros in top)


def measure() -> Result:
    import os

    env = {**os.environ, **app_environment()}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both sides import compiled bytecode
    timed(APP, env)  # compile, warm the page cache, and check that the app imports at all
    timed(FLOOR, env)
    app: list[float] = []
    floor: list[float] = []
    every: list[float] = []
    for i in range(RUNS):
        pair = [(APP, app), (FLOOR, floor)]
        for code, into in pair if i % 2 else reversed(pair):
            into.append(timed(code, env))
        every.append(timed(EVERY, env))
    ratio = median(app) / median(floor)
    shown = (
        f"{fmt(ratio)} [app {median(app) * 1000:.0f} ms ÷ floor {median(floor) * 1000:.0f} ms, "
        f"median of {RUNS} fresh processes each; beyond the floor: {beyond_floor(env)}; "
        f"with every feature loaded, as the first requests load them: "
        f"{median(every) * 1000:.0f} ms]"
    )
    return Result(ratio, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
