"""The price insight on the pages, in Chromium at 360×740, in Arabic and French: five weddings
contracted in Tata through the API draw Tata's bar (the other provinces have too few
contracts), the table beside the chart gives the same figures, and axe finds nothing serious;
the tender form then says what a guest typically costs in Tata.
With ``WALIMA_SCREENSHOTS=<dir>`` the page is photographed as ``insights-<lang>.png``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import accessible, open_page

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("WALIMA_SCREENSHOTS")
PRICES = [  # per guest: 300, 320, 350, 400, 450 MAD
    ("30000.00", 100),
    ("48000.00", 150),
    ("70000.00", 200),
    ("88000.00", 220),
    ("58500.00", 130),
]


def test_five_contracts_draw_their_province_s_bar(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    family, caterer = api.sign_up(), api.sign_up("caterer")
    tenders = []
    for amount, guests in PRICES:
        posted = api.post_tender(family, seconds=11, guests=guests)
        bid = api.call(
            "POST", f"/api/tenders/{posted['id']}/bids", {"amount_mad": amount}, caterer.token
        )
        assert bid.status_code == 201, bid.text
        tenders.append(posted["id"])
    deadline = time.monotonic() + 60
    for tender_id in tenders:
        while api.call("GET", f"/api/tenders/{tender_id}").json()["status"] != "awarded":
            assert time.monotonic() < deadline, "the tender did not close"
            time.sleep(0.5)
        confirmed = api.call("POST", f"/api/tenders/{tender_id}/award/confirm", {}, caterer.token)
        assert confirmed.status_code == 200, confirmed.text
    figures = api.call("GET", "/api/insights/prices?province=tata&event_type=wedding").json()
    assert figures == {
        "count": 5,
        "per_guest_mad": {"p25": "320.00", "median": "350.00", "p75": "400.00"},
        "months": 12,
    }
    organizer, watch = open_page(browser, server, "fr-FR")
    log_in(organizer, family.email, PASSWORD, "/tenders/new")
    hint = organizer.locator("#price-hint")
    organizer.select_option("#f-event_type", "wedding")
    organizer.select_option("#f-province", "taroudant")  # no contract there: no hint
    organizer.wait_for_timeout(500)
    assert hint.is_hidden()
    organizer.select_option("#f-province", "tata")
    hint.wait_for(state="visible")
    assert "350,00" in hint.inner_text()
    assert "320,00" in hint.inner_text()
    assert watch.problems == []
    for locale, lang, median in (("ar-MA", "ar", "350,00"), ("fr-FR", "fr", "350,00")):
        page, watch = open_page(browser, server, locale)
        page.goto(f"/insights?lang={lang}")
        assert page.locator("ul.chart svg").count() == 1  # Tata's bar only
        tata = page.locator("table.figures tbody tr", has_text="5")
        assert median in tata.inner_text()
        accessible(page)
        assert watch.problems == []
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"insights-{lang}.png"), full_page=True)
