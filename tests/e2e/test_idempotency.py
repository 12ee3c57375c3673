"""`Idempotency-Key` on creates: a retried request returns the first answer and creates nothing."""

from __future__ import annotations

import pytest

from chalicelib.adapters.models import BidRevisionModel, TenderModel
from tests.e2e.client import ApiClient, tender_body

pytestmark = pytest.mark.e2e


def test_a_retried_tender_is_created_once(api: ApiClient) -> None:
    organizer = api.sign_up()
    body = tender_body()
    headers = {"Idempotency-Key": "tender-retry-1"}
    before = TenderModel.count()
    first = api.call("POST", "/api/tenders", body, organizer.token, headers=dict(headers))
    again = api.call("POST", "/api/tenders", body, organizer.token, headers=dict(headers))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert TenderModel.count() == before + 1


def test_the_same_key_with_another_body_is_refused(api: ApiClient) -> None:
    organizer = api.sign_up()
    headers = {"Idempotency-Key": "tender-retry-2"}
    first = api.call("POST", "/api/tenders", tender_body(), organizer.token, headers=dict(headers))
    assert first.status_code == 201
    other = tender_body(guests=10)
    answer = api.call("POST", "/api/tenders", other, organizer.token, headers=dict(headers))
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "validation_error"


def test_keys_are_per_account(api: ApiClient) -> None:
    one, two = api.sign_up(), api.sign_up()
    headers = {"Idempotency-Key": "same-key"}
    body = tender_body()
    first = api.call("POST", "/api/tenders", body, one.token, headers=dict(headers))
    second = api.call("POST", "/api/tenders", body, two.token, headers=dict(headers))
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_a_retried_bid_is_placed_once(api: ApiClient) -> None:
    organizer, caterer = api.sign_up(), api.sign_up("caterer")
    tender = api.post_tender(organizer)
    path = f"/api/tenders/{tender['id']}/bids"
    headers = {"Idempotency-Key": "bid-retry"}
    body = {"amount_mad": "5000.00"}
    first = api.call("POST", path, body, caterer.token, headers=dict(headers))
    again = api.call("POST", path, body, caterer.token, headers=dict(headers))
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert BidRevisionModel.count(tender["id"]) == 1


def test_a_refused_request_can_be_retried_with_its_key(api: ApiClient) -> None:
    organizer = api.sign_up()
    headers = {"Idempotency-Key": "fix-and-retry"}
    bad = tender_body(seconds=1)
    refused = api.call("POST", "/api/tenders", bad, organizer.token, headers=dict(headers))
    assert refused.status_code == 422
    good = api.call("POST", "/api/tenders", tender_body(), organizer.token, headers=dict(headers))
    assert good.status_code == 201
