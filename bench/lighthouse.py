"""lighthouse-mobile: Lighthouse's performance score (mobile: emulated phone, 4x CPU slowdown,
simulated slow 4G) for the tender page as a caterer sees it, median of 3 runs, on the embedded
server on 127.0.0.1 with Debian's chromium.

``make bench`` installs chromium (apt-get) and npm ``lighthouse`` into ``build/bench-tools`` once;
without them the figure is short and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import (
    PASSWORD,
    PROJECT,
    HttpApi,
    Result,
    Target,
    embedded_process,
    median,
    page_login,
    run_figure,
)

TARGET = Target("lighthouse-mobile", ">=", 95)
RUNS = 3
CHROME = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
LIGHTHOUSE = PROJECT / "build" / "bench-tools" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def lighthouse(url: str, cookie: str, out: Path) -> dict[str, Any]:
    headers = out.with_suffix(".headers.json")
    headers.write_text(json.dumps({"Cookie": cookie} if cookie else {}))
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={headers}",
            "--max-wait-for-load=30000",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROME)},
        cwd=out.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(out.read_text())
    score = report["categories"]["performance"]["score"]
    if score is None:
        raise RuntimeError(f"no score: {report.get('runtimeError')}")
    found: dict[str, Any] = {"score": float(score) * 100, "version": report["lighthouseVersion"]}
    for audit, short in METRICS.items():
        found[short] = float(report["audits"][audit].get("numericValue") or 0.0)
    return found


def measure() -> Result:
    import requests

    missing = [str(p) for p in (CHROME, LIGHTHOUSE) if not p.exists()]
    if missing:
        return Result(None, f"n/a [not installed: {', '.join(missing)}; make bench installs them]")
    with embedded_process() as server:
        api = HttpApi(server)
        organizer, caterer, rival = (api.sign_up(r) for r in ("organizer", "caterer", "caterer"))
        tender = api.tender(organizer, seconds=7200, mode="open")["id"]
        api.bid(rival, tender, "40000.00")
        api.bid(caterer, tender, "39000.00")
        url = f"{api.base}/tenders/{tender}"
        with requests.Session() as session:
            logged_in = page_login(session, api.base, caterer.login, PASSWORD)
            page = session.get(url, timeout=30)
            cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        if page.status_code != 200 or "html" not in page.headers.get("Content-Type", ""):
            return Result(None, f"n/a [the tender page does not exist yet ({page.status_code})]")
        with tempfile.TemporaryDirectory(prefix="walima-lighthouse-") as folder:
            runs = [lighthouse(url, cookie, Path(folder) / f"run{i}.json") for i in range(RUNS)]
    score = median([r["score"] for r in runs])
    typical = min(runs, key=lambda r: abs(r["score"] - score))
    metrics = ", ".join(
        f"{short} {typical[short]:.3f}" if short == "CLS" else f"{short} {typical[short]:.0f} ms"
        for short in METRICS.values()
    )
    who = "a caterer who bid" if logged_in else "anonymous (login through /login failed)"
    scores = ", ".join(f"{r['score']:.0f}" for r in runs)
    shown = f"{score:.0f} [median of {RUNS}: {scores}; /tenders/{{id}} as {who}; {metrics}]"
    return Result(score, shown, [f"{chromium_version()}, lighthouse {typical['version']}"])


def chromium_version() -> str:
    done = subprocess.run(
        [str(CHROME), "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout.strip() or "chromium (version unknown)"


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
