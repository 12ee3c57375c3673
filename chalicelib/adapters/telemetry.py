"""Structured logs, CloudWatch metrics and X-Ray traces through Powertools, loaded on first use.

Why lazily: importing Powertools' Logger or Metrics costs ~40 ms each and its Tracer ~240 ms
(``aws_xray_sdk``, even with tracing off). ``import app`` runs on every cold start, for every
route, so none of them is imported there: the first invocation that logs, counts or traces
loads what it needs, and a stage that does not trace (``WALIMA_TRACING``) never loads the
Tracer at all.

- **Logs**: one JSON line each (Powertools' formatter), from the ``walima`` logger and from
  every ``chalicelib.*`` module logger, carrying the invocation's ``correlation_id``: the API
  Gateway request id for a request, the Lambda request id (or the event id) for a job. Keys
  are per thread, so the embedded server's concurrent requests do not mix them.
- **Metrics**: counted during an invocation, written once at its end in the Embedded Metric
  Format: a JSON line in the function's log that CloudWatch turns into metrics, with no API
  call. On Lambda the line goes to stdout (EMF must be a line of its own, not inside a log
  record); elsewhere (``make run``, tests) to the ``walima.metrics`` logger at DEBUG.
- **Cold starts**: the first invocation of a process logs ``cold_start: true`` (every other
  ``false``) and counts one ``ColdStart`` metric, as Powertools' own decorators name them.
- **Traces**: a subsegment per invocation and botocore's calls, when the stage traces.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger, Tracer
    from aws_lambda_powertools import Metrics as PowertoolsMetrics

SERVICE = "walima"
NAMESPACE = "Walima"
metrics_log = logging.getLogger("walima.metrics")
_lock = threading.Lock()  # Powertools keeps one metric set per process; requests share it
_invocations = itertools.count()  # of this process: the first one is its cold start


def _service() -> str:
    return os.environ.get("POWERTOOLS_SERVICE_NAME", SERVICE)


def on_lambda() -> bool:
    return "AWS_LAMBDA_FUNCTION_NAME" in os.environ


@cache
def logger() -> Logger:
    """The ``walima`` logger, whose JSON handler also serves ``chalicelib.*`` loggers."""
    from aws_lambda_powertools import Logger

    log = Logger(service=_service(), use_rfc3339=True)
    # Chalice logs its own errors (a 500's traceback) to the logger named after the app, the
    # same name, with a plain-text handler of its own: one JSON handler serves both.
    logging.getLogger(log.name).handlers = [log.registered_handler]
    package = logging.getLogger("chalicelib")
    package.handlers = [log.registered_handler]
    package.setLevel(log.log_level)
    package.propagate = False  # once, as JSON: not again through Lambda's root handler
    return log


@cache
def _powertools_metrics() -> PowertoolsMetrics:
    from aws_lambda_powertools import Metrics

    metrics = Metrics(
        namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE), service=_service()
    )
    metrics.set_default_dimensions(stage=os.environ.get("WALIMA_STAGE", "unknown"))
    return metrics


@cache
def tracer() -> Tracer | None:
    """Powertools' Tracer when the stage traces (``WALIMA_TRACING=true``), else None."""
    if os.environ.get("WALIMA_TRACING", "false").lower() != "true":
        return None
    from aws_lambda_powertools import Tracer

    return Tracer(service=_service(), patch_modules=["botocore"])


class Metrics:
    """The counts Walima reports (bids, closes, notifications), as CloudWatch metrics."""

    def count(self, name: str, value: float = 1) -> None:
        self._add(name, "Count", value)

    def seconds(self, name: str, value: float) -> None:
        self._add(name, "Seconds", value)

    @staticmethod
    def _add(name: str, unit: str, value: float) -> None:
        metrics = _powertools_metrics()
        with _lock:
            metrics.add_metric(name=name, unit=unit, value=value)

    @staticmethod
    def flush() -> None:
        """Write what was counted since the last flush as one EMF line (nothing if nothing)."""
        if _powertools_metrics.cache_info().currsize == 0:
            return  # nothing was ever counted in this process: do not load Powertools for it
        metrics = _powertools_metrics()
        with _lock:
            if not metrics.metric_set:
                return
            blob = metrics.serialize_metric_set()
            metrics.clear_metrics()
        line = json.dumps(blob, separators=(",", ":"))
        if on_lambda():
            print(line, flush=True)  # EMF is read from the log stream as is
        else:
            metrics_log.debug("%s", line)


@contextmanager
def invocation(correlation_id: str, name: str, **keys: Any) -> Iterator[Any]:
    """Everything logged inside carries ``correlation_id`` and ``keys``; metrics counted inside
    are written at the end; with tracing on, the block is one subsegment named ``name``."""
    log = logger()
    cold = next(_invocations) == 0
    log.thread_safe_append_keys(correlation_id=correlation_id, cold_start=cold, **keys)
    if cold:
        Metrics().count("ColdStart")
    traced = tracer()
    segment: AbstractContextManager[Any] = (
        nullcontext() if traced is None else traced.provider.in_subsegment(name=f"## {name}")
    )
    try:
        with segment as subsegment:
            if subsegment is not None:
                subsegment.put_annotation(key="correlation_id", value=correlation_id)
            yield log
    finally:
        Metrics.flush()
        log.thread_safe_clear_keys()
