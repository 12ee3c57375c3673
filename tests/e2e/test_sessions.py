"""Ending a session over HTTP, on both doors: the token is dead at once, everywhere."""

from __future__ import annotations

import re
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


def reset_code(base: str, contact: str) -> str:
    """The newest code sent to ``contact``, as the dev outbox shows it (newest first)."""
    page = requests.get(base + "/dev/outbox", timeout=10).text
    rows = [row for row in page.split("<tr>") if contact in row]
    assert rows, f"no message to {contact}"
    return str(re.findall(r"\b\d{6}\b", rows[0])[0])


def test_a_forgotten_password_is_reset_by_the_code_sent_over_the_api(client: ApiClient) -> None:
    person = client.sign_up()
    other = client.log_in(person.email)
    unknown = client.call("POST", "/api/password-resets", {"login": "nobody@example.ma"})
    asked = client.call("POST", "/api/password-resets", {"login": person.email})
    assert (unknown.status_code, asked.status_code) == (202, 202)
    assert unknown.json() == asked.json() == {"channel": "email"}
    code = reset_code(client.base, person.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    body = {"login": person.email, "code": wrong, "new": "cedar and saffron road"}
    refused = client.call("POST", "/api/password-resets/confirm", body)
    assert refused.status_code == 422
    assert "code" in refused.json()["error"]["fields"]
    done = client.call("POST", "/api/password-resets/confirm", body | {"code": code})
    assert done.status_code == 200
    assert done.json() == {"sessions_ended": 2}
    assert client.call("GET", "/api/me", None, other).status_code == 401
    old = client.call("POST", "/api/sessions", {"login": person.email, "password": PASSWORD})
    assert old.status_code == 401
    assert client.log_in(person.email, "cedar and saffron road")


def test_a_forgotten_password_is_reset_on_the_pages_by_sms(
    server: Embedded, client: ApiClient
) -> None:
    person = client.sign_up()
    phone = client.call("GET", "/api/me", None, person.token).json()["phone"]  # E.164
    typed = "0" + phone.removeprefix("+212")  # as people type it
    page = Visitor(server.url, "fr")
    assert 'href="/password-reset"' in page.get("/login").text
    sent = page.submit("/password-reset", "/password-reset", {"login": typed})
    assert sent.status_code == 303
    confirm_page = sent.headers["Location"]
    assert page.get(confirm_page).status_code == 200
    assert "un code à 6 chiffres est en route" in page.get(confirm_page).text
    code = reset_code(server.url, phone)
    form = {"login": typed, "code": code, "new": "password12"}
    weak = page.submit(confirm_page, "/password-reset/confirm", form)
    assert weak.status_code == 422
    assert "trop facile à deviner" in weak.text
    form["new"] = "cedar and saffron road"
    done = page.submit(confirm_page, "/password-reset/confirm", form)
    assert (done.status_code, done.headers["Location"]) == (303, "/login?done=password_reset")
    page.log_in(person.email, "cedar and saffron road")


def test_a_password_changed_on_the_pages_ends_the_other_sessions(
    server: Embedded, client: ApiClient
) -> None:
    person = client.sign_up()
    page = Visitor(server.url)
    page.log_in(person.email)
    assert 'href="/me/password"' in page.get("/me").text
    wrong = page.submit("/me/password", "/me/password", {"current": "nope", "new": "x" * 12})
    assert wrong.status_code == 422
    assert "pas votre mot de passe actuel" in wrong.text  # in the account's language
    body = {"current": PASSWORD, "new": "argan terraces of tamri"}
    changed = page.submit("/me/password", "/me/password", body)
    assert (changed.status_code, changed.headers["Location"]) == (303, "/me?done=password_changed")
    assert client.call("GET", "/api/me", None, person.token).status_code == 401
    assert page.get("/me").status_code == 200  # this session goes on
