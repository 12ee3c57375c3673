"""Debian's Chromium driven by Playwright for Python, the way the tests and ``make screenshots``
use it: never ``playwright install`` (it downloads a browser), always ``/usr/bin/chromium``.

Also axe-core, read from the npm package ``make test`` installs under ``build/node`` and
injected into the page by the test (no CDN, no request leaves the machine)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, ViewportSize

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: ViewportSize = {"width": 360, "height": 740}
AXE = PROJECT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def log_in(page: Page, login: str, password: str, then: str | None = None) -> None:
    """Sign in through the form: opening ``then`` (a page that asks for a session and comes
    back to it), else ``/login``, which lands on ``/me``."""
    page.goto(then or "/login")
    page.fill("#f-login", login)
    page.fill("#f-password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(re.escape(then) + "$" if then else r"/me$"))


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def phone_page(browser: Browser, base_url: str, **options: Any) -> Page:
    """A fresh context (own cookies) at a 360×740 phone viewport."""
    context = browser.new_context(viewport=PHONE, base_url=base_url, **options)
    return context.new_page()


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    # Evaluated through the DevTools protocol, not as a <script>: the page's CSP rightly
    # refuses inline scripts, and the test must not weaken it to run.
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }"""
    )
    return [v for v in result if v["impact"] in SERIOUS]


def fill_gift_box_tender(
    page: Page,
    title: str,
    deadline: datetime,
    province: str,
    venue: str,
    quantity: int,
    budget: str | None = None,
) -> None:
    """Fill ``/tenders/new`` for ``quantity`` argan and amlou gift boxes (regional products,
    one lot, delivered), closing at ``deadline``, the event a month later; the caller submits
    it."""
    page.fill("#f-title", title)
    page.select_option("#f-event_type", "regional_products")
    page.fill("#f-event_date", (deadline + timedelta(days=30)).date().isoformat())
    page.select_option("#f-province", province)
    page.fill("#f-venue", venue)
    page.fill("#f-lot1_title", "Coffrets cadeaux")
    page.fill("#f-lot1_item1_name", "Coffret huile d'argan et amlou")
    page.fill("#f-lot1_item1_quantity", str(quantity))
    page.select_option("#f-lot1_item1_unit", "box")
    page.check("#categories-argan_products")
    page.check("#categories-gift_boxes")
    page.select_option("#f-service_style", "delivery")
    if budget is not None:
        page.fill("#f-budget_max_mad", budget)
    page.fill("#f-deadline_date", deadline.date().isoformat())
    page.fill("#f-deadline_time", deadline.strftime("%H:%M:%S"))


def fill_cooperative_profile(
    page: Page, specialities: str, capacity: int, about: str, menu: tuple[str, str, str]
) -> None:
    """Fill ``/me/profile`` as a women-led cooperative with a vegetarian option and one sample
    menu (name, price per guest, dishes), and save it."""
    page.select_option("#f-kind", "cooperative")
    page.fill("#f-specialities", specialities)
    page.fill("#f-capacity", str(capacity))
    page.check("#dietary-vegetarian")
    page.check("#f-women_led")
    page.fill("#f-about", about)
    for field, value in zip(("name", "price", "dishes"), menu, strict=True):
        page.fill(f"#f-menu_{field}_1", value)
    page.click("form[action='/me/profile'] button[type=submit]")
    page.wait_for_url(re.compile(r"/me/profile\?done=saved$"))
