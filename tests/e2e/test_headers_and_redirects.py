"""What every answer says about itself: API answers are never sniffed or cached, and a
redirect back after log-in is always a valid, ASCII ``Location``."""

from __future__ import annotations

import requests

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.client import ApiClient
from tests.e2e.test_pages import Visitor, hidden_fields


def test_api_answers_are_never_sniffed_nor_stored(server: Embedded, api: ApiClient) -> None:
    person = api.sign_up()
    answers = [
        api.call("POST", "/api/sessions", {"login": person.email, "password": PASSWORD}),
        api.call("GET", "/api/me", None, person.token),
        api.call("GET", "/api/tenders/not-an-id"),  # an error
        api.call("DELETE", "/api/sessions", None, api.log_in(person.email)),  # a 204
    ]
    for answer in answers:
        assert answer.headers["X-Content-Type-Options"] == "nosniff", answer.url
        assert answer.headers["Cache-Control"] == "no-store", answer.url
        assert "Strict-Transport-Security" not in answer.headers  # plain HTTP on 127.0.0.1


def test_a_return_path_in_any_script_comes_back_encoded(server: Embedded, api: ApiClient) -> None:
    person = api.sign_up()
    browser = Visitor(server.url, "ar")
    page = browser.get("/login?next=%2F%E3%80%80")
    assert page.status_code == 200
    posted = browser.post(
        "/login?next=%2F%E3%80%80",
        {**hidden_fields(page.text), "login": person.email, "password": PASSWORD},
    )
    assert posted.status_code == 303
    assert posted.headers["Location"] == "/%E3%80%80"
    again = browser.get("/login?next=%2F%D9%85%D8%B1%D8%AD%D8%A8%D8%A7")  # signed in: straight on
    assert again.status_code == 303
    assert again.headers["Location"] == "/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7"
    assert requests.get(server.url + again.headers["Location"], timeout=10).status_code == 404


def test_pages_and_assets_travel_gzipped_to_a_client_that_accepts_it(server: Embedded) -> None:
    import gzip

    plain = requests.get(server.url + "/", headers={"Accept-Encoding": "identity"}, timeout=30)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    raw = requests.get(
        server.url + "/", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30
    )
    sent = raw.raw.read(decode_content=False)
    assert raw.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in raw.headers["Vary"]
    assert int(raw.headers["Content-Length"]) == len(sent) < len(plain.content) / 2
    assert gzip.decompress(sent) == plain.content
    refused = requests.get(server.url + "/", headers={"Accept-Encoding": "gzip;q=0"}, timeout=30)
    assert "Content-Encoding" not in refused.headers


def test_answers_under_1_kb_go_as_they_are(server: Embedded, api: ApiClient) -> None:
    small = api.call("GET", "/api/tenders/not-an-id")  # requests accepts gzip by default
    assert small.status_code == 404
    assert len(small.content) < 1024
    assert "Content-Encoding" not in small.headers
