"""peak-memory: peak RSS of one process that imports the app and answers 500 mixed API requests
in-process (``chalice.test.Client``), then runs the sweeper once to close, award and notify;
moto runs in another process, and the measured process imports neither moto nor the bench's
load tools, so its peak is the app's own, as in a Lambda sandbox.

The functions must fit a 128 MB Lambda; ``lambda_memory_size`` in ``.chalice/config.json`` is
set from this figure (see README, "Benchmarks").
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import (
    PROJECT,
    PYTHON,
    Result,
    Target,
    app_environment,
    moto_process,
    run_figure,
    said,
    say,
)

TARGET = Target("peak-memory", "<=", 100)
REQUESTS = 500
LAMBDA_SIZES = (128, 192, 256, 384, 512, 768, 1024)
HEADROOM = 1.25  # Lambda's "Max Memory Used" is the whole sandbox; leave a quarter spare


def rss_mb() -> float:
    """This process's peak RSS so far (``VmHWM``: reset at exec, unlike ``ru_maxrss``, which
    keeps the forking parent's size)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_botocore() -> Counter[str]:
    """Botocore sessions and clients the app creates: each session parses its own copy of the
    endpoint and service data (about 10 MB)."""
    import botocore.session

    made: Counter[str] = Counter()
    init, create = botocore.session.Session.__init__, botocore.session.Session.create_client

    def counted_init(session: Any, *args: Any, **kwargs: Any) -> None:
        made["sessions"] += 1
        init(session, *args, **kwargs)

    def counted_create(session: Any, service: str, *args: Any, **kwargs: Any) -> Any:
        made[f"{service} clients"] += 1
        return create(session, service, *args, **kwargs)

    botocore.session.Session.__init__ = counted_init
    botocore.session.Session.create_client = counted_create
    return made


def mixed_requests(api: Any, window: int) -> tuple[Counter[str], list[str], float]:
    """500 API requests, as organizers and caterers make them; returns how many of each kind,
    the ids of 3 tenders that close ``window`` seconds in, and when those were posted."""
    from bench.common import Person

    rng = random.Random(7)
    kinds: Counter[str] = Counter()
    send = api.send

    def counted(method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        kinds["all"] += 1
        return send(method, path, headers, body)

    api.send = counted

    def call(kind: str, method: str, path: str, body: Any = None, token: str | None = None) -> None:
        kinds[kind] += 1
        api.call(method, path, body, token)

    def bid(tender: dict[str, Any], caterer: Person, proposal: str = "") -> None:
        amounts[tender["id"]] -= 250
        body = {"amount_mad": f"{amounts[tender['id']]}.00", "proposal": proposal}
        call("bid", "POST", f"/api/tenders/{tender['id']}/bids", body, caterer.token)

    organizers = [api.sign_up("organizer") for _ in range(3)]
    caterers = [api.sign_up("caterer", language=lang) for lang in ("ar", "fr", "en") * 4]
    closing = [api.tender(organizers[i % 3], seconds=window + 1) for i in range(3)]
    posted = time.monotonic()
    lasting = [
        api.tender(organizers[i % 3], seconds=3600, mode=("open" if i % 2 else "sealed"))
        for i in range(6)
    ]
    kinds["sign up, verify, log in, post tenders"] = kinds["all"]
    tenders = closing + lasting
    amounts = {t["id"]: 50000 for t in tenders}
    for tender in closing:  # every closing tender gets bids, so the sweep awards and notifies
        for caterer in caterers[:4]:
            bid(tender, caterer)
    while kinds["all"] < REQUESTS:
        tender, caterer = rng.choice(tenders), rng.choice(caterers)
        roll = rng.random()
        if roll < 0.30:
            bid(tender, caterer, "Menu complet, service et vaisselle inclus. " * 10)
        elif roll < 0.50:
            call("read tender", "GET", f"/api/tenders/{tender['id']}")
        elif roll < 0.65:
            query = rng.choice(["", "?status=open", "?province=agadir-ida-outanane", "?limit=50"])
            call("list tenders", "GET", f"/api/tenders{query}")
        elif roll < 0.75:
            call("own bids", "GET", f"/api/tenders/{tender['id']}/bids", token=caterer.token)
        elif roll < 0.85:
            who = rng.choice([caterer.token, rng.choice(organizers).token])
            call("me", "GET", "/api/me", token=who)
        elif roll < 0.93:
            call("inbox", "GET", "/api/me/notifications", token=caterer.token)
        else:
            call("malformed", "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "x"})
    api.send = send
    return kinds, [t["id"] for t in closing], posted


def child() -> None:
    """The measured process: only the app, the Chalice test client and the standard library."""
    seen: dict[str, Any] = {"started": rss_mb()}
    botocore_made = count_botocore()
    import app  # noqa: F401 - what a Lambda sandbox imports

    seen["imported"] = rss_mb()
    import chalice.test  # noqa: F401 - the harness (API Gateway's events); not in a Lambda

    seen["harness"] = rss_mb()
    from bench.common import InProcessApi, minimum_window_s

    api = InProcessApi()
    window = minimum_window_s()
    kinds, closing, posted = mixed_requests(api, window)
    seen |= {"after_api": rss_mb(), "requests": kinds.pop("all"), "kinds": dict(kinds)}
    time.sleep(max(0.0, window + 1.5 - (time.monotonic() - posted)))
    event = api.client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    api.client.lambda_.invoke("sweep", event)
    seen["after_sweep"] = rss_mb()
    statuses = [api.get(f"/api/tenders/{tender_id}")["status"] for tender_id in closing]
    seen |= {
        "still_open": statuses.count("open"),
        "botocore": dict(botocore_made),
        "loaded": sorted({m.split(".")[0] for m in sys.modules}),
    }
    say(seen)


def configured_size() -> int:
    config = json.loads((PROJECT / ".chalice" / "config.json").read_text())
    return int(config.get("lambda_memory_size", 128))


def measure() -> Result:
    with moto_process() as moto:
        endpoint = moto.info["endpoint"]
        env = {**os.environ, **app_environment(endpoint)}
        prepare = "from bench.common import use_moto; import sys; use_moto(sys.argv[1])"
        subprocess.run([PYTHON, "-c", prepare, endpoint], cwd=PROJECT, env=env, check=True)
        done = subprocess.run(
            [PYTHON, "-m", "bench.peak_memory", "child"],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    if done.returncode:
        raise RuntimeError(done.stderr.strip()[-600:])
    messages = said(done.stdout)
    if not messages:
        raise RuntimeError(f"the measured process said nothing: {done.stderr.strip()[-600:]}")
    seen = messages[-1]
    if "moto" in seen["loaded"]:
        raise RuntimeError("the measured process imported moto; its peak would not be the app's")
    if seen["still_open"]:
        raise RuntimeError(f"the sweeper left {seen['still_open']} due tenders open")
    peak = max(seen["after_api"], seen["after_sweep"])
    fits = next((m for m in LAMBDA_SIZES if peak * HEADROOM <= m), LAMBDA_SIZES[-1])
    configured = configured_size()
    shown = (
        f"{peak:.1f} [MB peak RSS: at start {seen['started']:.0f}, app imported "
        f"{seen['imported']:.0f}, chalice.test harness +{seen['harness'] - seen['imported']:.0f} "
        f"(not in Lambda), after {seen['requests']} API requests {seen['after_api']:.1f}, "
        f"after a sweep closing 3 tenders {seen['after_sweep']:.1f}; lambda_memory_size "
        f"{fits} fits with {HEADROOM - 1:.0%} spare, config has {configured}]"
    )
    mix = ", ".join(f"{kind} {n}" for kind, n in sorted(seen["kinds"].items()))
    made = ", ".join(f"{what} {n}" for what, n in sorted(seen["botocore"].items()))
    return Result(peak, shown, [f"request mix: {mix}", f"botocore objects made: {made}"])


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        child()
    else:
        raise SystemExit(run_figure(TARGET, measure))
