"""restart-time: seconds from starting the embedded default to serving again, on a data folder
holding 20,000 items in its snapshot and a journal of 2,000 writes made after it (then a crash):
the snapshot is loaded, the journal replayed, and the first request answered.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.common import Result, Target, aws_environment, durable_process, run_figure

TARGET = Target("restart-time", "<=", 10)
ITEMS = 20_000
JOURNALED = 2_000


def rate_limits_table(endpoint: str) -> tuple[Any, str]:
    import boto3

    os.environ.update(aws_environment(endpoint))
    dynamodb = boto3.client("dynamodb", endpoint_url=endpoint)
    name = next(t for t in dynamodb.list_tables()["TableNames"] if t.endswith("rate-limits"))
    return dynamodb, name


def counter(n: int) -> dict[str, Any]:
    return {"key": {"S": f"bench:{n}@0"}, "hits": {"N": "1"}, "expires_at": {"N": "2000000000"}}


def measure() -> Result:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        with durable_process(data) as server:  # 20,000 items, then a clean stop: the snapshot
            dynamodb, table = rate_limits_table(server.info["moto"])
            for start in range(0, ITEMS, 25):
                batch = [{"PutRequest": {"Item": counter(n)}} for n in range(start, start + 25)]
                dynamodb.batch_write_item(RequestItems={table: batch})
        server = durable_process(data)  # 2,000 writes after it, then a crash: the journal
        try:
            dynamodb, table = rate_limits_table(server.info["moto"])
            for n in range(ITEMS, ITEMS + JOURNALED):
                dynamodb.put_item(TableName=table, Item=counter(n))
        finally:
            server.process.kill()
            server.process.wait(10)
        started = time.monotonic()
        with durable_process(data) as again:
            with urllib.request.urlopen(f"{again.info['url']}/api/tenders", timeout=30) as first:
                assert first.status == 200
            seconds = time.monotonic() - started
            dynamodb, table = rate_limits_table(again.info["moto"])
            count = sum(
                page["Count"]
                for page in dynamodb.get_paginator("scan").paginate(TableName=table, Select="COUNT")
            )
    shown = (
        f"{seconds:.2f} s [{ITEMS:,} items in the snapshot + {JOURNALED:,} journaled writes "
        f"replayed; {count:,} counters back]"
    )
    return Result(seconds, shown, ok=seconds <= TARGET.threshold and count >= ITEMS + JOURNALED)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
