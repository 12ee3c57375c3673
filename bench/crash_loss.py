"""crash-loss: bids answered 201 that a crash takes back. 200 caterers bid over HTTP on the
embedded default as ``make run`` keeps data (journal + snapshot in a data folder); the process is
killed with SIGKILL right after the last answer, started again on the same folder, and each
caterer's own bid is read back: lost = acknowledged bids not there, or not at their amount.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import HttpApi, Person, Result, Target, durable_process, run_figure

TARGET = Target("crash-loss", "<=", 0)
BIDS = 200
THREADS = 8


def measure() -> Result:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        server = durable_process(data)
        try:
            api = HttpApi(server)
            organizer = api.sign_up("organizer")
            with ThreadPoolExecutor(THREADS) as pool:
                caterers = list(pool.map(lambda _: api.sign_up("caterer"), range(BIDS)))
            tender = api.tender(organizer, seconds=3600)

            def bid(numbered: tuple[int, Person]) -> tuple[Person, str, int]:
                i, caterer = numbered
                amount = f"{50000 - i}.00"
                return caterer, amount, api.bid(caterer, tender["id"], amount)[0]

            with ThreadPoolExecutor(THREADS) as pool:
                answers = list(pool.map(bid, enumerate(caterers)))
        finally:
            server.process.kill()  # the crash: no stop, no last snapshot
            server.process.wait(10)
        acknowledged = [(c, amount) for c, amount, status in answers if status == 201]
        with durable_process(data) as again:
            api = HttpApi(again)

            def kept(pair: tuple[Person, str]) -> bool:
                caterer, amount = pair
                own = api.get(f"/api/tenders/{tender['id']}/bids", caterer.token)["items"]
                return [b["amount_mad"] for b in own] == [amount]

            with ThreadPoolExecutor(THREADS) as pool:
                lost = sum(not found for found in pool.map(kept, acknowledged))
    shown = f"{lost} of {len(acknowledged)} [acknowledged bids lost to a SIGKILL after the last]"
    return Result(lost, shown, ok=lost == 0 and len(acknowledged) == BIDS)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
