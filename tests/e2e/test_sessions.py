"""Ending a session over HTTP, on both doors: the token is dead at once, everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.client import ApiClient
from tests.e2e.test_pages import Visitor

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(server: Embedded) -> Iterator[ApiClient]:
    with requests.Session() as session:
        yield ApiClient(server.url, session, server.admin)


def test_an_ended_token_gets_401_everywhere(client: ApiClient) -> None:
    organizer, caterer = client.sign_up(), client.sign_up("caterer")
    tender = client.post_tender(organizer)
    other = client.log_in(caterer.email)
    ended = client.call("DELETE", "/api/sessions", None, caterer.token)
    assert ended.status_code == 204
    assert ended.content == b""
    assert client.call("GET", "/api/me", None, caterer.token).status_code == 401
    bid = {"amount_mad": "7000.00"}
    refused = client.call("POST", f"/api/tenders/{tender['id']}/bids", bid, caterer.token)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
    assert client.call("POST", f"/api/tenders/{tender['id']}/bids", bid, other).status_code == 201


def test_logging_out_of_the_pages_ends_the_token(server: Embedded, client: ApiClient) -> None:
    person = client.sign_up()
    browser = Visitor(server.url, "fr")
    browser.log_in(person.email)
    token = browser.http.cookies["walima_session"]
    assert client.call("GET", "/api/me", None, token).status_code == 200
    assert browser.submit("/logout", "/logout", {}).status_code == 303
    assert client.call("GET", "/api/me", None, token).status_code == 401
    replayed = Visitor(server.url, "fr")  # the old cookie, kept by someone else
    replayed.http.cookies.set("walima_session", token)
    assert replayed.get("/me").status_code == 303


def test_a_new_password_ends_the_other_sessions(client: ApiClient) -> None:
    person = client.sign_up()
    other = client.log_in(person.email)
    body = {"current": PASSWORD, "new": "another long passphrase"}
    changed = client.call("POST", "/api/me/password", body, person.token)
    assert changed.status_code == 200
    assert changed.json() == {"other_sessions_ended": 1}
    assert client.call("GET", "/api/me", None, other).status_code == 401
    assert client.call("GET", "/api/me", None, person.token).status_code == 200
    short = {"current": "another long passphrase", "new": "short"}
    too_short = client.call("POST", "/api/me/password", short, person.token)
    assert too_short.status_code == 422
    assert "new" in too_short.json()["error"]["fields"]
