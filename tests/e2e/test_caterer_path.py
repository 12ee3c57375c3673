"""One caterer's whole path on the pages (issue 8's "Done when"), in Chromium at 360×740.

Tifaout, a women-led argan cooperative in Taroudant, signs up in French, lands on its checklist,
fills its profile and adds a photo (straight to S3), reads a lesson, places the practice bid,
sends its ICE and document; an admin verifies it and grants the one-year fee exemption; an
organizer posts an argan gift-box tender in Taroudant; the cooperative finds the alert in its
inbox, bids from the tender page, wins, confirms, and finds a 0.00 MAD exempt fee in its ledger
and four badges on its public profile.

With ``WALIMA_SCREENSHOTS=<dir>`` each step is photographed as ``path-NN-<step>.png`` (full
page), as ``make screenshots`` does for ``docs/caterer-path.md``.
"""

from __future__ import annotations

import os
import re
import struct
import time
import zlib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from chalicelib import i18n
from chalicelib.domain.catalog import Language
from chalicelib.entrypoints import jobs
from embedded.runner import Embedded
from tests.bodies import PASSWORD as ORGANIZER_PASSWORD
from tests.e2e.browser import fill_cooperative_profile, fill_gift_box_tender, log_in
from tests.e2e.client import ApiClient
from tests.e2e.test_browser import MOROCCO, PASSWORD, accessible, open_page

pytestmark = pytest.mark.e2e
BUSINESS = "Coopérative Tifaout Argan"
ICE = "001561191000066"
PROGRAMME = "INDH Souss-Massa"
REASON = "Coopérative féminine d'argan"
TITLE = "Coffrets d'argan et d'amlou — mariage à Taroudant"
SHOTS = os.environ.get("WALIMA_SCREENSHOTS")


def shot(page: Page, number: int, name: str) -> None:
    """A full-page screenshot of this step, only when WALIMA_SCREENSHOTS names a folder."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"path-{number:02d}-{name}.png"), full_page=True)


def png(width: int = 320, height: int = 240) -> bytes:
    """A real PNG (a warm argan-oil gradient) so that the photo shows in the screenshots."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((200 - y // 3, 130 + x // 8, 40 + y // 4)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def steps_done(page: Page) -> int:
    return int(page.locator("#onboarding-progress").get_attribute("value") or "0")


def test_an_argan_cooperative_from_sign_up_to_a_fee_exempt_award(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    started = time.monotonic()
    fr = Language.FR
    caterer, watch = open_page(browser, server, "fr-FR")

    # 1. Sign-up as a caterer, in French: Taroudant, cooperative, argan products, gift boxes.
    caterer.goto("/signup?role=caterer")
    assert caterer.locator("html").get_attribute("lang") == "fr"
    caterer.fill("#f-name", "Fadma Aït Baha")
    caterer.fill("#f-email", "tifaout.path@example.ma")
    caterer.fill("#f-phone", "0661778899")
    caterer.fill("#f-password", PASSWORD)
    caterer.fill("#f-business_name", BUSINESS)
    for box in ("#provinces-taroudant", "#categories-cooperative", "#categories-argan_products"):
        caterer.check(box)
    caterer.check("#categories-gift_boxes")
    accessible(caterer)
    shot(caterer, 1, "signup")
    caterer.click("main button[type=submit]")

    # 2. It lands on its onboarding checklist, nothing done yet.
    caterer.wait_for_url(re.compile(r"/me/start\?done=welcome$"))
    assert steps_done(caterer) == 0
    total = int(caterer.locator("#onboarding-progress").get_attribute("max") or "0")
    assert total >= 7
    assert f"0 étapes faites sur {total}" in caterer.inner_text("label[for=onboarding-progress]")
    accessible(caterer)
    shot(caterer, 2, "checklist")

    # 3. The profile: kind, women-led, specialities, capacity, a menu; then a photo to S3.
    caterer.goto("/me/profile")
    before = int(caterer.locator("progress").get_attribute("value") or "0")
    assert before < 100
    fill_cooperative_profile(
        caterer,
        "Huile d'argan\nAmlou\nCoffrets cadeaux de mariage",
        300,
        "Quarante femmes de Taroudant pressent l'argan à la main.",
        ("Coffret mariage", "95", "Huile d'argan 250 ml\nAmlou 200 g\nSavon à l'argan"),
    )
    assert int(caterer.locator("progress").get_attribute("value") or "0") == 100 > before

    # The photo: a plain multipart form posted to storage (moto S3) with a signed policy;
    # storage sends the browser back to /me/photos, which records it.
    caterer.goto("/me/profile?type=png")
    upload = "form[enctype='multipart/form-data']"
    storage = caterer.get_attribute(upload, "action") or ""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(storage))
    caterer.set_input_files(
        "#f-photo", {"name": "coffret.png", "mimeType": "image/png", "buffer": png()}
    )
    caterer.click(f"{upload} button[type=submit]")
    caterer.wait_for_url(re.compile(r"/me/profile\?done=photo$"))
    assert caterer.locator(".photos img").count() == 1
    assert caterer.locator(".photos img").evaluate("img => img.naturalWidth") == 320
    accessible(caterer)
    shot(caterer, 3, "profile")
    caterer_id = (caterer.get_attribute("a[href^='/caterers/']", "href") or "").rsplit("/", 1)[-1]
    caterer.goto("/me/start")
    assert steps_done(caterer) == 2  # the profile and a menu

    # 4. A lesson, then the practice bid on the demo tender (never awarded).
    caterer.click("text=Lisez la leçon « Comment fonctionnent les appels d'offres »")
    caterer.wait_for_url(re.compile(r"/learn/how-tenders-work$"))
    shot(caterer, 4, "lesson")
    caterer.click("main button:has-text('Marquer comme lu')")
    caterer.wait_for_url(re.compile(r"/me/start\?done=lesson_read$"))
    assert steps_done(caterer) == 3
    caterer.click("text=Faites une offre d'entraînement sur l'appel d'offres de démonstration")
    caterer.wait_for_url(re.compile(r"/tenders/[0-9a-f-]+$"))
    assert "jamais attribué" in caterer.locator("main .note").first.inner_text()
    caterer.fill("#f-amount_mad", "14 250")
    caterer.fill("#f-proposal", "150 coffrets : huile d'argan, amlou, savon ; livraison comprise")
    caterer.click("main form:has(#f-amount_mad) button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=bid$"))
    shot(caterer, 5, "practice-bid")
    caterer.click("text=Retour à ma liste")
    caterer.wait_for_url(re.compile(r"/me/start$"))
    assert steps_done(caterer) == 4

    # 5. Verification: the ICE certificate straight to storage, then the number.
    caterer.goto("/me/verification")
    caterer.set_input_files(
        "#f-file", {"name": "ice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%"}
    )
    caterer.click(f"{upload} button[type=submit]")
    caterer.wait_for_url(re.compile(r"/me/verification\?key=pending%2Fdocument"))
    caterer.check("#kind-ice")
    caterer.fill("#f-number", ICE)
    caterer.click("form[action='/me/verification'] button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=submitted$"))
    assert caterer.inner_text("#status-title .pill") == "en cours de vérification"
    accessible(caterer)
    shot(caterer, 6, "verification")
    caterer.goto("/me/start")
    assert steps_done(caterer) == 5
    assert f"5 étapes faites sur {total}" in caterer.inner_text("label[for=onboarding-progress]")

    # 6. The admin, in its own browser context, verifies the cooperative and exempts it.
    admin, admin_watch = open_page(browser, server, "fr-FR")
    log_in(admin, server.admin.email, server.admin.password, "/admin/caterers")
    card = admin.locator("li.card", has=admin.locator(f"#f-reason-{caterer_id}"))
    assert ICE in card.inner_text()
    assert card.locator("a[href$='/document']").count() == 1
    shot(admin, 7, "admin-verify")
    admin.click(f"form:has(input[name=caterer_id][value='{caterer_id}']) button[type=submit]")
    admin.wait_for_url(re.compile(r"done=verified$"))
    admin.fill(f"#programme-{caterer_id}", PROGRAMME)
    admin.fill(f"#reason-{caterer_id}", REASON)
    admin.click(f"form[action='/admin/caterers/{caterer_id}/exemption'] button[type=submit]")
    admin.wait_for_url(re.compile(r"done=exempted$"))
    assert "exonéré" in admin.get_by_role("status").inner_text().lower()
    exempted = admin.locator("#exemptions-title ~ ul li.card", has_text=BUSINESS)
    assert "Exonéré" in exempted.inner_text()
    assert PROGRAMME in exempted.inner_text()
    accessible(admin)
    exempted.scroll_into_view_if_needed()
    shot(admin, 8, "admin-exemption")
    caterer.goto("/me/verification")
    assert caterer.inner_text("#status-title .pill") == "vérifié"

    # 7. An organizer (signed up over the API: its own sign-up is not this story) posts an
    # argan gift-box tender in Taroudant from /tenders/new, closing 25 s from now.
    organizer_account = api.sign_up(language="fr")
    organizer, organizer_watch = open_page(browser, server, "fr-FR")
    log_in(organizer, organizer_account.email, ORGANIZER_PASSWORD, "/tenders/new")
    deadline = datetime.now(MOROCCO) + timedelta(seconds=25)
    venue = "Livraison à la salle Riad Taroudant"
    fill_gift_box_tender(organizer, TITLE, deadline, "taroudant", venue, 150, budget="18000")
    shot(organizer, 9, "tender-new")
    organizer.click("main button[type=submit]")
    organizer.wait_for_url(re.compile(r"/tenders/[0-9a-f-]{36}\?done=posted$"))
    tender_url = organizer.url.split("?")[0]
    tender_id = tender_url.rsplit("/", 1)[-1]
    assert "Produits d’argan, Coffrets cadeaux" in organizer.inner_text("main")

    # 8. The alert. The every-minute sweeper delivers the outbox; run here in-process rather
    # than waiting up to a minute for the server's scheduler to fire it.
    jobs.sweep()
    caterer.goto("/inbox")
    alert = caterer.locator(".card.new", has_text=TITLE)
    assert alert.count() == 1
    accessible(caterer)
    shot(caterer, 10, "inbox-alert")
    alert.locator(f"a[href='/tenders/{tender_id}']").click()
    caterer.wait_for_url(re.compile(rf"/tenders/{tender_id}$"))
    caterer.fill("#f-amount_mad", "14 250")
    caterer.fill(
        "#f-proposal", "150 coffrets : huile d'argan 250 ml, amlou, savon ; livraison à la salle"
    )
    caterer.click("main form:has(#f-amount_mad) button[type=submit]")
    caterer.wait_for_url(re.compile(r"done=bid$"))
    assert i18n.money(Decimal("14250.00"), fr) in caterer.inner_text(".card .amount")
    accessible(caterer)
    shot(caterer, 11, "bid")

    # 9. The tender closes by itself at its deadline (the server's scheduler fires the exact-
    # time closer; no waiting by hand): the open page reloads itself into the award.
    caterer.goto(tender_url)
    caterer.wait_for_selector("form[action$='/award/confirm']", timeout=40_000)
    assert "Vous avez remporté" in caterer.inner_text("#award-title")
    shot(caterer, 12, "won")
    caterer.click("form[action$='/award/confirm'] button")
    caterer.wait_for_url(re.compile(r"done=confirmed$"))
    assert "Le traiteur retenu a confirmé : le contrat est conclu." in caterer.inner_text("main")
    assert caterer.locator("form[action$='/award/confirm']").count() == 0
    shot(caterer, 13, "confirmed")

    # 10. The ledger: the confirmed award booked a fee of 0.00, marked exempt, and the dates.
    caterer.goto("/me/fees")
    entry = caterer.locator(f"li.card:has(a[href='/tenders/{tender_id}'])")
    assert "Exonéré" in entry.inner_text()
    assert entry.locator("dd.amount").inner_text() == i18n.money(Decimal("0.00"), fr)
    assert i18n.money(Decimal("14250.00"), fr) in entry.inner_text()
    assert caterer.inner_text("#total") == i18n.money(Decimal("0.00"), fr)
    facts = caterer.locator("dl.facts").first.inner_text()  # the exemption: from, until
    assert PROGRAMME in facts
    assert str(datetime.now(MOROCCO).year + 1) in facts  # until a year from the grant
    assert re.search(r"36[45] jours", caterer.inner_text("p.note"))
    accessible(caterer)
    shot(caterer, 14, "fees")

    # 11. The public profile, as any visitor sees it: the four badges and the photo.
    visitor, visitor_watch = open_page(browser, server, "fr-FR")
    visitor.goto(f"/caterers/{caterer_id}")
    badges = visitor.locator(".badges li").all_inner_texts()
    assert sorted(badges) == sorted(
        [
            "Vérifié par Walima",
            "Coopérative",
            "Dirigé par des femmes",
            "Exonéré des frais de service",
        ]
    )
    assert visitor.locator("img[src^='http']").count() == 1
    assert "Coffret mariage" in visitor.inner_text("main")
    assert "tifaout.path@example.ma" not in visitor.content()  # no contact details
    accessible(visitor)
    shot(visitor, 15, "public-profile")

    assert [p for p in watch.problems if not p.startswith(f"third-party request: {origin}")] == []
    assert [p for p in visitor_watch.problems if origin not in p] == []
    assert admin_watch.problems == []
    assert organizer_watch.problems == []
    assert time.monotonic() - started < 60
