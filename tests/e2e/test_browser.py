"""The pages in a real browser: Debian's Chromium at a 360×740 phone viewport, driven by
Playwright, against the embedded server (127.0.0.1 only).

A French organizer posts a tender, two caterers bid in Arabic (one with Arabic-Indic digits),
the tender closes by itself 15 s later, the page reloads itself into the result, the winner
reads the award in its inbox and the organizer compares the bids side by side. axe-core checks
every page on the way: no serious or critical violation.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.bodies import PASSWORD as CLIENT_PASSWORD
from tests.e2e.browser import axe_violations, phone_page
from tests.e2e.client import ApiClient

pytestmark = pytest.mark.e2e
MOROCCO = ZoneInfo("Africa/Casablanca")
PASSWORD = "tajine-2026-souss"


class Watch:
    """Collects what must never happen on a page: CSP violations, script errors, requests to
    anything but our server."""

    def __init__(self, page: Page, base: str) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", lambda r: self._request(r.url, base))

    def _console(self, message: Any) -> None:
        if "no-such-page" in message.location.get("url", ""):
            return  # the 404 page we asked for: its status is logged as an error
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def _request(self, url: str, base: str) -> None:
        if not url.startswith((base, "data:")):
            self.problems.append(f"third-party request: {url}")


def open_page(browser: Browser, server: Embedded, locale: str) -> tuple[Page, Watch]:
    page = phone_page(browser, server.url, locale=locale)
    return page, Watch(page, server.url)


def until(check: Any, limit_s: float = 5) -> None:
    """Poll from Python: the page's CSP forbids the string evaluation wait_for_function uses."""
    deadline = time.monotonic() + limit_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def sign_up(page: Page, role: str, name: str, email: str, phone: str, **extra: str) -> None:
    page.goto(f"/signup?role={role}")
    page.fill("#f-name", name)
    page.fill("#f-email", email)
    page.fill("#f-phone", phone)
    page.fill("#f-password", PASSWORD)
    if role == "caterer":
        page.fill("#f-business_name", extra["business"])
        page.check("#provinces-agadir-ida-outanane")
        page.check("#categories-catering")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/me(/start)?\?done=welcome$"))  # caterers: the checklist


def test_french_organizer_arabic_caterers_award_and_comparison(
    server: Embedded, browser: Browser
) -> None:
    started = time.monotonic()
    organizer, org_watch = open_page(browser, server, "fr-FR")
    sign_up(organizer, "organizer", "Amina Ouali", "amina.browser@example.ma", "0661112233")
    assert organizer.locator("html").get_attribute("lang") == "fr"
    accessible(organizer)

    caterers: list[tuple[Page, Watch]] = []
    for n, business in enumerate(("تموين أكادير", "دار الضيافة تيزنيت")):
        page, watch = open_page(browser, server, "ar-MA")
        page.goto("/signup?role=caterer")
        assert page.locator("html").get_attribute("dir") == "rtl"
        if n == 0:
            accessible(page)
        sign_up(
            page,
            "caterer",
            f"ممون {n}",
            f"caterer{n}.browser@example.ma",
            f"066222333{n}",
            business=business,
        )
        assert page.locator("html").get_attribute("lang") == "ar"
        caterers.append((page, watch))

    admin, admin_watch = open_page(browser, server, "fr-FR")
    admin.goto("/admin/caterers")
    admin.fill("#f-login", server.admin.email)
    admin.fill("#f-password", server.admin.password)
    admin.click("main button[type=submit]")
    admin.wait_for_url(re.compile(r"/admin/caterers$"))
    accessible(admin)
    for business in ("تموين أكادير", "دار الضيافة تيزنيت"):
        admin.click(f"form:has(input[name=caterer_id]) button[aria-label*='{business}']")
        admin.wait_for_url(re.compile(r"done=verified"))

    # The organizer posts a sealed tender closing 15 s from now, Moroccan time.
    organizer.goto("/tenders/new")
    accessible(organizer)
    deadline = datetime.now(MOROCCO) + timedelta(seconds=15)
    organizer.fill("#f-title", "Mariage à Agadir — dîner de 200 invités")
    organizer.select_option("#f-event_type", "wedding")
    organizer.fill("#f-event_date", (deadline + timedelta(days=30)).date().isoformat())
    organizer.select_option("#f-province", "agadir-ida-outanane")
    organizer.fill("#f-venue", "Salle Founty, Agadir")
    organizer.fill("#f-guests", "200")
    organizer.fill("#f-menu", "Pastilla au poulet\nMéchoui\nCornes de gazelle")
    organizer.fill("#f-budget_max_mad", "90 000")
    organizer.fill("#f-deadline_date", deadline.date().isoformat())
    organizer.fill("#f-deadline_time", deadline.strftime("%H:%M:%S"))
    organizer.click("main button[type=submit]")
    organizer.wait_for_url(re.compile(r"/tenders/[0-9a-f-]{36}\?done=posted$"))
    tender_url = organizer.url.split("?")[0]
    assert "Pastilla au poulet" in organizer.inner_text("main")

    # Two caterers bid in Arabic; the first types Arabic-Indic digits.
    for (page, _), amount in zip(caterers, ("٧٨٥٠٠", "76 000,50"), strict=True):
        page.goto(tender_url)
        assert page.locator("[role=timer]").count() == 1
        page.fill("#f-amount_mad", amount)
        page.fill("#f-proposal", "قائمة كاملة مع الخدمة")
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"done=bid$"))
        assert page.locator(".card .amount").count() == 1
    accessible(caterers[0][0])
    assert "78" in caterers[0][0].inner_text(".card .amount")

    # No reload by hand: the page the organizer posted from sees the close and reloads into
    # the comparison, without the "posted" banner.
    organizer.wait_for_selector(".compare table", timeout=40_000)
    assert organizer.url == tender_url
    columns = organizer.locator(".compare thead th")
    assert columns.count() == 2
    awarded = " ".join(organizer.locator(".compare .won").all_inner_texts())
    assert "دار الضيافة تيزنيت" in awarded
    assert "76" in awarded
    accessible(organizer)

    winner = caterers[1][0]
    winner.goto("/inbox")
    won = winner.locator(".card.new", has_text="76")  # (a tender alert may be there too)
    assert won.count() == 1
    accessible(winner)
    winner.reload()
    assert winner.locator(".card.new").count() == 0  # seen, so now read

    # The winner confirms the award on the tender page, in Arabic: the contract is agreed.
    winner.goto(tender_url)
    accessible(winner)
    winner.click("form[action$='/award/confirm'] button")
    winner.wait_for_url(re.compile(r"done=confirmed$"))
    assert "تم الاتفاق على العقد" in winner.inner_text("main")
    assert winner.locator("form[action$='/award/confirm']").count() == 0

    for _, watch in [(organizer, org_watch), (admin, admin_watch), *caterers]:
        assert watch.problems == []
    assert time.monotonic() - started < 90


def test_main_pages_pass_axe_in_three_languages(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    organizer = api.sign_up()
    caterer = api.sign_up("caterer")
    tender = api.post_tender(organizer, mode="open", budget_max_mad="50000.00")
    api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "45000"}, caterer.token)
    visits = [
        (None, ["/", "/signup?role=caterer", "/login", "/no-such-page"]),
        (organizer.email, ["/tenders/new", "/me"]),
        (caterer.email, [f"/tenders/{tender['id']}", "/me"]),
    ]
    for login, paths in visits:
        page, watch = open_page(browser, server, "fr-FR")
        if login:
            page.goto("/login")
            page.fill("#f-login", login)
            page.fill("#f-password", CLIENT_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(re.compile(r"/me$"))
        for lang in ("ar", "fr", "en"):
            for path in paths:
                separator = "&" if "?" in path else "?"
                page.goto(f"{path}{separator}lang={lang}")
                assert page.locator("html").get_attribute("lang") == lang
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, f"{path} in {lang} is {width} px wide"
                accessible(page)
        assert watch.problems == []
        page.context.close()


def test_the_open_auction_page_updates_itself(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    organizer = api.sign_up()
    watcher, rival = api.sign_up("caterer", language="en"), api.sign_up("caterer")
    tender = api.post_tender(organizer, mode="open", min_decrement_mad="100.00")
    url = f"/api/tenders/{tender['id']}/bids"
    api.call("POST", url, {"amount_mad": "30000"}, watcher.token)
    page, watch = open_page(browser, server, "en-US")
    page.goto("/login")
    page.fill("#f-login", watcher.email)
    page.fill("#f-password", CLIENT_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/tenders/{tender['id']}")
    assert page.inner_text("[data-best]") == "MAD30,000.00"
    until(lambda: re.fullmatch(r"\d+:\d\d:\d\d", page.inner_text("[role=timer]")))
    assert api.call("POST", url, {"amount_mad": "29000"}, rival.token).status_code == 201
    until(lambda: page.inner_text("[data-best]") == "MAD29,000.00", limit_s=12)
    assert page.inner_text("[data-ceiling]") == "MAD28,900.00"
    assert watch.problems == []
