"""The site installs on a phone's home screen (manifest, icons, theme colour, a service worker
within the CSP) and, with the network cut, a page asked for shows the offline page in the three
languages; the cache holds static files only, never a page or anything personal."""

from __future__ import annotations

import json

import requests
from playwright.sync_api import Browser

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in, phone_page
from tests.e2e.client import ApiClient

CACHED = """() => caches.keys()
  .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
  .then(lists => lists.flat().map(r => new URL(r.url).pathname))"""


def test_chrome_finds_the_site_installable(server: Embedded, browser: Browser) -> None:
    page = phone_page(browser, server.url, locale="fr-MA")
    page.goto("/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, which Chrome never installs from; every other check
    # (manifest, icons, start URL, display, secure origin, service worker) is reported beside it
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = page.get_attribute("link[rel=manifest]", "href")
    assert manifest is not None
    answer = requests.get(server.url + manifest, timeout=30)
    assert answer.headers["Content-Type"] == "application/manifest+json"
    assert json.loads(answer.text)["display"] == "standalone"
    csp = requests.get(server.url + "/", timeout=30).headers["Content-Security-Policy"]
    assert "manifest-src 'self'" in csp
    assert "worker-src 'self'" in csp


def test_offline_a_page_shows_the_offline_page_and_nothing_personal_is_kept(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    person = api.sign_up(language="fr", name="Famille Alaoui")
    tender = api.post_tender(person)
    page = phone_page(browser, server.url, locale="fr-MA")
    log_in(page, person.email, PASSWORD)
    page.goto(f"/tenders/{tender['id']}")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto("/me")  # a personal page, seen through the service worker
    assert "Famille Alaoui" in page.inner_text("body")
    page.context.set_offline(True)
    page.goto(f"/tenders/{tender['id']}")
    assert page.locator("[data-offline]").count() == 1
    text = page.inner_text("main")
    assert "Pas de connexion" in text
    assert "لا يوجد اتصال" in text
    assert "You are offline" in text
    assert page.evaluate("() => getComputedStyle(document.querySelector('.top')).display") == "flex"
    kept = page.evaluate(CACHED)
    assert kept, "the offline page and the styles are cached"
    assert all(path.startswith("/static/") for path in kept), kept
    page.context.set_offline(False)
    page.goto("/me")
    assert "Famille Alaoui" in page.inner_text("body")  # back online: the real page
