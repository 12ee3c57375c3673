"""Private messages on the pages, in Chromium at 360×740: a caterer writes in Arabic, the
family answers in French; the phone number the caterer typed is masked; each side's unread
count moves as the other writes and it reads; axe finds nothing serious on either page.
With ``WALIMA_SCREENSHOTS=<dir>`` the pages are photographed as ``deal-NN-<step>.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import accessible, open_page
from tests.e2e.test_deal_browser import shot

pytestmark = pytest.mark.e2e


def header_unread(page: Page) -> int:
    badge = page.locator("header .badge")
    return int(badge.inner_text()) if badge.count() else 0


def test_a_caterer_and_a_family_talk_in_arabic_and_french(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    family = api.sign_up(language="fr", name="Famille Alaoui")
    cooperative = api.sign_up("caterer", language="ar", business_name="تعاونية أركان تارودانت")
    tender = api.post_tender(family, seconds=3600, title="Fiançailles à Taroudant")
    tender_id = tender["id"]

    caterer, caterer_watch = open_page(browser, server, "ar-MA")
    log_in(caterer, cooperative.email, PASSWORD)
    caterer.goto(f"/tenders/{tender_id}")
    caterer.click(f"a[href='/tenders/{tender_id}/messages']")
    assert caterer.locator("html").get_attribute("dir") == "rtl"
    caterer.fill("#f-text", "هل يوجد مطبخ في القاعة؟ هاتفي 0661234567")
    caterer.click("main form button[type=submit]")
    caterer.wait_for_url(f"**/tenders/{tender_id}/messages#latest")
    sent = caterer.locator("ol.thread li").last.inner_text()
    assert "هل يوجد مطبخ في القاعة؟" in sent
    assert "0661234567" not in sent
    assert "•••" in sent
    accessible(caterer)
    shot(caterer, 8, "thread-caterer-ar")
    before = header_unread(caterer)

    organizer, organizer_watch = open_page(browser, server, "fr-FR")
    log_in(organizer, family.email, PASSWORD, f"/tenders/{tender_id}/messages")
    card = organizer.locator("ul.cards li", has_text="تعاونية أركان تارودانت")
    assert card.locator(".badge").inner_text() == "1"
    accessible(organizer)
    shot(organizer, 9, "threads-organizer-fr")
    card.locator("a").click()
    assert "هل يوجد مطبخ في القاعة؟" in organizer.locator("ol.thread").inner_text()
    organizer.fill("#f-text", "Oui, une cuisine équipée au sous-sol.")
    organizer.click("main form button[type=submit]")
    organizer.wait_for_url(f"**/tenders/{tender_id}/messages/{cooperative.id}#latest")
    assert (
        organizer.locator("ol.thread li.mine")
        .last.inner_text()
        .endswith("Oui, une cuisine équipée au sous-sol.")
    )
    accessible(organizer)
    shot(organizer, 10, "thread-organizer-fr")
    organizer.goto(f"/tenders/{tender_id}/messages")
    assert organizer.locator("ul.cards li .badge").count() == 0  # read by opening it

    caterer.reload()
    assert header_unread(caterer) == before + 1  # the family's answer is a notice
    caterer.goto("/inbox")
    caterer.click(f"a[href='/tenders/{tender_id}/messages']")  # the notice leads to the thread
    assert "Oui, une cuisine équipée au sous-sol." in caterer.locator("ol.thread").inner_text()
    assert caterer.locator("ol.thread li.mine").count() == 1
    assert caterer_watch.problems == []
    assert organizer_watch.problems == []
