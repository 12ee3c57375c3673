"""The programme's impact for admins, in Chromium at 360×740, in Arabic and French: a
women-led cooperative exempt from fees wins in Taroudant, a traiteur pays its fee in Agadir;
the month's row says what each earned, the shares and the fee waived, the charts draw them,
and axe finds nothing serious. With ``WALIMA_SCREENSHOTS=<dir>`` the page is photographed as
``impact-<lang>.png``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from embedded.runner import Embedded
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_browser import accessible, open_page

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("WALIMA_SCREENSHOTS")


def contracted(api: ApiClient, caterer: Person, amount: str, province: str) -> None:
    family = api.sign_up()
    posted = api.post_tender(family, seconds=11, province=province)
    path = f"/api/tenders/{posted['id']}"
    bid = api.call("POST", f"{path}/bids", {"amount_mad": amount}, caterer.token)
    assert bid.status_code == 201, bid.text
    deadline = time.monotonic() + 60
    while api.call("GET", path).json()["status"] != "awarded":
        assert time.monotonic() < deadline, "the tender did not close"
        time.sleep(0.5)
    confirmed = api.call("POST", f"{path}/award/confirm", {}, caterer.token)
    assert confirmed.status_code == 200, confirmed.text


def test_the_month_s_impact_on_the_admins_page(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    cooperative = api.sign_up("caterer", business_name="Coopérative Tafoukt")
    edited = api.call("PATCH", "/api/me", {"women_led": True}, cooperative.token)
    assert edited.status_code == 200, edited.text
    grant = {"reason": "women's argan cooperative", "programme": "CRI Souss-Massa"}
    granted = api.call("POST", f"/api/caterers/{cooperative.id}/exemption", grant, api.admin_token)
    assert granted.status_code == 201, granted.text
    traiteur = api.sign_up("caterer")
    contracted(api, cooperative, "40000.00", "taroudant")
    contracted(api, traiteur, "60000.00", "agadir-ida-outanane")
    for locale, lang in (("ar-MA", "ar"), ("fr-FR", "fr")):
        page, watch = open_page(browser, server, locale)
        log_in(page, api.admin.email, api.admin.password, "/admin/impact")
        page.goto(f"/admin/impact?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        month = page.locator("table.figures tbody tr").nth(11).inner_text()
        for figure in ("40", "2"):  # the exempt cooperative's 40,000; 2,000 waived (5 %)
            assert figure in month
        assert "40" in month  # women-led and isolated: 40 % of 100,000
        assert page.locator("ul.chart svg rect.range").count() == 24  # two charts, 12 months
        csv = page.request.get(f"{server.url}/admin/impact.csv")
        assert csv.status == 200
        assert csv.text().splitlines()[0].startswith("month,contracted_mad")
        accessible(page)
        assert watch.problems == []
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"impact-{lang}.png"), full_page=True)
