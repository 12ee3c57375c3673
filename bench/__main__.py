"""Run every figure, one child process each (a figure's imports, threads and moto state never
leak into the next), one after the other (timings must not overlap), within a time budget.

``python -m bench`` runs them all; ``python -m bench close-lag page-weight`` runs those.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import time

from bench.common import PROJECT, PYTHON, Result, Target, emit

FIGURES = (
    "cold_start",
    "bid_requests",
    "bid_overhead",
    "closer_scaling",
    "concurrent_bidders",
    "close_lag",
    "peak_memory",
    "page_weight",
    "lighthouse",
    "crash_loss",
    "restart_time",
    "contract_pdf",
    "embedded_bid_scaling",
    "embedded_throughput",
    "package_size",
)
BUDGET_S = 960.0  # make bench must finish in under 16 minutes on 2 cores
LIMIT_S = {
    "closer_scaling": 360.0,  # 6 sweeps of 100 closes (each close and award now numbers its step)
    "concurrent_bidders": 180.0,
    "lighthouse": 150.0,
    "crash_loss": 180.0,
    "package_size": 300.0,
}


def stop_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def run(module: str, target: Target, limit_s: float) -> None:
    if limit_s < 5:
        emit(target, Result(None, "not run (time budget spent)"))
        return
    # Its own process group: on a timeout or Ctrl-C the figure and the moto or embedded server
    # it started are stopped together, by that group's id.
    child = subprocess.Popen(
        [PYTHON, "-m", f"bench.{module}"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=limit_s)
        failure = f"error (exit {child.returncode}, no figure printed)"
    except subprocess.TimeoutExpired:
        stop_group(child.pid)
        out, err = child.communicate()
        failure = f"error (stopped after {limit_s:.0f} s)"
    except KeyboardInterrupt:
        stop_group(child.pid)
        raise
    lines = [line for line in out.splitlines() if line.startswith(f"bench {target.name}:")]
    if lines:
        print(lines[-1], flush=True)
    else:
        emit(target, Result(None, failure))
    # After the line: its notes; for a broken figure, the end of what it wrote (a traceback).
    written = [line for line in err.rstrip().splitlines() if line.strip()]
    broken = not lines or f"bench {target.name}: error" in lines[-1]
    kept = written[-40:] if broken else [n for n in written if n.startswith(f"  {target.name}:")]
    if kept:
        print("\n".join(kept), file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    started = time.monotonic()
    targets = {m: importlib.import_module(f"bench.{m}").TARGET for m in FIGURES}
    wanted = set(argv)
    unknown = wanted - {t.name for t in targets.values()}
    if unknown:
        print(f"unknown figures: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for module, target in targets.items():
        if wanted and target.name not in wanted:
            continue
        left = BUDGET_S - (time.monotonic() - started)
        run(module, target, min(LIMIT_S.get(module, 120.0), left))
    print(f"  (bench wall time {time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
