"""Issue 5's endpoints over HTTP, and 200 simultaneous bidders on one open auction."""

from __future__ import annotations

import dataclasses
import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from chalicelib.adapters.models import BidModel, BidRevisionModel
from chalicelib.adapters.passwords import hash_password
from chalicelib.domain.account import Account, Role
from chalicelib.domain.catalog import Category, Language, Province
from chalicelib.services import accounts, closing
from embedded.runner import Embedded
from tests.e2e.client import ApiClient, Person, bid_all_at_once

pytestmark = pytest.mark.e2e


def test_questions_deadline_withdrawal_and_cancel(api: ApiClient) -> None:
    organizer, asker, bidder = api.sign_up(), api.sign_up("caterer"), api.sign_up("caterer")
    tender = api.post_tender(organizer, seconds=3 * 86400)
    path = f"/api/tenders/{tender['id']}"
    asked = api.call("POST", f"{path}/questions", {"text": "Le thé est-il compris ?"}, asker.token)
    assert asked.status_code == 201, asked.text
    qid = asked.json()["id"]
    not_yours = api.call("POST", f"{path}/questions/{qid}/answer", {"text": "Oui"}, bidder.token)
    assert not_yours.status_code == 403
    answered = api.call("POST", f"{path}/questions/{qid}/answer", {"text": "Oui"}, organizer.token)
    assert answered.status_code == 200
    listed = api.call("GET", f"{path}/questions").json()["items"]
    assert listed == [answered.json()]
    assert "asker_id" not in listed[0]
    assert asker.id not in str(listed)

    assert (
        api.call("POST", f"{path}/bids", {"amount_mad": "5000.00"}, bidder.token).status_code == 201
    )
    later = datetime.fromisoformat(tender["bid_deadline"]) + timedelta(days=1)
    moved = api.call(
        "POST", f"{path}/deadline", {"bid_deadline": later.isoformat()}, organizer.token
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["bid_deadline"].startswith(later.strftime("%Y-%m-%dT%H:%M:%S"))
    shorter = (later - timedelta(hours=1)).isoformat()
    refused = api.call("POST", f"{path}/deadline", {"bid_deadline": shorter}, organizer.token)
    assert refused.status_code == 422

    withdrawn = api.call("DELETE", f"{path}/bids/mine", token=bidder.token)
    assert withdrawn.status_code == 200
    assert api.call("DELETE", f"{path}/bids/mine", token=bidder.token).status_code == 404
    assert api.call("GET", path).json()["bid_count"] == 0

    cancelled = api.call("POST", f"{path}/cancel", {"reason": "Mariage reporté"}, organizer.token)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    again = api.call("POST", f"{path}/cancel", {"reason": "encore"}, organizer.token)
    assert again.status_code == 409


def test_the_ranking_is_published_in_three_languages(api: ApiClient) -> None:
    texts = {}
    for lang in ("ar", "fr", "en"):
        answer = api.call("GET", f"/api/ranking?lang={lang}")
        assert answer.status_code == 200
        assert answer.json()["max_quality_weight"] == "0.4"
        texts[lang] = " ".join(answer.json()["explanation"])
    assert len(set(texts.values())) == 3
    assert "0.4" in texts["en"]


def fast_caterers(server: Embedded, count: int) -> list[Person]:
    """Verified caterers made straight through the repository (one shared password hash:
    200 Argon2 hashes would be most of this test's time) with tokens from the real signer."""
    password_hash = hash_password("a password nobody uses")
    people = []
    for n in range(count):
        account = Account(
            id=str(uuid.uuid4()),
            role=Role.CATERER,
            name=f"Load {n}",
            email=f"load-{uuid.uuid4().hex[:12]}@example.ma",
            phone=f"+21266{random.randint(1000000, 9999999)}",
            language=Language.AR,
            created_at=datetime.now(UTC),
            verified=True,
            business_name=f"Load {n}",
            provinces=(Province.TATA,),
            categories=(Category.CATERING,),
        )
        server.deps.accounts.add(account, password_hash)
        token = accounts.open_session(server.deps, account).token
        people.append(Person(account.id, token, account.email))
    return people


def test_two_hundred_simultaneous_bidders_lose_nothing(api: ApiClient, server: Embedded) -> None:
    organizer = api.sign_up()
    tender = api.post_tender(organizer, seconds=3600, mode="open", min_decrement_mad="10.00")
    bidders = fast_caterers(server, 200)
    amounts = [f"{100000 - 7 * i}.00" for i in range(200)]
    random.shuffle(amounts)
    answers = bid_all_at_once(api.base, tender["id"], list(zip(bidders, amounts, strict=True)))
    statuses = [a.status_code for a in answers]
    assert all(s < 500 for s in statuses), statuses
    assert set(statuses) <= {201, 409}
    accepted = [a.json() for a in answers if a.status_code == 201]
    stored = {r.bid_id for r in BidRevisionModel.query(tender["id"])}
    assert {b["id"] for b in accepted} == stored  # 0 lost, 0 phantom
    live = {b.id for b in BidModel.query(tender["id"])}
    assert live == stored  # one bid each: every accepted bid is its caterer's live bid
    # in acceptance order, i.e. falling amounts (a bid read first may be written second)
    ordered = sorted((Decimal(b["amount_mad"]) for b in accepted), reverse=True)
    steps = [x - y for x, y in pairwise(ordered)]
    assert all(step >= 10 for step in steps)
    lowest = min(Decimal(b["amount_mad"]) for b in accepted)
    assert (
        api.call("GET", f"/api/tenders/{tender['id']}").json()["best_amount_mad"] == f"{lowest:.2f}"
    )

    later = datetime.now(UTC) + timedelta(hours=3)
    after_deadline = dataclasses.replace(server.deps, clock=lambda: later)
    award = closing.close_tender(after_deadline, tender["id"]).award
    assert award is not None
    assert award.amount == lowest
