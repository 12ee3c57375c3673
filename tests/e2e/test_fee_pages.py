"""The fee ledger and the exemption on the pages, over HTTP: the caterer's ``/me/fees`` in three
languages, the admins' ``/admin/fees`` (reversal form, CSV with the session cookie) and the
exemption form of ``/admin/caterers``; then one browser run of the grant and the exempt award.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import Browser

from chalicelib import i18n
from chalicelib.domain.catalog import Language
from embedded.runner import Embedded
from tests.e2e.browser import axe_violations, phone_page
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_pages import LIMIT_BYTES, Visitor, hidden_fields, page_weight, until_status

pytestmark = pytest.mark.e2e
PROGRAMME = "INDH Souss-Massa"
REASON = "Coopérative féminine d'argan"


@dataclass
class Ledger:
    """An exempt caterer and a paying one, each with a confirmed award."""

    exempt: Person
    paying: Person
    exempt_tender: str
    paying_tender: str


def confirmed_awards(api: ApiClient, *bids: tuple[Person, str]) -> list[str]:
    """One tender per (caterer, amount), closed by the server's scheduler and confirmed."""
    organizer = api.sign_up()
    ids = []
    for caterer, amount in bids:
        tender = api.post_tender(organizer, seconds=11)
        placed = api.call(
            "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": amount}, caterer.token
        )
        assert placed.status_code == 201, placed.text
        ids.append(tender["id"])
    for tender_id, (caterer, _) in zip(ids, bids, strict=True):
        until_status(api, tender_id, "awarded")
        answer = api.call("POST", f"/api/tenders/{tender_id}/award/confirm", {}, caterer.token)
        assert answer.status_code == 200, answer.text
    return ids


@pytest.fixture(scope="module")
def ledger(server: Embedded) -> Iterator[Ledger]:
    import requests

    with requests.Session() as session:
        api = ApiClient(server.url, session, server.admin)
        exempt, paying = api.sign_up("caterer"), api.sign_up("caterer")
        granted = api.call(
            "POST",
            f"/api/caterers/{exempt.id}/exemption",
            {"reason": REASON, "programme": PROGRAMME},
            api.admin_token,
        )
        assert granted.status_code == 201, granted.text
        first, second = confirmed_awards(api, (exempt, "8000.00"), (paying, "12500.00"))
        yield Ledger(exempt, paying, first, second)


def signed_in(server: Embedded, login: str, password: str | None = None) -> Visitor:
    visitor = Visitor(server.url)
    if password:
        visitor.log_in(login, password)
    else:
        visitor.log_in(login)
    return visitor


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


# --- the caterer's page --------------------------------------------------------------------


def test_the_caterer_sees_its_exemption_and_ledger_in_three_languages(
    server: Embedded, ledger: Ledger
) -> None:
    exempt = signed_in(server, ledger.exempt.email)
    paying = signed_in(server, ledger.paying.email)
    for lang, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        language = Language(lang)
        answer = exempt.get(f"/me/fees?lang={lang}")
        assert answer.status_code == 200
        html = answer.text
        assert f'<html lang="{lang}" dir="{direction}">' in html
        assert page_weight(exempt, html) <= LIMIT_BYTES
        words = text_of(html)
        assert PROGRAMME in words
        assert REASON in words
        assert i18n.money(Decimal("8000.00"), language) in words  # the contracted amount
        assert i18n.money(Decimal("0.00"), language) in words  # its fee, exempt
        assert i18n.gettext_for(language, "Exempt") in words
        assert f'href="/tenders/{ledger.exempt_tender}"' in html
        left = re.search(r'class="note">([^<]*)<', html)
        assert left, "no exemption note"
        assert re.search(r"36[45]|٣٦[٤٥]", left.group(1)), "days left"
        mine = paying.get(f"/me/fees?lang={lang}").text
        assert i18n.money(Decimal("625.00"), language) in text_of(mine)  # 5 % of 12 500
        assert i18n.gettext_for(language, "You have no fee exemption.") in text_of(mine)
    assert 'href="/me/fees"' in exempt.get("/me").text


def test_fee_pages_are_for_their_roles_only(
    server: Embedded, ledger: Ledger, api: ApiClient
) -> None:
    anonymous = Visitor(server.url)
    for path in ("/me/fees", "/admin/fees", "/admin/fees.csv"):
        answer = anonymous.get(path)
        assert answer.status_code == 303
        assert answer.headers["Location"].startswith("/login")
    caterer = signed_in(server, ledger.paying.email)
    organizer = signed_in(server, api.sign_up().email)
    admin = signed_in(server, api.admin.email, api.admin.password)
    for visitor, path in (
        (caterer, "/admin/fees"),
        (caterer, "/admin/fees.csv"),
        (organizer, "/me/fees"),
        (admin, "/me/fees"),
    ):
        assert visitor.get(path).status_code == 403, path
    posted = caterer.post(f"/admin/fees/{ledger.paying_tender}/reversal", {"reason": "x" * 5})
    assert posted.status_code in (403, 400)  # not an admin, and no CSRF token either


# --- the admins' pages ---------------------------------------------------------------------


def test_the_admin_reverses_a_fee_on_the_page_and_the_csv_shows_it(
    server: Embedded, ledger: Ledger, api: ApiClient
) -> None:
    admin = signed_in(server, api.admin.email, api.admin.password)
    page = admin.get("/admin/fees?lang=fr")
    assert page.status_code == 200
    assert page_weight(admin, page.text) <= LIMIT_BYTES
    assert 'href="/admin/fees.csv"' in page.text
    actions = re.findall(r'action="(/admin/fees/[0-9a-f-]+/reversal)"', page.text)
    entries = api.call("GET", "/api/admin/fees", token=api.admin_token).json()["items"]
    paying = next(e for e in entries if e["tender_id"] == ledger.paying_tender)
    action = f"/admin/fees/{paying['entry_id']}/reversal"
    assert action in actions

    short = admin.post(action, {**hidden_fields(page.text), "reason": "no"})
    assert short.status_code == 422
    assert "aria-invalid" in short.text
    assert "1 000" in text_of(short.text)
    why = "Événement annulé par la famille"
    done = admin.submit("/admin/fees", action, {"reason": why})
    assert done.status_code == 303
    assert done.headers["Location"] == "/admin/fees?done=reversed"
    again = admin.submit("/admin/fees", action, {"reason": why})
    assert again.status_code == 409
    after = admin.get("/admin/fees?done=reversed&lang=en").text
    assert "The fee entry is reversed." in after
    assert why in text_of(after)
    assert action not in after  # a reversed fee has no reverse button any more

    export = admin.get("/admin/fees.csv")
    assert export.status_code == 200
    assert export.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8"))))
    [reversal] = [r for r in rows if r["reverses"] == paying["entry_id"]]
    assert (reversal["kind"], reversal["fee_mad"], reversal["reason"]) == (
        "reversal",
        "-625.00",
        why,
    )
    mine = signed_in(server, ledger.paying.email).get("/me/fees?lang=en").text
    assert why in text_of(mine)
    assert "Reversed" in mine
    total = re.search(r'<dd class="amount" id="total">([^<]*)<', mine)
    assert total
    assert total.group(1) == i18n.money(Decimal("0.00"), Language.EN)


def test_the_exemption_form_refuses_empty_fields_and_a_second_grant(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer")
    admin = signed_in(server, api.admin.email, api.admin.password)
    action = f"/admin/caterers/{caterer.id}/exemption"
    page = admin.get("/admin/caterers?lang=ar").text
    assert f'action="{action}"' in page
    empty = admin.post(action, {**hidden_fields(page), "reason": "", "programme": ""})
    assert empty.status_code == 422
    assert 'lang="ar"' in empty.text
    fields = {"reason": REASON, "programme": PROGRAMME}
    granted = admin.submit("/admin/caterers", action, fields)
    assert granted.status_code == 303
    assert granted.headers["Location"] == "/admin/caterers?done=exempted"
    assert admin.submit("/admin/caterers", action, fields).status_code == 409
    shown = admin.get("/admin/caterers?done=exempted&lang=en").text
    assert "exempted from service fees for one year" in shown
    assert f'action="{action}"' not in shown  # a running exemption has no form


# --- in a browser --------------------------------------------------------------------------


def test_admin_exempts_from_the_caterers_page_and_the_award_is_fee_free(
    server: Embedded, browser: Browser, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", business_name="Tifawin Argan", language="fr")
    admin = phone_page(browser, server.url, locale="en-GB")
    admin.goto("/admin/caterers")
    admin.fill("#f-login", server.admin.email)
    admin.fill("#f-password", server.admin.password)
    admin.click("main button[type=submit]")
    admin.wait_for_url(re.compile(r"/admin/caterers$"))
    admin.fill(f"#programme-{caterer.id}", PROGRAMME)
    admin.fill(f"#reason-{caterer.id}", REASON)
    admin.click("button[aria-label*='Tifawin Argan']")
    admin.wait_for_url(re.compile(r"done=exempted"))
    language = Language(admin.locator("html").get_attribute("lang") or "")
    done = i18n.gettext_for(language, "The caterer is exempted from service fees for one year.")
    assert admin.get_by_role("status").inner_text() == done
    assert axe_violations(admin) == []

    page = phone_page(browser, server.url, locale="fr-FR")
    page.goto("/login")
    page.fill("#f-login", caterer.email)
    page.fill("#f-password", "correct horse battery")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/me"))
    page.click("a[href='/me/fees']")
    page.wait_for_url(re.compile(r"/me/fees$"))
    assert PROGRAMME in page.inner_text("main")
    assert "jours" in page.locator(".note").inner_text()

    started = time.monotonic()
    [tender_id] = confirmed_awards(api, (caterer, "9000.00"))
    assert time.monotonic() - started < 60
    page.reload()
    card = page.locator(f"li.card:has(a[href='/tenders/{tender_id}'])")
    assert "Exonéré" in card.inner_text()
    assert i18n.money(Decimal("0.00"), Language.FR) in card.inner_text()
    assert axe_violations(page) == []
    admin.close()
    page.close()
