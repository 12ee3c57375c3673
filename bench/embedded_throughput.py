"""embedded-throughput: bids accepted per second by the embedded server over HTTP, with 50
clients bidding at once, ÷ the rate at which one boto3 client gets the same bids' DynamoDB
requests answered by the same moto.

The ceiling: a bid is two DynamoDB requests (``bench bid-requests``), and moto answers one
request at a time, so no server on top of it can accept bids faster than one client gets
those two requests answered back to back. The bench process measures that ceiling itself:
its own in-process app bids on the embedded server's moto, one bid after another, and the time
spent inside DynamoDB requests (from botocore's parameters to its parsed answer) is summed.
What the ratio leaves out is ours: the HTTP server, the handler's work and the lock's queue.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

from bench.common import (
    Child,
    DynamoDBCalls,
    HttpApi,
    InProcessApi,
    Person,
    Result,
    Target,
    app_environment,
    embedded_process,
    fmt,
    run_figure,
)

TARGET = Target("embedded-throughput", ">=", 0.5)
CLIENTS = 50
ROUNDS = 4  # tenders: each client bids once on each
CEILING_BIDS = 60


def concurrent_rate(api: HttpApi, organizer: Person, caterers: list[Person]) -> float:
    """Accepted bids per second while every caterer bids on every tender, ``CLIENTS`` at once."""
    tenders = [api.tender(organizer, seconds=3600)["id"] for _ in range(ROUNDS)]
    work = [(c, t, f"{15000 - i}.00") for t in tenders for i, c in enumerate(caterers)]

    def bid(job: tuple[Person, str, str]) -> int:
        return int(api.bid(*job)[0])

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        start = time.perf_counter()
        statuses = list(pool.map(bid, work))
        seconds = time.perf_counter() - start
    refused = [s for s in statuses if s != 201]
    if refused:
        raise RuntimeError(f"{len(refused)} bids were not accepted: {sorted(set(refused))}")
    return len(statuses) / seconds


def ceiling_rate(server: Child) -> tuple[float, str]:
    """Bids per second if a bid cost only its DynamoDB requests, sent by one client."""
    calls = DynamoDBCalls.install()
    os.environ.update(app_environment(server.info["moto"]))
    api = InProcessApi(beside=server)
    organizer = api.sign_up("organizer")
    caterers = [api.sign_up("caterer") for _ in range(CEILING_BIDS)]
    tender_id = api.tender(organizer, seconds=3600)["id"]
    with calls.during() as seen:
        for i, caterer in enumerate(caterers):
            status, body = api.bid(caterer, tender_id, f"{15000 - i}.00")
            if status != 201:
                raise RuntimeError(f"a bid was refused ({status}): {body}")
    spent = sum(seen.seconds.values())
    return CEILING_BIDS / spent, seen.describe()


def measure() -> Result:
    with embedded_process() as server:
        api = HttpApi(server)
        organizer = api.sign_up("organizer")
        with ThreadPoolExecutor(max_workers=6) as pool:
            caterers = list(pool.map(lambda _: api.sign_up("caterer"), range(CLIENTS)))
        served = concurrent_rate(api, organizer, caterers)
        ceiling, requests = ceiling_rate(server)
    ratio = served / ceiling
    shown = (
        f"{fmt(ratio)} [{served:.0f} bids/s over HTTP with {CLIENTS} clients "
        f"({CLIENTS * ROUNDS} bids); {ceiling:.0f} bids/s from their DynamoDB requests alone, "
        f"one client ({requests} for {CEILING_BIDS} bids)]"
    )
    return Result(ratio, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
