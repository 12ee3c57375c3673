"""embedded-bid-scaling: one bid's latency on the embedded default's moto with 20,000 stored
bids ÷ the same with 100.

moto runs as the embedded default runs it (serialised, its transactions patched by
``embedded/moto_transactions.py``); the app runs in this process. The stored bids are copies
of real ones (a real bid and its revision, under other tenders' ids), so every table a bid's
transaction touches holds what 20,000 bids leave behind. A bid is one transaction, so with
moto's own rollback backup (a deep copy of every table it names) the ratio grew with the
table: 26 ms at 1,000 bids, 440 ms at 16,000.
"""

from __future__ import annotations

import time
import uuid

from bench.common import (
    InProcessApi,
    Person,
    Result,
    Target,
    fmt,
    median,
    moto_process,
    run_figure,
    use_moto,
)

TARGET = Target("embedded-bid-scaling", "<=", 1.5)
FEW, MANY = 100, 20_000
SAMPLE = 30  # bids timed at each size, one per caterer


def timed_bids(api: InProcessApi, organizer: Person, caterers: list[Person]) -> list[float]:
    tender_id = api.tender(organizer, seconds=3600)["id"]
    seconds = []
    for i, caterer in enumerate(caterers):
        start = time.perf_counter()
        status, body = api.bid(caterer, tender_id, f"{15000 - i}.00")
        seconds.append(time.perf_counter() - start)
        if status != 201:
            raise RuntimeError(f"a bid was refused ({status}): {body}")
    return seconds


class Copies:
    """Puts copies of one stored bid and its revision under fresh tender ids (PynamoDB's
    ``batch_write``: 25 a request, what moto leaves unprocessed sent again)."""

    def __init__(self) -> None:
        from chalicelib.adapters.aws import client
        from chalicelib.adapters.models import BidModel, BidRevisionModel

        self.client = client("dynamodb")
        self.bid = next(iter(BidModel.scan(limit=1))).serialize()
        self.revision = next(iter(BidRevisionModel.scan(limit=1))).serialize()

    def count(self) -> int:
        from chalicelib.adapters.models import BidModel

        pages = self.client.get_paginator("scan").paginate(
            TableName=BidModel.Meta.table_name, Select="COUNT"
        )
        return sum(int(page["Count"]) for page in pages)

    def fill_to(self, total: int) -> None:
        from chalicelib.adapters.models import BidModel, BidRevisionModel

        missing = total - self.count()
        with BidModel.batch_write() as bids, BidRevisionModel.batch_write() as revisions:
            for _ in range(missing):
                tender_id = {"S": str(uuid.uuid4())}
                bids.save(BidModel.from_raw_data(self.bid | {"tender_id": tender_id}))
                revisions.save(
                    BidRevisionModel.from_raw_data(self.revision | {"tender_id": tender_id})
                )


def measure() -> Result:
    with moto_process() as moto:
        use_moto(moto.info["endpoint"])
        api = InProcessApi()
        organizer = api.sign_up("organizer")
        caterers = [api.sign_up("caterer") for _ in range(SAMPLE)]
        timed_bids(api, organizer, caterers)  # warm-up, and the bids the copies are made of
        copies = Copies()
        copies.fill_to(FEW - SAMPLE)  # the timed bids bring it to FEW
        few = median(timed_bids(api, organizer, caterers))
        copies.fill_to(MANY - SAMPLE)
        many = median(timed_bids(api, organizer, caterers))
        stored = copies.count()
    ratio = many / few
    shown = (
        f"{fmt(ratio)} [median bid {many * 1000:.1f} ms with {stored} stored bids, "
        f"{few * 1000:.1f} ms with {FEW}; {SAMPLE} bids each]"
    )
    return Result(ratio, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
