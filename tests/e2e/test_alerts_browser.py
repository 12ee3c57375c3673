"""One flow in Chromium: an organizer posts a regional-products tender (argan gift boxes) from
the page, and the matching women's cooperative finds the alert in its inbox, in Arabic."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page

from chalicelib.entrypoints import jobs
from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import fill_gift_box_tender, log_in, phone_page
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import MOROCCO, Watch, accessible

pytestmark = pytest.mark.e2e
TITLE = "Coffrets d'argan et d'amlou — mariage à Tiznit"


def logged_in(browser: Browser, server: Embedded, locale: str, login: str) -> tuple[Page, Watch]:
    page = phone_page(browser, server.url, locale=locale)
    watch = Watch(page, server.url)
    log_in(page, login, PASSWORD)
    return page, watch


def test_an_argan_gift_box_tender_alerts_the_cooperative(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    cooperative = api.sign_up(
        "caterer",
        language="ar",
        business_name="تعاونية أركان تيزنيت",
        provinces=["tiznit"],
        categories=["cooperative", "argan_products", "gift_boxes"],
    )
    organizer = api.sign_up(language="fr")

    page, watch = logged_in(browser, server, "fr-FR", organizer.email)
    page.goto("/tenders/new")
    deadline = datetime.now(MOROCCO) + timedelta(hours=2)
    fill_gift_box_tender(page, TITLE, deadline, "tiznit", "Livraison à Tiznit", 120)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/tenders/[0-9a-f-]{36}\?done=posted$"))
    assert "Produits d’argan, Coffrets cadeaux" in page.inner_text("main")

    jobs.sweep()  # the every-minute sweeper's outbox pass, without waiting for its minute
    inbox, inbox_watch = logged_in(browser, server, "ar-MA", cooperative.email)
    inbox.goto("/inbox")
    alert = inbox.locator(".card.new", has_text=TITLE)
    assert alert.count() == 1
    assert "طلب عروض جديد يناسبكم" in alert.inner_text()
    assert inbox.locator("html").get_attribute("dir") == "rtl"
    accessible(inbox)
    assert watch.problems == []
    assert inbox_watch.problems == []
