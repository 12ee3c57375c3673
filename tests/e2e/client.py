"""A thin HTTP client for the contract, used by end-to-end tests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from embedded.runner import Admin
from tests.bodies import PASSWORD, sign_up_body


@dataclass
class Person:
    id: str
    token: str
    email: str


class ApiClient:
    def __init__(self, base: str, session: requests.Session, admin: Admin) -> None:
        self.base = base
        self.session = session
        self.admin = admin
        self._admin_token: str | None = None

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, **kw: Any
    ) -> requests.Response:
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(
            method, self.base + path, json=body, headers=headers, timeout=30, **kw
        )

    def log_in(self, login: str, password: str = PASSWORD) -> str:
        answer = self.call("POST", "/api/sessions", {"login": login, "password": password})
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    @property
    def admin_token(self) -> str:
        if self._admin_token is None:
            self._admin_token = self.log_in(self.admin.email, self.admin.password)
        return self._admin_token

    def sign_up(self, role: str = "organizer", verify: bool = True, **extra: Any) -> Person:
        body = sign_up_body(role, **extra)
        answer = self.call("POST", "/api/accounts", body)
        assert answer.status_code == 201, answer.text
        account = answer.json()
        if role == "caterer" and verify:
            verified = self.call(
                "POST", f"/api/caterers/{account['id']}/verification", {}, self.admin_token
            )
            assert verified.status_code == 200, verified.text
        return Person(account["id"], self.log_in(body["email"]), body["email"])

    def at_any_hour(self, *people: Person) -> None:
        """Turn off quiet hours, so a test run at night still sees its e-mail and SMS sent."""
        for person in people:
            body = {"sms": True, "email": True, "quiet_hours": False}
            answer = self.call("PUT", "/api/me/notice-settings", body, person.token)
            assert answer.status_code == 200, answer.text

    def post_tender(self, organizer: Person, seconds: float = 3600, **extra: Any) -> dict[str, Any]:
        answer = self.call("POST", "/api/tenders", tender_body(seconds, **extra), organizer.token)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())


def bid_all_at_once(
    base: str, tender_id: str, bids: list[tuple[Person, str]], timeout: float = 120
) -> list[requests.Response]:
    """Every (caterer, amount) bid sent at the same time, one thread and connection each; the
    answers come back in the order of ``bids``."""
    url = f"{base}/api/tenders/{tender_id}/bids"

    def bid(pair: tuple[Person, str]) -> requests.Response:
        person, amount = pair
        return requests.post(
            url,
            json={"amount_mad": amount},
            headers={"Authorization": f"Bearer {person.token}"},
            timeout=timeout,
        )

    with ThreadPoolExecutor(max_workers=len(bids)) as pool:
        return list(pool.map(bid, bids))


def tender_body(seconds: float = 3600, **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "title": "Dîner de mariage",
        "event_type": "wedding",
        "event_date": (now + timedelta(days=20)).date().isoformat(),
        "province": "tata",
        "venue": "Salle Tata",
        "guests": 150,
        "menu": ["tajine"],
        "service_style": "buffet",
        "mode": "sealed",
        "bid_deadline": (now + timedelta(seconds=seconds)).isoformat(),
    } | extra
