"""Verification in a real browser (Chromium, 360×740): an Arabic caterer uploads its document
straight to storage and sends its ICE from ``/me/verification``, a French admin rejects it with
a reason, the caterer reads the reason in Arabic and sends again, the admin approves.

The upload is the no-JavaScript path: a plain multipart form posted to S3 (moto), which
redirects back to the page. The page's CSP lets the form post there, and nowhere else.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import Watch, accessible, open_page

pytestmark = pytest.mark.e2e
ICE = "001561191000066"
REASON = "Le document est illisible"


def send_document(page: Page) -> None:
    """Pick a file and post it to storage; S3 sends the browser back with the key."""
    page.set_input_files(
        "#f-file", {"name": "ice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%"}
    )
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_url(re.compile(r"/me/verification\?key=pending%2Fdocument"))
    assert page.locator("input[name=document_key]").count() == 1


def problems_but_storage(watch: Watch, storage: str) -> list[str]:
    return [p for p in watch.problems if not p.startswith(f"third-party request: {storage}")]


def test_upload_ice_reject_read_the_reason_in_arabic_resubmit_approve(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    caterer_account = api.sign_up("caterer", verify=False, language="ar")
    caterer, caterer_watch = open_page(browser, server, "ar-MA")
    log_in(caterer, caterer_account.email, PASSWORD, "/me/verification")
    assert caterer.locator("html").get_attribute("dir") == "rtl"
    accessible(caterer)
    storage = caterer.get_attribute("form[enctype='multipart/form-data']", "action") or ""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(storage))

    send_document(caterer)
    caterer.fill("#f-number", ICE)
    caterer.click("form[action='/me/verification'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=submitted$"))
    assert "قيد التحقق" in caterer.inner_text("#status-title")

    admin, admin_watch = open_page(browser, server, "fr-FR")
    log_in(admin, server.admin.email, server.admin.password, "/admin/caterers")
    card = admin.locator("li.card", has=admin.locator(f"#f-reason-{caterer_account.id}"))
    assert ICE in card.inner_text()
    assert card.locator("a[href$='/document']").count() == 1
    card.locator(f"#f-reason-{caterer_account.id}").fill(REASON)
    card.locator("button.alt").click()
    admin.wait_for_url(re.compile(r"done=rejected_file$"))
    accessible(admin)

    caterer.goto("/me/verification")
    assert "غير مقبول" in caterer.inner_text("#status-title")
    assert caterer.inner_text("#rejection-reason") == REASON
    caterer.goto("/inbox")
    assert "لم يتم قبول التحقق من نشاطك" in caterer.inner_text("main")
    caterer.goto("/me/verification")
    send_document(caterer)
    caterer.check("#kind-coop")
    caterer.fill("#f-number", "1234/2019")
    caterer.click("form[action='/me/verification'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=submitted$"))

    admin.goto("/admin/caterers")
    approve = admin.locator(
        "form", has=admin.locator(f"input[name=caterer_id][value='{caterer_account.id}']")
    ).first
    approve.locator("button[type=submit]").click()
    admin.wait_for_url(re.compile(r"done=verified$"))

    caterer.goto("/me/verification")
    assert "تم التحقق" in caterer.inner_text("#status-title")
    assert problems_but_storage(caterer_watch, origin) == []
    assert admin_watch.problems == []
