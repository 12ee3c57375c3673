"""Onboarding over HTTP (issue 8): the lessons, the checklist and the practice tender, on the
pages in the three languages and over the API."""

from __future__ import annotations

import re

import pytest

from chalicelib.domain.onboarding import PRACTICE_TENDER_ID
from embedded.runner import Embedded
from tests.bodies import sign_up_body
from tests.e2e.client import ApiClient
from tests.e2e.test_pages import ARABIC, LIMIT_BYTES, Visitor, hidden_fields

pytestmark = pytest.mark.e2e
HEADINGS = {
    "ar": "كيف تعمل طلبات العروض",
    "fr": "Comment fonctionnent les appels d'offres",
    "en": "How tenders work",
}
PROGRESS = re.compile(r'<progress id="onboarding-progress" max="(\d+)" value="(\d+)">')


def new_caterer(server: Embedded, language: str) -> Visitor:
    """A caterer signs up on the page, as a new visitor does, and lands on its checklist."""
    v = Visitor(server.url, language)
    body = sign_up_body("caterer", language=language)
    answer = v.submit("/signup", "/signup", {**body, "categories": "catering"})
    assert answer.status_code == 303, answer.text
    assert answer.headers["Location"] == "/me/start?done=welcome"
    return v


def progress(v: Visitor) -> tuple[int, int]:
    page = v.get("/me/start")
    assert page.status_code == 200
    found = PROGRESS.search(page.text)
    assert found, page.text[:500]
    return int(found.group(2)), int(found.group(1))


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_lessons_and_the_checklist_in_each_language(server: Embedded, language: str) -> None:
    v = new_caterer(server, language)
    start = v.get("/me/start?done=welcome")
    assert f'lang="{language}"' in start.text
    assert len(start.content) < LIMIT_BYTES
    assert progress(v) == (0, 7)
    if language == "ar":
        assert 'dir="rtl"' in start.text
        assert ARABIC.search(start.text)
    listing = v.get("/learn")
    assert HEADINGS[language] in listing.text.replace("&#39;", "'")
    lesson = v.get("/learn/how-tenders-work")
    assert lesson.status_code == 200
    assert len(lesson.content) < LIMIT_BYTES
    assert "<h2>" in lesson.text
    read = v.post("/learn/how-tenders-work", hidden_fields(lesson.text))
    assert read.status_code == 303
    assert read.headers["Location"] == "/me/start?done=lesson_read"
    again = v.post("/learn/how-tenders-work", hidden_fields(lesson.text))  # idempotent
    assert again.status_code == 303
    assert progress(v) == (1, 7)
    assert "✓" in v.get("/learn").text
    assert 'action="/learn/how-tenders-work"' not in v.get("/learn/how-tenders-work").text
    me = v.get("/me").text
    assert 'href="/me/start"' in me  # the summary stays on /me until the checklist is done


def test_anyone_reads_only_caterers_record(server: Embedded, api: ApiClient) -> None:
    anonymous = Visitor(server.url, "fr")
    page = anonymous.get("/learn/pricing-per-guest")
    assert page.status_code == 200
    assert "Fixer son prix par invité" in page.text
    assert 'action="/learn/pricing-per-guest"' not in page.text  # no form to record progress
    assert anonymous.get("/learn/no-such-lesson").status_code == 404
    posted = anonymous.post("/learn/pricing-per-guest", {"csrf": "none"})
    assert posted.status_code == 303
    assert posted.headers["Location"].startswith("/login")
    organizer = Visitor(server.url, "en")
    organizer.log_in(api.sign_up().email)
    refused = organizer.post(
        "/learn/pricing-per-guest", hidden_fields(organizer.get("/learn").text)
    )
    assert refused.status_code == 403
    assert organizer.get("/me/start").status_code == 403


def test_a_practice_bid_on_the_demo_tender(server: Embedded, api: ApiClient) -> None:
    v = new_caterer(server, "fr")  # not verified: it may still practise
    to_tender = v.get("/practice")
    assert to_tender.status_code == 303
    assert to_tender.headers["Location"] == f"/tenders/{PRACTICE_TENDER_ID}"
    page = v.get(to_tender.headers["Location"])
    assert "Entraînement — jamais attribué." in page.text
    assert 'name="amount_mad"' in page.text
    bid = v.post(
        to_tender.headers["Location"],
        {**hidden_fields(page.text), "amount_mad": "34800", "proposal": "Méchoui et pastilla"},
    )
    assert bid.status_code == 303, bid.text
    assert progress(v) == (1, 7)
    listed = api.call("GET", "/api/tenders?status=open").json()["items"]
    assert PRACTICE_TENDER_ID not in [t["id"] for t in listed]
    assert PRACTICE_TENDER_ID not in Visitor(server.url).get("/").text
    shown = api.call("GET", f"/api/tenders/{PRACTICE_TENDER_ID}").json()
    assert shown["practice"] is True
    assert shown["status"] == "open"


def test_the_api_lessons_and_onboarding(api: ApiClient) -> None:
    lessons = api.call("GET", "/api/lessons?lang=ar")
    assert lessons.status_code == 200
    items = lessons.json()["items"]
    assert [x["slug"] for x in items] == [
        "how-tenders-work",
        "winning-proposal",
        "pricing-per-guest",
    ]
    assert all(x["language"] == "ar" and ARABIC.search(x["title"]) for x in items)
    caterer = api.sign_up("caterer", verify=False)
    first = api.call("GET", "/api/me/onboarding", token=caterer.token).json()
    assert (first["done"], first["total"]) == (0, 7)
    practice = api.call("GET", f"/api/tenders/{first['practice_tender_id']}").json()
    assert (practice["practice"], practice["status"]) == (True, "open")
    bid = {"amount_mad": "9000.00", "proposal": "practice"}
    placed = api.call("POST", f"/api/tenders/{practice['id']}/bids", bid, token=caterer.token)
    assert placed.status_code == 201, placed.text
    practised = api.call("GET", "/api/me/onboarding", token=caterer.token).json()
    assert {"key": "practice-bid", "done": True} in practised["steps"]
    for _ in range(2):
        marked = api.call("POST", "/api/me/lessons/winning-proposal", token=caterer.token)
        assert marked.status_code == 200
    after = marked.json()
    assert after["done"] == practised["done"] + 1
    assert {"key": "lesson:winning-proposal", "done": True} in after["steps"]
    unknown = api.call("POST", "/api/me/lessons/no-such-lesson", token=caterer.token)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"]
    organizer = api.sign_up()
    assert api.call("GET", "/api/me/onboarding", token=organizer.token).status_code == 403
