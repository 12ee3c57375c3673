"""bid-requests: DynamoDB requests made by one accepted open-mode bid, through the API route,
with and without an anti-sniping extension (a new best bid in a tender's last minutes).

Counted with a botocore event hook on every DynamoDB client the process creates. DynamoDB bills
per request and every extra request is latency on a caterer's slow phone: a bid is one read of
the tender's fixed terms and one transaction, and an extension must ride in that transaction.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from bench.common import (
    DynamoDBCalls,
    InProcessApi,
    Person,
    Result,
    Target,
    minimum_window_s,
    moto_process,
    run_figure,
    use_moto,
)

TARGET = Target("bid-requests", "<=", 2)


def deadline_of(api: InProcessApi, tender_id: str) -> datetime:
    return datetime.fromisoformat(api.get(f"/api/tenders/{tender_id}")["bid_deadline"])


def counted_bid(
    api: InProcessApi, calls: DynamoDBCalls, caterer: Person, tender_id: str, amount: str
) -> DynamoDBCalls:
    with calls.during() as seen:
        status, body = api.bid(caterer, tender_id, amount)
    if status != 201:
        raise RuntimeError(f"the bid was refused ({status}): {body}")
    return seen


def measure() -> Result:
    calls = DynamoDBCalls.install()
    with moto_process() as moto:
        use_moto(moto.info["endpoint"])
        api = InProcessApi()
        organizer = api.sign_up("organizer")
        caterer = api.sign_up("caterer")
        window = minimum_window_s()

        far = api.tender(organizer, seconds=3600, mode="open", min_decrement_mad="100.00")
        plain = counted_bid(api, calls, caterer, far["id"], "10000.00")

        near = api.tender(organizer, seconds=window + 5, mode="open", min_decrement_mad="100.00")
        original = deadline_of(api, near["id"])
        extension = counted_bid(api, calls, caterer, near["id"], "10000.00")
        extended = deadline_of(api, near["id"]) > original
        if not extended:  # maybe the stage's anti-sniping window is shorter: bid at the end
            time.sleep(max(0.0, (original - datetime.now(UTC)).total_seconds() - 2.0))
            extension = counted_bid(api, calls, caterer, near["id"], "9800.00")
            extended = deadline_of(api, near["id"]) > original

    both: list[tuple[str, DynamoDBCalls]] = [("without extension", plain)]
    if extended:
        both.append(("with extension", extension))
    worst = max(seen.total() for _, seen in both)
    parts = [f"{label} {seen.total()} ({seen.describe()})" for label, seen in both]
    if not extended:
        parts.append(
            "with extension: none happened — a new best bid 2 s before the deadline did not "
            f"move it (anti-sniping not in place yet; that bid cost {extension.total()})"
        )
    notes: list[str] = []
    if not extended:
        notes.append("the extension case is measured as soon as a last-minute best bid extends")
    return Result(worst, f"{worst} [{'; '.join(parts)}]", notes)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
