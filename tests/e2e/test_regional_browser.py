"""Regional products on the pages, in Chromium at 360×740: a Casablanca company orders argan oil
and amlou in two lots; two Taroudant cooperatives bid together on the oil, a third alone on the
amlou; both lots close by themselves, are confirmed, shipped and delivered; each cooperative's
fee ledger shows its share, the exempt lead's at 0.

With ``WALIMA_SCREENSHOTS=<dir>`` each step is photographed as ``regional-NN-<step>.png``.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.browser import log_in
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_browser import MOROCCO, accessible, open_page

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("WALIMA_SCREENSHOTS")
TITLE = "Cadeaux de fin d'année Atlas"
TAROUDANT: dict[str, Any] = {
    "provinces": ["taroudant"],
    "categories": ["cooperative", "argan_products", "amlou"],
}


def shot(page: Page, number: int, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        path = Path(SHOTS) / f"regional-{number:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)


def text(page: Page, selector: str) -> str:
    """The element's text with the narrow and ordinary no-break spaces of numbers as spaces."""
    return page.inner_text(selector).replace("\u202f", " ").replace("\u00a0", " ")


def post_the_order(page: Page, deadline: datetime) -> str:
    """The company's order on /tenders/new: 200 L of argan oil, 100 kg of amlou, delivered to
    Casablanca; the first lot's id."""
    page.goto("/tenders/new")
    page.fill("#f-title", TITLE)
    page.select_option("#f-event_type", "regional_products")
    page.fill("#f-event_date", (deadline + timedelta(days=30)).date().isoformat())
    page.select_option("#f-delivery_region", "casablanca-settat")
    page.fill("#f-venue", "Siège Atlas, boulevard d'Anfa, Casablanca")
    page.check("#categories-argan_products")
    page.check("#categories-amlou")
    page.select_option("#f-service_style", "delivery")
    for n, (title, item, quantity, unit) in enumerate(
        (
            ("Huile d'argan", "Huile d'argan alimentaire", "200", "litre"),
            ("Amlou", "Amlou aux amandes", "100", "kg"),
        ),
        start=1,
    ):
        page.fill(f"#f-lot{n}_title", title)
        page.fill(f"#f-lot{n}_item1_name", item)
        page.fill(f"#f-lot{n}_item1_quantity", quantity)
        page.select_option(f"#f-lot{n}_item1_unit", unit)
    page.fill("#f-deadline_date", deadline.date().isoformat())
    page.fill("#f-deadline_time", deadline.strftime("%H:%M:%S"))
    shot(page, 1, "order")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/tenders/[0-9a-f-]{36}\?done=posted$"))
    return page.url.split("?")[0].rsplit("/", 1)[-1]


def offer(page: Page, amount: str, per_litre: str, delivery: tuple[str, str, str]) -> None:
    """A one-item lot's bid fields: the price, the unit price and (mode, price, days)."""
    page.fill("#f-amount_mad", amount)
    page.fill("#f-unit_price_1", per_litre)
    mode, price, days = delivery
    page.select_option("#f-delivery_mode", mode)
    page.fill("#f-delivery_price_mad", price)
    page.fill("#f-lead_days", days)


def shares(page: Page, *rows: tuple[str, str, str]) -> None:
    """The joint bid form's rows: (partner's login, blank for the lead's own; amount; quantity)."""
    for n, (login, amount, quantity) in enumerate(rows, start=1):
        if login:
            page.fill(f"#f-share{n}_login", login)
        page.fill(f"#f-share{n}_amount", amount)
        page.fill(f"#f-share{n}_quantity1", quantity)


def ship_and_deliver(seller: Page, buyer: Page, lot_id: str, moves: tuple[str, ...]) -> None:
    """The seller moves the shipment step by step, then enters the buyer's delivery code."""
    contract = f"/tenders/{lot_id}/contract"
    for status in moves:
        seller.goto(contract)
        seller.click(f"button[data-ship={status}]")
        seller.wait_for_url(re.compile(r"done=shipment$"))
    buyer.goto(contract)
    code = buyer.inner_text("[data-code]")
    seller.goto(contract)
    seller.fill("#f-code", code)
    seller.click("form[action$='/contract/delivery'] button[type=submit]")
    seller.wait_for_url(re.compile(r"done=delivered$"))


def test_a_casablanca_order_in_two_lots_one_won_by_two_cooperatives_together(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    company = api.sign_up(language="fr", organizer_kind="company", business_name="Atlas Assurances")
    lead = api.sign_up("caterer", language="fr", business_name="Coopérative Tifaout", **TAROUDANT)
    partner = api.sign_up("caterer", language="ar", business_name="تعاونية أمالو", **TAROUDANT)
    alone = api.sign_up("caterer", language="fr", business_name="Coopérative Tagmat", **TAROUDANT)
    grant = {"reason": "coopérative féminine d'argan", "programme": "INDH Souss-Massa"}
    exempted = api.call("POST", f"/api/caterers/{lead.id}/exemption", grant, api.admin_token)
    assert exempted.status_code == 201, exempted.text

    # 1. The company posts its order in two lots, closing in 45 s.
    buyer, buyer_watch = open_page(browser, server, "fr-FR")
    log_in(buyer, company.email, PASSWORD)
    oil = post_the_order(buyer, datetime.now(MOROCCO) + timedelta(seconds=45))
    lots = api.call("GET", f"/api/tenders/{oil}").json()["lots"]
    amlou = lots[1]["id"]
    assert [lot["title"] for lot in lots] == ["Huile d'argan", "Amlou"]
    assert "Casablanca" in buyer.inner_text("main")
    accessible(buyer)
    buyer.goto("/me")  # off the live page, which reloads itself when the lot closes

    # 2. The lead proposes a joint bid on the oil: 120 L its own, 80 L its partner's.
    seller, seller_watch = open_page(browser, server, "fr-FR")
    log_in(seller, lead.email, PASSWORD)
    seller.goto(f"/tenders/{oil}")
    seller.click(f"a[href='/tenders/{oil}/joint-bids/new']")
    offer(seller, "30 800", "150", ("seller", "800", "7"))
    shares(seller, ("", "18 480", "120"), (partner.email, "12 320", "80"))
    accessible(seller)
    shot(seller, 2, "joint-bid")
    seller.click("main button[type=submit]")
    seller.wait_for_url(re.compile(rf"/tenders/{oil}\?done=joint_proposed$"))
    assert "En attente" in seller.inner_text("[data-joint]")

    # 3. The partner, in Arabic, is told in its inbox and confirms its share on the lot's page:
    # the bid stands.
    member, member_watch = open_page(browser, server, "ar-MA")
    log_in(member, partner.email, PASSWORD)
    member.goto("/inbox")
    invitation = member.locator(".card.new", has_text="تدعوكم إلى عرض مشترك")
    assert invitation.count() == 1
    invitation.locator(f"a[href='/tenders/{oil}']").click()
    member.wait_for_url(re.compile(rf"/tenders/{oil}$"))
    assert member.locator("html").get_attribute("dir") == "rtl"
    assert "Coopérative Tifaout" in member.inner_text("[data-joint]")
    accessible(member)
    shot(member, 3, "partner-confirms")
    member.click("form[action$='/confirmation'] button[type=submit]")
    member.wait_for_url(re.compile(r"done=joint_confirmed$"))
    assert "أكد كل الشركاء" in member.inner_text("[data-joint]")
    member.goto("/me")

    # 4. The third cooperative bids alone on the amlou, carried, priced per kilo.
    other, other_watch = open_page(browser, server, "fr-FR")
    log_in(other, alone.email, PASSWORD)
    other.goto(f"/tenders/{amlou}")
    offer(other, "9 000", "85", ("carrier", "500", "5"))
    other.click("main form:has(#f-amount_mad) button[type=submit]")
    other.wait_for_url(re.compile(r"done=bid$"))

    # 5. Both lots close by themselves; each winner confirms its award.
    for page, lot in ((seller, oil), (other, amlou)):
        page.goto(f"/tenders/{lot}")
        page.wait_for_selector("form[action$='/award/confirm']", timeout=60_000)
        page.click("form[action$='/award/confirm'] button")
        page.wait_for_url(re.compile(r"done=confirmed$"))

    # 6. The company's contract names both members of the oil, each with its share and phone.
    buyer.goto(f"/tenders/{oil}/contract")
    members = text(buyer, "[data-members]")
    assert "Coopérative Tifaout" in members
    assert "تعاونية أمالو" in members
    assert "18 480,00" in members
    assert "12 320,00" in members
    accessible(buyer)
    shot(buyer, 4, "contract-members")

    # 7. Shipped and delivered: the oil by the lead itself, the amlou by a carrier.
    ship_and_deliver(seller, buyer, oil, ("prepared", "delivered"))
    ship_and_deliver(other, buyer, amlou, ("prepared", "handed_to_carrier", "delivered"))
    assert "Transporteur" in text(other, "[data-shipment]")
    shot(other, 5, "delivered-carrier")

    # 8. Each ledger shows its share: the lead's exempt, the partner's and the third's at 5 %.
    seller.goto("/me/fees")
    assert "18 480,00" in text(seller, "main")
    assert "Exonéré" in seller.inner_text("main")
    shot(seller, 6, "fees-lead")
    member.goto("/me/fees")
    assert "12.320,00" in text(member, "main")  # Arabic pages group thousands with a dot
    assert "616,00" in text(member, "main")
    accessible(member)
    shot(member, 7, "fees-partner")
    other.goto("/me/fees")
    assert "450,00" in text(other, "main")

    # 9. The partner's public profile counts its joint win.
    buyer.goto(f"/caterers/{partner.id}")
    assert buyer.locator("[data-joint-wins]").count() == 1

    for watch in (buyer_watch, seller_watch, member_watch, other_watch):
        assert watch.problems == []


def test_the_joint_bid_form_says_what_is_wrong_in_the_visitors_language(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    company: Person = api.sign_up(language="fr", organizer_kind="company", business_name="Atlas")
    lead = api.sign_up("caterer", language="fr", **TAROUDANT)
    body = {
        "title": "Huile d'argan",
        "event_type": "regional_products",
        "event_date": (datetime.now(MOROCCO) + timedelta(days=30)).date().isoformat(),
        "delivery_region": "casablanca-settat",
        "venue": "Casablanca",
        "categories": ["argan_products"],
        "service_style": "delivery",
        "mode": "sealed",
        "bid_deadline": (datetime.now(MOROCCO) + timedelta(hours=1)).isoformat(),
        "lots": [
            {"title": "Huile", "items": [{"name": "Huile", "quantity": 200, "unit": "litre"}]}
        ],
    }
    posted = api.call("POST", "/api/tenders", body, company.token)
    assert posted.status_code == 201, posted.text
    lot = posted.json()["id"]
    page, watch = open_page(browser, server, "fr-FR")
    log_in(page, lead.email, PASSWORD)
    page.goto(f"/tenders/{lot}/joint-bids/new")
    page.fill("#f-amount_mad", "30000")
    shares(page, ("", "20000", "150"), ("nobody-here@example.ma", "10000", "50"))
    page.click("main button[type=submit]")
    assert "Aucun traiteur vérifié" in page.inner_text("#share2_login-err")
    page.fill("#f-share2_login", company.email)  # an organizer is no partner either
    page.click("main button[type=submit]")
    assert "Aucun traiteur vérifié" in page.inner_text("#share2_login-err")
    partner = api.sign_up("caterer", language="fr", **TAROUDANT)
    page.fill("#f-share2_login", partner.email)
    page.fill("#f-share2_quantity1", "40")  # 150 + 40 is not 200
    page.click("main button[type=submit]")
    assert "Les parts doivent faire l’offre" in page.inner_text("#shares-err")
    accessible(page)
    assert api.call("GET", f"/api/tenders/{lot}/joint-bids", token=lead.token).json()["items"] == []
    refused = "the server responded with a status of 422"
    assert [p for p in watch.problems if refused not in p] == []
