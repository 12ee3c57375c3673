"""concurrent-bidders: 200 caterers bid at once on one tender of the embedded server on
127.0.0.1, in a burst that straddles the deadline, then the tender closes by itself.

A bid answered 201 must be stored exactly as answered and must be in the award's ranking
("lost" otherwise), and no bid may be accepted at or after the deadline ("late"). Sealed mode:
no anti-sniping moves the deadline and no amount rule refuses a bid, so every refusal is the
deadline's. The award must go to the lowest accepted amount.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from bench.common import (
    HttpApi,
    Person,
    Result,
    Target,
    app_environment,
    embedded_process,
    median,
    minimum_window_s,
    percentile,
    run_figure,
)

TARGET = Target("concurrent-bidders", "<=", 0)
BIDDERS = 200


@dataclass
class Answer:
    caterer: Person
    amount: str
    sent: datetime
    seconds: float
    status: int  # 0: no HTTP answer (connection refused, reset, timed out)
    body: Any


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def decided(api: HttpApi, tender_id: str, limit_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        tender = dict(api.get(f"/api/tenders/{tender_id}"))
        if tender["status"] not in ("open", "closed"):
            return tender
        time.sleep(0.2)
    raise RuntimeError(f"the tender did not close within {limit_s:.0f} s of the deadline")


class Stored:
    """What moto holds for the tender once it is decided, read directly at full precision: its
    deadline, when it closed, and each caterer's live bid."""

    def __init__(self, moto: str, tender_id: str) -> None:
        os.environ.update(app_environment(moto))
        from chalicelib.adapters.models import BidModel, TenderModel

        tender = TenderModel.get(tender_id, consistent_read=True)
        self.deadline: datetime = tender.bid_deadline
        self.closed_at: datetime | None = tender.closed_at
        self.bids = {b.caterer_id: b for b in BidModel.query(tender_id, consistent_read=True)}

    def holds(self, answer: Answer) -> bool:
        bid = self.bids.get(answer.caterer.id)
        return (
            bid is not None and bid.id == answer.body["id"] and bid.amount == Decimal(answer.amount)
        )

    def late(self, answer: Answer) -> bool:
        bid = self.bids.get(answer.caterer.id)
        stamped = bid.submitted_at if bid is not None else when(answer.body["submitted_at"])
        return stamped >= self.deadline or answer.sent >= self.deadline

    def explain(self, answer: Answer) -> str:
        bid = self.bids.get(answer.caterer.id)
        stored = f"{bid.submitted_at.isoformat()} {bid.amount}" if bid else "nothing"
        closed = self.closed_at.isoformat() if self.closed_at else None
        return (
            f"bid {answer.body['id']}: sent {answer.sent.isoformat()}, answered "
            f"{answer.body.get('submitted_at')}, stored {stored}; deadline "
            f"{self.deadline.isoformat()}, closed {closed}"
        )


def shown_as_answered(listed: dict[str, Any], answer: Answer) -> bool:
    """The organizer's ranking after close shows the bid as the 201 answered it."""
    bid = listed.get(answer.caterer.id, {})
    return bool(bid.get("id") == answer.body["id"] and bid.get("amount_mad") == answer.amount)


def burst(
    api: HttpApi, caterers: list[Person], tender_id: str, at: datetime
) -> tuple[list[Answer], float]:
    """Every caterer bids on ``tender_id`` at once, at ``at``; the answers and how long."""
    go = threading.Event()

    def bid(i: int) -> Answer:
        caterer, amount = caterers[i], f"{20000 - i}.00"
        go.wait()
        sent = datetime.now(UTC)
        start = time.perf_counter()
        try:
            status, body = api.bid(caterer, tender_id, amount)
        except Exception as error:  # the server did not answer at all
            status, body = 0, repr(error)
        return Answer(caterer, amount, sent, time.perf_counter() - start, status, body)

    with ThreadPoolExecutor(max_workers=len(caterers)) as pool:
        futures = [pool.submit(bid, i) for i in range(len(caterers))]
        time.sleep(max(0.0, (at - datetime.now(UTC)).total_seconds()))
        go.set()
        start = time.perf_counter()
        answers = [f.result() for f in futures]
    return answers, time.perf_counter() - start


def measure() -> Result:
    with embedded_process() as server:
        api = HttpApi(server)
        organizer = api.sign_up("organizer")
        with ThreadPoolExecutor(max_workers=6) as pool:
            caterers = list(pool.map(lambda _: api.sign_up("caterer"), range(BIDDERS)))
        # A rehearsal on another tender shows when this server stamps the bids of such a burst,
        # here and now; the real burst starts that median before the deadline, so that about
        # half of it is on time, on a fast machine or a busy one.
        rehearsal = api.tender(organizer, seconds=3600)["id"]
        start = datetime.now(UTC)
        answered, _ = burst(api, caterers, rehearsal, start)
        stamped = [when(a.body["submitted_at"]) for a in answered if a.status == 201]
        lead_s = min(30.0, max(1.0, median([(t - start).total_seconds() for t in stamped])))
        tender = api.tender(organizer, seconds=max(minimum_window_s(), lead_s + 2) + 1)
        deadline = when(tender["bid_deadline"])
        answers, burst_s = burst(api, caterers, tender["id"], deadline - timedelta(seconds=lead_s))
        final = decided(api, tender["id"])
        ranked = api.get(f"/api/tenders/{tender['id']}/bids", organizer.token)["items"]
        truth = Stored(server.info["moto"], tender["id"])

    listed = {b["caterer_id"]: b for b in ranked}
    accepted = [a for a in answers if a.status == 201]
    refused = [a for a in answers if 400 <= a.status < 500]
    failed = [a for a in answers if a.status == 0 or a.status >= 500]
    lost = [a for a in accepted if not truth.holds(a) or not shown_as_answered(listed, a)]
    # At full precision (responses show milliseconds): stamped at or after the deadline by the
    # server, or sent by the client after it (one clock: both run on this machine).
    late = [a for a in accepted if truth.late(a)]
    phantom = [c for c in truth.bids if c not in {a.caterer.id for a in accepted}]
    lowest = min(accepted, key=lambda a: float(a.amount), default=None)
    award = final.get("award") or {}
    award_right = (lowest is None and not award) or (
        lowest is not None and award.get("bid_id") == lowest.body["id"]
    )
    latencies = [a.seconds * 1000 for a in answers if a.status]
    codes = Counter(a.status for a in refused)
    why = ", ".join(f"{n}× {code}" for code, n in sorted(codes.items())) or "none"
    bad = len(lost) + len(late)
    shown = (
        f"{bad} [accepted {len(accepted)}, refused {len(refused)} ({why}), lost {len(lost)}, "
        f"late-accepted {len(late)}, no answer or 5xx {len(failed)}, stored but refused "
        f"{len(phantom)}, award {'right' if award_right else 'WRONG'}; latency p50 "
        f"{percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms; "
        f"{BIDDERS} bids in {burst_s:.1f} s, starting {lead_s:.1f} s before the deadline]"
    )
    notes = [f"{a.status} {str(a.body)[:200]}" for a in failed[:3]]
    notes += [truth.explain(a) for a in (lost + late)[:5]]
    ok = bad == 0 and not failed and not phantom and award_right
    return Result(bad, shown, notes, ok=ok)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
