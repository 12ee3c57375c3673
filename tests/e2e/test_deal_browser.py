"""The deal on the pages, in Chromium at 360×740, from the post to a verified review.

A family in Inezgane posts its wedding with a 30 % deposit; a Taroudant cooperative and a
Tiznit caterer bid; the tender closes by itself; the cooperative confirms. Both contract pages
show the other party's phone, WhatsApp and e-mail, the loser's shows nothing; the contract PDF
downloads in Arabic and in French; the cooperative records the deposit, then enters the
family's delivery code on the day; the family's review is marked verified.

With ``WALIMA_SCREENSHOTS=<dir>`` each step is photographed as ``deal-NN-<step>.png`` (full
page), as ``make screenshots`` does for the README.
"""

from __future__ import annotations

import io
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import MOROCCO, accessible, open_page

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("WALIMA_SCREENSHOTS")
TITLE = "Mariage de Salma et Youssef à Inezgane"


def shot(page: Page, number: int, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"deal-{number:02d}-{name}.png"), full_page=True)


def me(api: ApiClient, token: str) -> dict[str, str]:
    return dict(api.call("GET", "/api/me", None, token).json())


def pdf_text(page: Page, link: str) -> str:
    """Fetch the page's PDF link with the browser's own session and read the file with a PDF
    reader. (Debian's headless Chromium cancels Playwright's download event, so the file is
    fetched by the context's request API, which carries the same cookies.)"""
    got = page.request.get(page.get_attribute(link, "href") or "")
    assert got.status == 200
    assert got.headers["content-disposition"].startswith("attachment;")
    data = got.body()
    assert data.startswith(b"%PDF-")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_from_the_post_to_a_verified_review(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    family = api.sign_up(language="fr", name="Famille Bennani")
    areas = ["inezgane-ait-melloul", "taroudant", "tiznit"]
    winner = api.sign_up(
        "caterer", language="fr", business_name="Coopérative Dar Taroudant", provinces=areas
    )
    loser = api.sign_up("caterer", language="ar", business_name="Traiteur Tiznit", provinces=areas)
    phones = {p.id: me(api, p.token)["phone"] for p in (family, winner)}

    # 1. The family posts its wedding on /tenders/new, 30 % deposit, closing in 25 s.
    organizer, organizer_watch = open_page(browser, server, "fr-FR")
    log_in(organizer, family.email, PASSWORD, "/tenders/new")
    deadline = datetime.now(MOROCCO) + timedelta(seconds=25)
    organizer.fill("#f-title", TITLE)
    organizer.select_option("#f-event_type", "wedding")
    organizer.fill("#f-event_date", deadline.date().isoformat())  # the wedding is today
    organizer.select_option("#f-province", "inezgane-ait-melloul")
    organizer.fill("#f-venue", "Salle Al Amal, Inezgane")
    organizer.fill("#f-guests", "200")
    organizer.fill("#f-menu", "pastilla\nméchoui\ntajine aux pruneaux")
    organizer.fill("#f-budget_max_mad", "70000")
    organizer.fill("#f-deposit_percent", "30")
    organizer.fill("#f-deadline_date", deadline.date().isoformat())
    organizer.fill("#f-deadline_time", deadline.strftime("%H:%M:%S"))
    shot(organizer, 1, "tender-new")
    organizer.click("main button[type=submit]")
    organizer.wait_for_url(re.compile(r"/tenders/[0-9a-f-]{36}\?done=posted$"))
    tender_url = organizer.url.split("?")[0]
    tender_id = tender_url.rsplit("/", 1)[-1]
    contract_url = f"{tender_url}/contract"
    organizer.goto("/me")  # off the live page, which reloads itself when the tender closes

    # 2. Two caterers bid; the page says the budget before the cooperative submits.
    path = f"/api/tenders/{tender_id}"
    placed = api.call("POST", f"{path}/bids", {"amount_mad": "64000.00"}, loser.token)
    assert placed.status_code == 201, placed.text
    caterer, caterer_watch = open_page(browser, server, "fr-FR")
    log_in(caterer, winner.email, PASSWORD)
    caterer.goto(tender_url)
    assert "70" in caterer.inner_text("[data-budget]")
    caterer.fill("#f-amount_mad", "60 000")
    caterer.fill("#f-proposal", "Pastilla, méchoui, tajine ; 10 serveurs ; vaisselle comprise")
    caterer.click("main form:has(#f-amount_mad) button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=bid$"))

    # 3. It closes by itself; the cooperative confirms the award.
    caterer.goto(f"/tenders/{tender_id}")
    caterer.wait_for_selector("form[action$='/award/confirm']", timeout=40_000)
    caterer.click("form[action$='/award/confirm'] button")
    caterer.wait_for_url(re.compile(r"done=confirmed$"))

    # 4. Both contract pages: the other party's phone, WhatsApp and e-mail.
    organizer.goto(tender_url)
    organizer.click("[data-contract]")
    organizer.wait_for_url(contract_url)
    tel = organizer.get_attribute("[data-contact=tel]", "href")
    assert tel == f"tel:{phones[winner.id]}"
    whatsapp = organizer.get_attribute("[data-contact=whatsapp]", "href")
    assert whatsapp == "https://wa.me/" + phones[winner.id].removeprefix("+")
    code = organizer.inner_text("[data-code]")
    assert re.fullmatch(r"[0-9]{6}", code)
    assert "18 000,00" in organizer.inner_text("[data-milestone=deposit]").replace("\u202f", " ")
    accessible(organizer)
    shot(organizer, 2, "contract-organizer")
    caterer.goto(contract_url)
    assert caterer.get_attribute("[data-contact=tel]", "href") == f"tel:{phones[family.id]}"
    assert code not in caterer.inner_text("main")
    accessible(caterer)
    shot(caterer, 3, "contract-caterer")

    # 5. The loser: no contract, no contacts anywhere it can look.
    outsider, outsider_watch = open_page(browser, server, "ar-MA")
    log_in(outsider, loser.email, PASSWORD)
    outsider.goto(tender_url)
    assert outsider.locator("[data-contract]").count() == 0
    for phone in phones.values():
        assert phone not in outsider.content()
    answer = outsider.goto(contract_url)
    assert answer is not None
    assert answer.status == 403
    refused = "the server responded with a status of 403"
    assert [p for p in outsider_watch.problems if refused not in p] == []  # only the asked 403
    outsider_watch.problems.clear()
    shot(outsider, 4, "loser")

    # 6. The PDF, in French for the family and in Arabic for the cooperative's page.
    organizer.goto(contract_url)
    french = pdf_text(organizer, "[data-pdf]")
    assert "Coopérative Dar Taroudant" in french
    assert "60\u202f000,00" in french
    caterer.goto(contract_url)
    caterer.click("footer button[lang=ar]")  # the language switch: a POST, back to this page
    caterer.wait_for_url(contract_url)
    assert caterer.locator("html").get_attribute("dir") == "rtl"
    arabic = pdf_text(caterer, "[data-pdf]")
    assert "الثمن والدفعات" in arabic
    assert "Famille Bennani" in arabic
    assert code not in french + arabic

    # 7. The cooperative records the deposit, in cash.
    caterer.goto(contract_url)
    caterer.select_option("#f-method-deposit", "cash")
    caterer.click("form[action$='/milestones/deposit'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=paid$"))
    assert caterer.locator("[data-milestone=deposit] [data-paid]").count() == 1
    shot(caterer, 5, "deposit-paid")

    # 8. On the day, the family's delivery code completes the event.
    caterer.fill("#f-code", code)
    caterer.click("form[action$='/contract/delivery'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=delivered$"))
    assert caterer.locator("[data-delivered]").count() == 1
    accessible(caterer)
    shot(caterer, 6, "delivered")

    # 9. The family's review is a verified one, on the cooperative's public profile.
    organizer.goto(tender_url)
    organizer.check("#stars-5")
    organizer.fill("#f-comment", "Tout était parfait, merci !")
    organizer.click("form[action$='/review'] button[type=submit]")
    organizer.wait_for_url(re.compile(r"done=reviewed$"))
    assert organizer.locator("[data-verified]").count() == 1
    shot(organizer, 7, "verified-review")
    organizer.goto(f"/caterers/{winner.id}")
    assert organizer.locator(".verified").count() >= 1
    accessible(organizer)
    shot(organizer, 8, "profile")

    for watch in (organizer_watch, caterer_watch, outsider_watch):
        assert watch.problems == []
