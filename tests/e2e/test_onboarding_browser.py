"""A new caterer's first minutes, in Chromium at a phone viewport (issue 8): it signs up,
lands on its checklist, reads a lesson, places a practice bid with the normal bid form, and
sees its progress go up. axe-core checks the checklist, the lesson and the practice tender."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.e2e.test_browser import accessible, open_page, sign_up

pytestmark = pytest.mark.e2e


def steps_done(page: Page) -> str:
    return page.locator("#onboarding-progress").get_attribute("value") or ""


def test_a_new_caterer_reads_a_lesson_and_practises(server: Embedded, browser: Browser) -> None:
    page, watch = open_page(browser, server, "fr-FR")
    sign_up(
        page,
        "caterer",
        "Hassan Idrissi",
        "hassan.start@example.ma",
        "0662444555",
        business="Traiteur Souss",
    )
    assert re.search(r"/me/start\?done=welcome$", page.url)
    assert steps_done(page) == "0"
    assert "0 étapes faites sur 7" in page.locator("label[for=onboarding-progress]").inner_text()
    accessible(page)

    page.click("text=Lisez la leçon « Comment fonctionnent les appels d'offres »")
    page.wait_for_url(re.compile(r"/learn/how-tenders-work$"))
    assert page.locator("h2").first.inner_text() == "Offres sous pli fermé ou enchère ouverte"
    accessible(page)
    page.click("main button:has-text('Marquer comme lu')")
    page.wait_for_url(re.compile(r"/me/start\?done=lesson_read$"))
    assert steps_done(page) == "1"

    page.click("text=Faites une offre d'entraînement sur l'appel d'offres de démonstration")
    page.wait_for_url(re.compile(r"/tenders/[0-9a-f-]+$"))
    assert "jamais attribué" in page.locator("main .note").first.inner_text()
    accessible(page)
    page.fill("#f-amount_mad", "34800")
    page.fill("#f-proposal", "Harira, pastilla, méchoui ; 10 serveurs ; transport compris")
    page.click("main form:has(#f-amount_mad) button[type=submit]")
    page.wait_for_url(re.compile(r"done=bid$"))

    page.click("text=Retour à ma liste")
    page.wait_for_url(re.compile(r"/me/start$"))
    assert steps_done(page) == "2"
    assert "2 étapes faites sur 7" in page.locator("label[for=onboarding-progress]").inner_text()
    assert watch.problems == []
