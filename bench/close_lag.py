"""close-lag: seconds from a tender's deadline to its own ``closed_at``, over 20 tenders with the
local stage's 10-second window on the embedded server (one-time schedule fired by the local
scheduler; the sweeper is the fallback). Deadlines are staggered so closes do not all land in one
tick; each tender has two bids, so every close awards and notifies.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from bench.common import (
    HttpApi,
    Result,
    Target,
    embedded_process,
    minimum_window_s,
    percentile,
    run_figure,
)

TARGET = Target("close-lag", "<=", 5)
TENDERS = 20
STAGGER_S = 0.3


def closed(api: HttpApi, tender_id: str, limit: float) -> dict[str, Any]:
    while time.monotonic() < limit:
        tender = dict(api.get(f"/api/tenders/{tender_id}"))
        if tender.get("closed_at"):
            return tender
        time.sleep(0.2)
    raise RuntimeError(f"tender {tender_id} had not closed after {TENDERS} windows")


def measure() -> Result:
    with embedded_process() as server:
        api = HttpApi(server)
        organizer = api.sign_up("organizer")
        a, b = api.sign_up("caterer"), api.sign_up("caterer")
        window = minimum_window_s()
        posted = []
        for _ in range(TENDERS):
            start = time.monotonic()
            tender = api.tender(organizer, seconds=window + 0.5)
            for caterer, amount in ((a, "15000.00"), (b, "14500.00")):
                status, body = api.bid(caterer, tender["id"], amount)
                if status != 201:
                    raise RuntimeError(f"bid refused ({status}): {body}")
            posted.append(tender["id"])
            time.sleep(max(0.0, STAGGER_S - (time.monotonic() - start)))
        limit = time.monotonic() + window + 60
        tenders = [closed(api, tender_id, limit) for tender_id in posted]
    lags = [
        (
            datetime.fromisoformat(t["closed_at"]) - datetime.fromisoformat(t["bid_deadline"])
        ).total_seconds()
        for t in tenders
    ]
    p50, p95 = percentile(lags, 50), percentile(lags, 95)
    shown = (
        f"{p95:.2f} s p95 [p50 {p50:.2f} s, max {max(lags):.2f} s; {TENDERS} tenders with "
        f"{window}-second windows, 2 bids each]"
    )
    return Result(p95, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
