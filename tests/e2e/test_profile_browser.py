"""The caterer's pages in a real browser (Debian's Chromium, 360×740, axe-core on each page):
a French caterer fills its profile and watches its completeness rise, its public profile shows
the menus and badges; an Arabic-speaking organizer reviews the completed event from the tender
page and the caterer replies."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import fill_cooperative_profile, log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import accessible, open_page
from tests.e2e.test_profile_pages import completed_tender

pytestmark = pytest.mark.e2e


def completeness(page: Page) -> int:
    return int(page.locator("progress").get_attribute("value") or "0")


def test_a_caterer_completes_its_profile_then_is_reviewed_and_replies(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    person = api.sign_up("caterer", language="fr")
    caterer, caterer_watch = open_page(browser, server, "fr-FR")
    log_in(caterer, person.email, PASSWORD)
    caterer.click("a[href='/me/profile']")
    caterer.wait_for_url(re.compile(r"/me/profile$"))
    accessible(caterer)
    before = completeness(caterer)

    fill_cooperative_profile(
        caterer,
        "Amlou\nPastilla au poulet",
        250,
        "Coopérative de femmes à Tiznit, cuisine au feu de bois.",
        ("Menu mariage", "185,50", "Pastilla\nMéchoui\nCornes de gazelle"),
    )
    assert completeness(caterer) == 100 > before
    assert caterer.locator(".checklist .todo").count() == 0

    caterer.click("a[href^='/caterers/']")
    caterer.wait_for_url(re.compile(r"/caterers/"))
    accessible(caterer)
    main = caterer.locator("main").inner_text()
    assert "Menu mariage" in main
    assert "185,50\u00a0MAD par invité" in main
    assert "Coopérative" in caterer.locator(".badges").inner_text()
    assert "Dirigé par des femmes" in caterer.locator(".badges").inner_text()
    assert person.email not in caterer.content()

    organizer_person, tender_id = completed_tender(api, person)
    organizer, organizer_watch = open_page(browser, server, "ar-MA")
    log_in(organizer, organizer_person.email, PASSWORD)
    organizer.goto(f"/tenders/{tender_id}?lang=ar")
    assert organizer.locator("html").get_attribute("dir") == "rtl"
    accessible(organizer)
    organizer.click(f"form[action='/tenders/{tender_id}/review'] button[type=submit]")
    organizer.wait_for_url(re.compile(rf"/tenders/{tender_id}/review$"))
    assert organizer.locator("#stars-err").is_visible()  # no stars chosen: said in Arabic
    assert organizer_watch.problems == [
        "console: Failed to load resource: the server responded with a status of 422 "
        "(Unprocessable Entity)"
    ]  # the refused form's status, and nothing else
    organizer_watch.problems.clear()
    organizer.check("#stars-5")
    organizer.fill("#f-comment", "Pastilla parfaite, service impeccable.")
    organizer.click(f"form[action='/tenders/{tender_id}/review'] button[type=submit]")
    organizer.wait_for_url(re.compile(r"done=reviewed$"))
    assert "Pastilla parfaite" in organizer.locator("#review-title + .card").inner_text()

    caterer.goto(f"/tenders/{tender_id}")
    caterer.fill("#f-reply", "Merci pour votre confiance !")
    caterer.click(f"form[action='/tenders/{tender_id}/review/reply'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=replied$"))
    accessible(caterer)
    caterer.goto(f"/caterers/{person.id}")
    reviews = caterer.locator("#reviews-title + ol").inner_text()
    assert "5 sur 5" in reviews
    assert "Merci pour votre confiance !" in reviews
    assert caterer_watch.problems == []
    assert organizer_watch.problems == []
