"""closer-scaling: the sweeper's time to find and close 100 due tenders when they are the only
open tenders ÷ when 20,000 more open tenders (not yet due) sit beside them.

Time is the CPU time the sweep costs the app's process and moto's together, median of 3 rounds
interleaved: on a shared 2-core machine wall time swings by a fifth from round to round, CPU
time far less. The wall-time ratio (best of 3) is printed beside it.

The sweeper must find due tenders with a query on the sparse ``due`` index, never a scan; then
its time does not grow with the number of open tenders. Tenders are made by the real
``post_tender`` service (so they have exactly the attributes the product writes), captured
instead of saved, and written in bulk with PynamoDB's ``batch_write`` straight into moto,
their opening already announced (alerts go out on the sweep after a tender is posted;
a burst of new tenders is announced a batch per sweep, ``closing.OUTBOX_BATCH``).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from bench.common import (
    PROJECT,
    PYTHON,
    Child,
    DynamoDBCalls,
    InProcessApi,
    Messages,
    Person,
    Result,
    Target,
    fmt,
    median,
    moto_process,
    run_figure,
    say,
    tender_body,
    use_moto,
)

TARGET = Target("closer-scaling", "<=", 1.2)
DUE = 100
CROWD = 20_000
ROUNDS = 3


class NoSchedules:
    """Seeded tenders get no one-time schedule: only the sweeper is measured."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


class Seeder:
    def __init__(self, organizers: list[Person]) -> None:
        from chalicelib.adapters.accounts import AccountRepository
        from chalicelib.bootstrap import deps
        from chalicelib.domain.account import Principal, Role

        class OrganizersReadOnce(AccountRepository):
            """``post_tender`` reads its organizer's record; five organizers post them all."""

            @functools.cache  # noqa: B019 - one seeder per process, five organizers
            def get(self, account_id: str) -> Any:
                return super().get(account_id)

        self.principals = [Principal(o.id, Role.ORGANIZER) for o in organizers]
        self.deps = dataclasses.replace(
            deps(), scheduler=cast(Any, NoSchedules()), accounts=OrganizersReadOnce()
        )

    def seed(
        self, count: int, posted: datetime, deadline: datetime, histories: bool = True
    ) -> list[str]:
        """``count`` open tenders posted at ``posted`` closing at ``deadline``; their ids.
        With ``histories``, each one's first step too (the crowd's are never read by a sweep,
        so it goes without: its seeding takes as long as before the history)."""
        from chalicelib.adapters.history import step_item
        from chalicelib.adapters.models import StepModel, TenderModel
        from chalicelib.adapters.tender_items import tender_item
        from chalicelib.adapters.tenders import TenderRepository
        from chalicelib.commands import PostTender
        from chalicelib.services.tenders import post_tender

        body = tender_body(0) | {
            "bid_deadline": deadline.isoformat(),
            "event_date": (deadline + timedelta(days=30)).date().isoformat(),
        }
        command = PostTender.model_validate(body)
        deps = dataclasses.replace(self.deps, clock=lambda: posted)
        items: list[Any] = []
        steps: list[Any] = []

        class Collected(TenderRepository):
            """Keeps what ``post_tender`` would write, to batch-write it below."""

            def add_order(self, order: Any, due_at: datetime) -> None:
                for tender, step in order:
                    items.append(tender_item(tender, due_at))
                    steps.append(step_item(step, None))

        deps = dataclasses.replace(deps, tenders=Collected())
        ids = [
            post_tender(deps, self.principals[i % len(self.principals)], command).id
            for i in range(count)
        ]
        if len(items) != count or len(steps) != count:
            raise RuntimeError("post_tender no longer stores a tender with its first step")
        with TenderModel.batch_write() as batch:
            for item in items:
                # the steady state: each tender's opening was announced (its alerts sent) by
                # the sweep after it was posted, so its outbox is empty
                item.events, item.outbox, item.outbox_at = None, None, None
                batch.save(item)
        with StepModel.batch_write() as batch:
            for step in steps if histories else []:
                batch.save(step)
        return ids


def still_open(ids: list[str]) -> int:
    from chalicelib.adapters.models import TenderModel

    return sum(1 for t in TenderModel.batch_get(ids) if t.status == "open")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(endpoint: str, crowd: int, moto_pid: int) -> None:
    """One side: its own moto with ``crowd`` open tenders not yet due; on each line of standard
    input, seed 100 due tenders, time one sweep, say what it did."""
    calls = DynamoDBCalls.install()
    use_moto(endpoint)
    api = InProcessApi()
    seeder = Seeder([api.sign_up("organizer") for _ in range(5)])
    event = api.client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )

    def sweep_round(count: int) -> dict[str, Any]:
        now = datetime.now(UTC)
        ids = seeder.seed(count, now - timedelta(hours=1), now - timedelta(seconds=30))
        with calls.during() as seen:
            cpu = time.process_time() + cpu_seconds(moto_pid)
            start = time.perf_counter()
            api.client.lambda_.invoke("sweep", event)
            elapsed = time.perf_counter() - start
            cpu = time.process_time() + cpu_seconds(moto_pid) - cpu
        left = still_open(ids)
        if left:
            raise RuntimeError(f"the sweeper left {left} of {count} due tenders open")
        return {
            "elapsed": elapsed,
            "cpu": cpu,
            "requests": seen.total(),
            "scans": seen.counts["Scan"],
            "items_read": seen.items_read,
            "seconds": dict(seen.seconds),
        }

    start = time.perf_counter()
    now = datetime.now(UTC)
    for _ in range(0, crowd, 5000):
        seeder.seed(min(5000, crowd), now, now + timedelta(days=2), histories=False)
    seeded = time.perf_counter() - start
    sweep_round(10)  # warm up: first clients, catalogs, Babel's locale data
    say({"seeded_s": seeded})
    for _ in sys.stdin:
        say(sweep_round(DUE))


class Side:
    def __init__(self, moto: Child, crowd: int) -> None:
        where = [moto.info["endpoint"], str(crowd), str(moto.process.pid)]
        self.process = subprocess.Popen(
            [PYTHON, "-m", "bench.closer_scaling", *where],
            cwd=PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.messages = Messages(self.process, f"the sweeper among {crowd:,}")
        self.rounds: list[dict[str, Any]] = []

    def read(self) -> dict[str, Any]:
        return self.messages.next(150)

    def sweep(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        self.rounds.append(self.read())

    def best(self) -> float:
        return min(float(r["elapsed"]) for r in self.rounds)

    def cpu(self) -> float:
        return median([float(r["cpu"]) for r in self.rounds])

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def measure() -> Result:
    with moto_process(gc=False) as moto_alone, moto_process(gc=False) as moto_crowd:
        alone, crowded = Side(moto_alone, 0), Side(moto_crowd, CROWD)
        try:
            alone.read()
            seeded_s = crowded.read()["seeded_s"]
            for i in range(ROUNDS):
                for side in (alone, crowded) if i % 2 == 0 else (crowded, alone):
                    side.sweep()
        finally:
            alone.stop()
            crowded.stop()
    small, big = alone.cpu(), crowded.cpu()
    ratio = big / small
    wall_small, wall_big = alone.best(), crowded.best()
    last_small, last_big = alone.rounds[-1], crowded.rounds[-1]
    shown = (
        f"{fmt(ratio)} [CPU time of the sweep (app + moto) with {DUE} due among {CROWD:,} open "
        f"{big:.2f} s ÷ among {DUE} open {small:.2f} s, median of {ROUNDS} interleaved; wall "
        f"time best of {ROUNDS}: {wall_big:.2f} s ÷ {wall_small:.2f} s = "
        f"{fmt(wall_big / wall_small)}; Scan {last_big['scans'] + last_small['scans']}; items "
        f"read by queries {last_big['items_read']} vs {last_small['items_read']}; requests "
        f"{last_big['requests']} vs {last_small['requests']}]"
    )
    small_s, big_s = last_small["seconds"], last_big["seconds"]
    grew = sorted(big_s, key=lambda k: small_s.get(k, 0.0) - big_s[k])[:3]
    notes = [
        f"seeding {CROWD:,} tenders with batch_write took {seeded_s:.0f} s",
        "where the extra time went (client-side, last round): "
        + ", ".join(f"{k} {small_s.get(k, 0.0):.2f} s → {big_s[k]:.2f} s" for k in grew),
    ]
    return Result(ratio, shown, notes)


if __name__ == "__main__":
    if len(sys.argv) == 4:
        worker(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit(run_figure(TARGET, measure))
