"""On a slow network a posted form shows that it is on its way: its button says "sending" in
the visitor's language and cannot be pressed again until the answer (``static/site.js``)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Route

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import phone_page
from tests.e2e.client import ApiClient

# Playwright cannot read a page whose navigation is pending, so the page reports its submit
# buttons itself: a watcher (injected through the DevTools protocol, as axe is) logs each
# change of their state to the console, which Playwright does hear meanwhile.
WATCHER = """
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    var b = change.target.closest && change.target.closest("button");
    if (b) console.log(JSON.stringify({disabled: b.disabled, busy: b.getAttribute("aria-busy"),
                                       text: b.textContent}));
  });
}).observe(document, {subtree: true, attributes: true, childList: true, characterData: true});
"""


def test_a_sent_form_says_so_until_the_answer(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    person = api.sign_up(language="ar")
    page = phone_page(browser, server.url, locale="ar-MA")
    states: list[dict[str, Any]] = []

    def heard(message: ConsoleMessage) -> None:
        if message.text.startswith("{"):
            states.append(json.loads(message.text))

    page.on("console", heard)
    page.add_init_script(WATCHER)
    held: list[Route] = []

    def hold(route: Route) -> None:  # the slow network: the answer waits for the test
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/login(\?.*)?$"), hold)
    page.goto("/login")
    page.fill("#f-login", person.email)
    page.fill("#f-password", PASSWORD)
    page.locator("main form button[type=submit]").click(no_wait_after=True)
    deadline = time.monotonic() + 10
    # the button's change and the held request reach the test by separate ways: wait for both
    while not (held and states and states[-1]["disabled"]) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert states[-1] == {"disabled": True, "busy": "true", "text": "جارٍ الإرسال…"}
    page.wait_for_timeout(200)
    assert len(held) == 1  # one submit, whatever else is pressed
    held[0].continue_()
    page.wait_for_url(re.compile(r"/me$"))
    assert page.locator("button:disabled").count() == 0  # the answer's page: all usable
