"""Plays EventBridge Scheduler and CloudWatch Events on one machine.

moto stores schedules but never fires them. This thread lists the app's one-time ``at()``
schedules in moto and, when one is due, invokes the Lambda function its target names with its
input, then deletes it (as ``ActionAfterCompletion=DELETE`` does); it also fires every
``@app.schedule`` rate on time. The app's code path is the production one; only firing is local.
Like Lambda, the running thread invokes them side by side (``WORKERS`` at most, and never the
same schedule or rate twice at once), so a slow close or sweep does not hold up the next one.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from chalice.app import Chalice, Rate, ScheduledEventConfig

from chalicelib.adapters.aws import client

logger = logging.getLogger(__name__)

AT = re.compile(r"at\((?P<when>[0-9T:-]+)\)")
RATE = re.compile(r"rate\((?P<n>\d+) (?P<unit>minute|minutes|hour|hours|day|days)\)")
SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
MAX_ATTEMPTS = 10
WORKERS = 8


def rate_seconds(expression: str) -> int:
    match = RATE.fullmatch(expression)
    if not match:
        raise ValueError(f"only rate() schedules run locally, not {expression!r}")
    return int(match["n"]) * SECONDS[match["unit"].rstrip("s")]


def cloudwatch_event(name: str, now: datetime) -> dict[str, Any]:
    return {
        "version": "0",
        "id": f"local-{name}-{int(now.timestamp())}",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "eu-west-3",
        "resources": [f"arn:aws:events:eu-west-3:123456789012:rule/{name}"],
        "detail": {},
    }


class LocalScheduler:
    def __init__(
        self, app: Chalice, app_module: Any, group: str, stage: str = "local", tick: float = 0.25
    ) -> None:
        self._functions = {f.name: f for f in app.pure_lambda_functions}
        self._rates = [
            (getattr(app_module, s.handler_string.split(".")[-1]), s.name, _seconds(s))
            for s in app.event_sources
            if isinstance(s, ScheduledEventConfig)
        ]
        self._group = group
        self._prefix = f"{app.app_name}-{stage}-"
        self._tick = tick
        self._stop = threading.Event()
        self._attempts: dict[str, int] = {}
        self._retry_at: dict[str, float] = {}
        # each schedule as last read, by (name, last modification): a tick reads only the new
        # and the changed ones, not every schedule every 0.25 s
        self._read: dict[tuple[str, str], dict[str, Any]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._busy: set[str] = set()  # schedules and rates running now, in the pool
        self._busy_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="local-scheduler", daemon=True)

    def start(self) -> LocalScheduler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        next_rate = {name: 0.0 for _, name, _ in self._rates}
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="local-lambda") as pool:
            self._pool = pool
            while not self._stop.is_set():
                try:
                    self.fire_due_schedules(datetime.now(UTC))
                    for handler, name, period in self._rates:
                        if time.monotonic() >= next_rate[name]:
                            next_rate[name] = time.monotonic() + period
                            event = cloudwatch_event(name, datetime.now(UTC))
                            self._run_once(name, functools.partial(handler, event, None))
                except Exception:  # a failing job must not stop the clock; it is retried
                    logger.exception("local scheduler tick failed")
                self._stop.wait(self._tick)

    def _run_once(self, name: str, job: Callable[[], object]) -> bool:
        """Run ``job`` in the pool unless ``name`` is running already (False: skipped); without
        a pool (a test calling ``fire_due_schedules`` itself) at once: whether it is done."""
        if self._pool is None:
            return bool(job())
        with self._busy_lock:
            if name in self._busy:
                return False
            self._busy.add(name)

        def run() -> None:
            try:
                job()
            except Exception:
                logger.exception("local job %s failed", name)
            finally:
                with self._busy_lock:
                    self._busy.discard(name)

        self._pool.submit(run)
        return True

    def fire_due_schedules(self, now: datetime) -> int:
        """Invoke every one-time schedule whose ``at()`` has come; returns how many fired (or,
        in the running thread, were handed to the pool)."""
        scheduler = client("scheduler")
        fired = 0
        pages = scheduler.get_paginator("list_schedules").paginate(GroupName=self._group)
        listed = {_version(s): s["Name"] for page in pages for s in page.get("Schedules", [])}
        self._read = {version: self._read[version] for version in listed if version in self._read}
        for version, name in listed.items():
            schedule = self._read.get(version)
            if schedule is None:  # new or changed since the last tick
                schedule = scheduler.get_schedule(Name=name, GroupName=self._group)
                self._read[version] = schedule
            match = AT.fullmatch(schedule["ScheduleExpression"])
            if not match:
                continue
            due = datetime.fromisoformat(match["when"]).replace(tzinfo=UTC)
            if due > now or time.monotonic() < self._retry_at.get(name, 0.0):
                continue
            fired += self._run_once(name, functools.partial(self._fire, name, schedule["Target"]))
        return fired

    def _fire(self, name: str, target: dict[str, Any]) -> bool:
        done = self._invoke(name, target)
        if done:
            client("scheduler").delete_schedule(Name=name, GroupName=self._group)
        return done

    def _invoke(self, name: str, target: dict[str, Any]) -> bool:
        """Run the target; on failure retry with backoff like the schedule's RetryPolicy.

        True when the schedule is done (succeeded, or gave up after ``MAX_ATTEMPTS``).
        """
        function = self._functions[target["Arn"].rsplit(":", 1)[-1].removeprefix(self._prefix)]
        try:
            function(json.loads(target.get("Input") or "{}"), {})
        except Exception:
            attempts = self._attempts[name] = self._attempts.get(name, 0) + 1
            logger.exception("schedule %s failed (attempt %d)", name, attempts)
            self._retry_at[name] = time.monotonic() + min(2.0**attempts, 60.0)
            return attempts >= MAX_ATTEMPTS
        return True


def _version(summary: dict[str, Any]) -> tuple[str, str]:
    """A schedule's identity as listed: moto's summaries carry the expression too, so a moved
    deadline is re-read even within the modification date's resolution."""
    changed = (summary.get("LastModificationDate"), summary.get("ScheduleExpression"))
    return summary["Name"], repr(changed)


def _seconds(source: ScheduledEventConfig) -> int:
    expression = source.schedule_expression
    text = expression.to_string() if isinstance(expression, Rate) else str(expression)
    return rate_seconds(text)
