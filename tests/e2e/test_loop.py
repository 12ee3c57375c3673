"""The whole loop over HTTP on the embedded default, with a real 10-second bidding window."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.client import ApiClient, Person, bid_all_at_once, tender_body

pytestmark = pytest.mark.e2e


def wait_for_close(api: ApiClient, tender_id: str, limit_s: float) -> tuple[dict[str, Any], float]:
    """Poll until the tender is decided; returns it and the lag after its deadline."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s + 15:
        tender = api.call("GET", f"/api/tenders/{tender_id}").json()
        if tender["status"] in ("awarded", "unsuccessful"):
            deadline = datetime.fromisoformat(tender["bid_deadline"])
            return tender, (datetime.now(UTC) - deadline).total_seconds()
        time.sleep(0.1)
    raise AssertionError(f"tender {tender_id} did not close")


def inbox(
    api: ApiClient, person: Person, tender_id: str, wait_s: float = 5
) -> list[dict[str, Any]]:
    """The person's notices about the tender's outcome, waiting a little for those written just
    after the award (not the alert a caterer may have had when it opened, before it bid, nor
    notices about the account itself, such as its verification)."""
    start = time.monotonic()
    while True:
        answer = api.call("GET", "/api/me/notifications", token=person.token)
        assert answer.status_code == 200
        items = [
            n
            for n in answer.json()["items"]
            if n["tender_id"] == tender_id and n["kind"] != "tender_alert"
        ]
        if items or time.monotonic() - start > wait_s:
            return items
        time.sleep(0.1)


def test_post_bid_close_award_notify(api: ApiClient) -> None:
    organizer = api.sign_up(language="fr")
    a, b, c = (api.sign_up("caterer", language=lang) for lang in ("ar", "fr", "en"))
    api.at_any_hour(a)
    tender = api.post_tender(organizer, seconds=10)
    deadline = datetime.fromisoformat(tender["bid_deadline"])
    assert tender["status"] == "open"

    bids = {}
    for person, amount in ((a, "12000.00"), (b, "11500.00"), (c, "11800.00")):
        answer = api.call(
            "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": amount}, person.token
        )
        assert answer.status_code == 201, answer.text
        bids[person.id] = answer.json()
    revised = api.call(
        "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "11000.00"}, c.token
    )
    assert revised.status_code == 201
    assert "amount_mad" not in api.call("GET", f"/api/tenders/{tender['id']}").json().get(
        "award", {}
    )

    time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + 0.05)
    late = api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "9000.00"}, a.token)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "conflict"

    closed, lag = wait_for_close(api, tender["id"], 5)
    assert lag < 5, f"closed {lag:.2f} s after the deadline"
    assert closed["status"] == "awarded"
    assert closed["award"] | {"confirm_by": None} == {
        "bid_id": revised.json()["id"],
        "caterer_id": c.id,
        "amount_mad": "11000.00",
        "confirm_by": None,
    }

    assert [n["kind"] for n in inbox(api, c, tender["id"])] == ["bid_won"]
    assert [n["kind"] for n in inbox(api, a, tender["id"])] == ["bid_lost"]
    assert [n["kind"] for n in inbox(api, b, tender["id"])] == ["bid_lost"]
    organizer_inbox = inbox(api, organizer, tender["id"])
    assert [n["kind"] for n in organizer_inbox] == ["tender_awarded"]
    assert "attribué" in organizer_inbox[0]["title"]  # French, the organizer's language
    assert inbox(api, a, tender["id"])[0]["title"].startswith("تم إسناد")  # Arabic

    ranked = api.call("GET", f"/api/tenders/{tender['id']}/bids", token=organizer.token).json()
    assert [x["amount_mad"] for x in ranked["items"]] == ["11000.00", "11500.00", "12000.00"]
    start = time.monotonic()  # e-mails go out just after the notices are stored
    while a.email not in (outbox := api.session.get(api.base + "/dev/outbox", timeout=10)).text:
        assert time.monotonic() - start < 5, "the loser's e-mail never reached moto's SES"
        time.sleep(0.1)
    assert outbox.status_code == 200


def test_fifty_simultaneous_bids_none_lost(api: ApiClient) -> None:
    organizer = api.sign_up()
    caterers = [api.sign_up("caterer") for _ in range(50)]
    tender = api.post_tender(organizer, seconds=600)
    bids = [(caterer, f"{10000 + i}.00") for i, caterer in enumerate(caterers)]
    answers = bid_all_at_once(api.base, tender["id"], bids)
    assert [r.status_code for r in answers] == [201] * 50
    assert api.call("GET", f"/api/tenders/{tender['id']}").json()["bid_count"] == 50
    from chalicelib.adapters.models import BidModel

    stored = {b.caterer_id: b.amount for b in BidModel.query(tender["id"])}
    assert stored == {c.id: 10000 + i for i, c in enumerate(caterers)}


def test_open_mode_concurrent_undercuts_keep_the_auction_honest(api: ApiClient) -> None:
    organizer = api.sign_up()
    caterers = [api.sign_up("caterer") for _ in range(20)]
    tender = api.post_tender(organizer, seconds=600, mode="open", min_decrement_mad="100.00")
    bids = [(caterer, f"{20000 - 50 * i}.00") for i, caterer in enumerate(caterers)]
    answers = bid_all_at_once(api.base, tender["id"], bids)
    assert {r.status_code for r in answers} <= {201, 409}
    # Each accepted bid undercut the best at the instant it was written, so in the order of
    # acceptance (which is the order of falling amounts) every step is at least the decrement.
    # (Not in order of submitted_at: a bid read first may be written second.)
    amounts = sorted(
        (Decimal(r.json()["amount_mad"]) for r in answers if r.status_code == 201), reverse=True
    )
    assert amounts
    assert all(x - y >= 100 for x, y in itertools.pairwise(amounts))
    best = api.call("GET", f"/api/tenders/{tender['id']}").json()["best_amount_mad"]
    assert best == f"{amounts[-1]:.2f}"


def test_deadline_window_is_the_stages(api: ApiClient) -> None:
    organizer = api.sign_up()
    too_short = tender_body(seconds=5)
    answer = api.call("POST", "/api/tenders", too_short, organizer.token)
    assert answer.status_code == 422
    assert "bid_deadline" in answer.json()["error"]["fields"]
    assert "10 seconds" in answer.json()["error"]["fields"]["bid_deadline"]  # the local stage's
