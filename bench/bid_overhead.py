"""bid-overhead: a bid through the Chalice app in-process (``chalice.test.Client``: routing,
token, JSON and pydantic parsing, the service, PynamoDB) ÷ the very DynamoDB requests that bid
made, replayed directly with a plain boto3 client, both against the same moto, interleaved.

Everything above 1 is Walima's own work per bid; the rest is DynamoDB's (here moto's).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from bench.common import (
    DynamoDBCalls,
    InProcessApi,
    Result,
    Target,
    fmt,
    median,
    moto_process,
    run_figure,
    use_moto,
)

TARGET = Target("bid-overhead", "<=", 1.5)
WARM_UP = 15
ROUNDS = 150


def snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


def measure() -> Result:
    import boto3

    calls = DynamoDBCalls.install()
    with moto_process() as moto:
        use_moto(moto.info["endpoint"])
        api = InProcessApi()
        organizer, caterer = api.sign_up("organizer"), api.sign_up("caterer")
        # Sealed: every replayed transaction passes its condition again (open mode would not).
        tender = api.tender(organizer, seconds=3600)["id"]
        raw = boto3.session.Session().client("dynamodb")

        def by_app(amount: int) -> tuple[float, list[tuple[str, dict[str, Any]]]]:
            with calls.during() as seen:
                start = time.perf_counter()
                status, body = api.bid(caterer, tender, f"{amount}.00")
                elapsed = time.perf_counter() - start
            if status != 201:
                raise RuntimeError(f"bid refused ({status}): {body}")
            return elapsed, seen.requests

        def by_boto3(requests: list[tuple[str, dict[str, Any]]]) -> float:
            prepared = []
            for operation, params in requests:
                fresh = dict(params)
                if "ClientRequestToken" in fresh:  # a new transaction each time, like a new bid
                    fresh["ClientRequestToken"] = str(uuid.uuid4())
                prepared.append((getattr(raw, snake(operation)), fresh))
            start = time.perf_counter()
            for send, params in prepared:
                send(**params)
            return time.perf_counter() - start

        _, requests = by_app(20000)
        for i in range(WARM_UP):
            by_app(20000 - i)
            by_boto3(requests)
        app: list[float] = []
        direct: list[float] = []
        for i in range(ROUNDS):
            if i % 2:
                direct.append(by_boto3(requests))
                elapsed, requests = by_app(19000 - i)
                app.append(elapsed)
            else:
                elapsed, requests = by_app(19000 - i)
                app.append(elapsed)
                direct.append(by_boto3(requests))
    ratio = median(app) / median(direct)
    operations = " + ".join(op for op, _ in requests)
    shown = (
        f"{fmt(ratio)} [bid via app {median(app) * 1000:.1f} ms ÷ its requests ({operations}) "
        f"via boto3 {median(direct) * 1000:.1f} ms, median of {ROUNDS} interleaved]"
    )
    return Result(ratio, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
