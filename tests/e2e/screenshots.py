"""``make screenshots``: the main pages at a 360×740 phone viewport in Arabic, French and
English, written to ``docs/screenshots/<lang>-<page>.png``.

Runs its own embedded server with the demo data (port 0, nothing on disk), logs in as the demo
accounts and photographs each page; Debian's Chromium through Playwright, 127.0.0.1 only.
"""

from __future__ import annotations

import secrets
import sys
import time
from pathlib import Path

import requests
from playwright.sync_api import Browser, sync_playwright

from embedded.runner import Admin, Embedded
from embedded.seed import DEMO_PASSWORD
from tests.e2e.browser import PROJECT, launch, phone_page

OUT = PROJECT / "docs" / "screenshots"
LANGUAGES = ("ar", "fr", "en")
# Whose inbox to show in each language: notices are written in the recipient's language.
INBOX_OF = {"ar": "tamount@example.ma", "fr": "fatima@example.ma", "en": "pastry@example.ma"}


def wait_for_seeded_closes(base: str) -> dict[str, str]:
    """The seeded tenders by title once the back-dated ones are decided (the scheduler closes
    them just after start)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        items = requests.get(f"{base}/api/tenders", timeout=10).json()["items"]
        if sum(t["status"] in ("awarded", "unsuccessful") for t in items) >= 2:
            return {t["title"]: t["id"] for t in items}
        time.sleep(0.3)
    raise SystemExit("the seeded tenders did not close")


def shoot(browser: Browser, base: str, login: str | None, lang: str, path: str, name: str) -> Path:
    page = phone_page(browser, base)
    if login:
        page.goto(f"/login?lang={lang}")
        page.fill("#f-login", login)
        page.fill("#f-password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/me")
    separator = "&" if "?" in path else "?"
    page.goto(f"{path}{separator}lang={lang}")
    target = OUT / f"{lang}-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    page.context.close()
    return target


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    walima = Embedded(port=0, seed=True, admin=Admin("admin@walima.local", secrets.token_urlsafe()))
    try:
        base = walima.url
        tenders = wait_for_seeded_closes(base)
        auction = next(i for t, i in tenders.items() if t.startswith("Séminaire"))
        awarded = next(i for t, i in tenders.items() if t.startswith("Aqiqa"))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for lang in LANGUAGES:
                shots = [
                    (None, "/", "home"),
                    (None, "/signup?role=caterer", "signup"),
                    ("souss@example.ma", f"/tenders/{auction}", "tender-bid"),
                    ("fatima@example.ma", "/tenders/new", "tender-new"),
                    ("fatima@example.ma", f"/tenders/{awarded}", "tender-comparison"),
                    (INBOX_OF[lang], "/inbox", "inbox"),
                    ("fatima@example.ma", "/me", "me"),
                ]
                for login, path, name in shots:
                    written = shoot(browser, base, login, lang, path, name)
                    print(written.relative_to(PROJECT))
            browser.close()
    finally:
        walima.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
