"""The deal after the award over HTTP, on both doors: the contract and its contacts only for
the two parties, a payment recorded, the delivery code entered on the event's day."""

from __future__ import annotations

import html as html_lib
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from chalicelib.domain.catalog import MOROCCO
from embedded.runner import Embedded
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_pages import Visitor, field_error, hidden_fields, until_status

pytestmark = pytest.mark.e2e


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def me(api: ApiClient, person: Person) -> dict[str, Any]:
    return dict(api.call("GET", "/api/me", None, person.token).json())


def test_the_deal_on_both_doors(server: Embedded, api: ApiClient) -> None:
    organizer = api.sign_up(language="fr")
    winner = api.sign_up("caterer", language="en", business_name="Dar Taroudant")
    loser = api.sign_up("caterer", language="ar")
    today = datetime.now(UTC).astimezone(MOROCCO).date().isoformat()
    tender = api.post_tender(organizer, seconds=11, event_date=today, deposit_percent=40)
    assert tender["deposit_percent"] == 40
    path = f"/api/tenders/{tender['id']}"
    for who, amount in ((winner, "30000.00"), (loser, "32000.00")):
        placed = api.call("POST", f"{path}/bids", {"amount_mad": amount}, who.token)
        assert placed.status_code == 201, placed.text
    until_status(api, tender["id"], "awarded")
    assert api.call("GET", f"{path}/contract", None, organizer.token).status_code == 409
    assert api.call("POST", f"{path}/award/confirm", {}, winner.token).status_code == 200

    # Only the two parties get the contract, each with the other's contacts.
    o_phone, w_phone = me(api, organizer)["phone"], me(api, winner)["phone"]
    as_organizer = api.call("GET", f"{path}/contract", None, organizer.token).json()
    as_winner = api.call("GET", f"{path}/contract", None, winner.token).json()
    assert as_organizer["caterer"]["phone"] == w_phone
    assert as_winner["organizer"]["phone"] == o_phone
    assert as_organizer["whatsapp"] == "https://wa.me/" + w_phone.removeprefix("+")
    assert [m["amount_mad"] for m in as_winner["milestones"]] == ["12000.00", "18000.00"]
    assert as_winner["per_guest_mad"] == "200.00"
    code = as_organizer["delivery_code"]
    assert "delivery_code" not in as_winner
    assert api.call("GET", f"{path}/contract", None, loser.token).status_code == 403
    assert api.call("GET", f"{path}/contract").status_code == 401

    # The pages: contact links for the parties, nothing for the loser.
    o, w, lo = Visitor(server.url), Visitor(server.url), Visitor(server.url)
    o.log_in(organizer.email)
    w.log_in(winner.email)
    lo.log_in(loser.email)
    page = f"/tenders/{tender['id']}"
    assert f'href="{page}/contract"' in o.get(page).text
    organizer_page = html_lib.unescape(o.get(f"{page}/contract").text)
    assert f'href="tel:{w_phone}"' in organizer_page
    assert f'href="https://wa.me/{w_phone.removeprefix("+")}"' in organizer_page
    assert code in organizer_page
    winner_page = html_lib.unescape(w.get(f"{page}/contract").text)
    assert f'href="tel:{o_phone}"' in winner_page
    assert code not in winner_page
    assert lo.get(f"{page}/contract").status_code == 403
    for text in (lo.get(page).text, lo.get(f"/caterers/{winner.id}").text):
        assert w_phone not in text
        assert o_phone not in text

    # The PDF: the API's in the reader's language (French), the page's in Arabic.
    pdf = api.call(
        "GET", f"{path}/contract.pdf", None, organizer.token, headers={"Accept": "application/pdf"}
    )
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["Content-Type"] == "application/pdf"
    french = pdf_text(pdf.content)
    assert "30\u202f000,00" in french  # Babel groups French thousands with U+202F
    assert "Prix et paiements" in french
    assert "Dar Taroudant" in french
    arabic_pdf = Visitor(server.url, "ar")
    arabic_pdf.log_in(winner.email)
    arabic = pdf_text(arabic_pdf.get(f"{page}/contract.pdf?lang=ar").content)
    assert "الثمن والدفعات" in arabic
    assert "30.000,00" in arabic
    assert "Dar Taroudant" in arabic
    assert code not in french + arabic
    assert lo.get(f"{page}/contract.pdf").status_code == 403

    # The deposit, recorded once on the page; the balance by the API.
    contract_page = w.get(f"{page}/contract").text
    paid = w.post(
        f"{page}/contract/milestones/deposit", hidden_fields(contract_page) | {"method": "cash"}
    )
    assert paid.status_code == 303
    again = api.call("POST", f"{path}/milestones/deposit/paid", {"method": "card"}, winner.token)
    assert again.status_code == 409
    balance = api.call("POST", f"{path}/milestones/balance/paid", {"method": "card"}, winner.token)
    assert [m["status"] for m in balance.json()["milestones"]] == ["paid", "paid"]
    nope = api.call("POST", f"{path}/milestones/tip/paid", {"method": "cash"}, winner.token)
    assert nope.status_code == 404

    # The delivery code: a wrong one on the page, then the right one; the review is verified.
    contract_page = w.get(f"{page}/contract").text
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = w.post(f"{page}/contract/delivery", hidden_fields(contract_page) | {"code": wrong})
    assert refused.status_code == 422
    assert "not the organizer" in field_error(refused.text, "code")
    assert "4 tries left" in refused.text
    bad = api.call("POST", f"{path}/delivery", {"code": "12345"}, winner.token)
    assert bad.status_code == 422
    done = api.call("POST", f"{path}/delivery", {"code": code}, winner.token)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    review = api.call("POST", f"{path}/review", {"stars": 5, "comment": "Parfait"}, organizer.token)
    assert review.status_code == 201, review.text
    assert review.json()["verified"] is True
    assert "Verified event" in Visitor(server.url, "en").get(f"/caterers/{winner.id}").text


def test_a_contract_cancelled_late_on_the_page_counts_on_the_caterers_profile(
    server: Embedded, api: ApiClient
) -> None:
    organizer = api.sign_up(language="en")
    caterer = api.sign_up("caterer", language="en")
    today = datetime.now(UTC).astimezone(MOROCCO).date().isoformat()
    tender = api.post_tender(organizer, seconds=11, event_date=today)
    path = f"/api/tenders/{tender['id']}"
    placed = api.call("POST", f"{path}/bids", {"amount_mad": "9000.00"}, caterer.token)
    assert placed.status_code == 201, placed.text
    until_status(api, tender["id"], "awarded")
    assert api.call("POST", f"{path}/award/confirm", {}, caterer.token).status_code == 200

    w = Visitor(server.url, "en")
    w.log_in(caterer.email)
    page = f"/tenders/{tender['id']}"
    contract_page = w.get(f"{page}/contract").text
    assert "within 7 days of the event" in contract_page
    empty = w.post(f"{page}/contract/cancel", hidden_fields(contract_page) | {"cancel_reason": ""})
    assert empty.status_code == 422
    assert field_error(empty.text, "cancel_reason")
    reason = "Our cook fell ill"
    done = w.post(
        f"{page}/contract/cancel", hidden_fields(contract_page) | {"cancel_reason": reason}
    )
    assert done.status_code == 303
    shown = w.get(done.headers["Location"]).text
    assert "The caterer cancelled the contract." in shown
    assert reason in shown
    assert api.call("GET", f"{path}/contract", None, organizer.token).status_code == 409
    profile = api.call("GET", f"/api/caterers/{caterer.id}").json()
    assert profile["cancellations"] == 1
    assert "1 late cancellation in the last 12 months" in w.get(f"/caterers/{caterer.id}").text
    again = api.call("POST", f"{path}/contract/cancel", {"reason": "again"}, organizer.token)
    assert again.status_code == 409


def test_a_dispute_opened_on_the_page_and_upheld_by_an_admin(
    server: Embedded, api: ApiClient
) -> None:
    organizer = api.sign_up(language="fr")
    caterer = api.sign_up("caterer", language="fr")
    tender = api.post_tender(organizer, seconds=11)
    path, page = f"/api/tenders/{tender['id']}", f"/tenders/{tender['id']}"
    placed = api.call("POST", f"{path}/bids", {"amount_mad": "7000.00"}, caterer.token)
    assert placed.status_code == 201, placed.text
    until_status(api, tender["id"], "awarded")
    assert api.call("POST", f"{path}/award/confirm", {}, caterer.token).status_code == 200

    o = Visitor(server.url, "fr")
    o.log_in(organizer.email)
    contract_page = o.get(f"{page}/contract").text
    reason = "Le traiteur ne répond plus depuis une semaine"
    opened = o.post(
        f"{page}/contract/dispute", hidden_fields(contract_page) | {"dispute_reason": reason}
    )
    assert opened.status_code == 303
    assert "Votre litige est ouvert" in o.get(opened.headers["Location"]).text
    again = api.call("POST", f"{path}/dispute", {"reason": "encore"}, caterer.token)
    assert again.status_code == 409

    queue = api.call("GET", "/api/admin/disputes", None, api.admin_token).json()
    dispute = next(d for d in queue["items"] if d["tender_id"] == tender["id"])
    assert (dispute["status"], dispute["opened_by"], dispute["reason"]) == (
        "open",
        "organizer",
        reason,
    )
    admin = Visitor(server.url, "en")
    admin.log_in(api.admin.email, api.admin.password)
    admin_page = admin.get("/admin/disputes").text
    assert reason in admin_page
    decided = admin.post(
        f"/admin/disputes/{dispute['id']}/decision",
        hidden_fields(admin_page) | {"decision": "upheld", "note": "Aucune réponse, prouvé"},
    )
    assert decided.status_code == 303
    shown = html_lib.unescape(o.get(f"{page}/contract").text)
    assert "Aucune réponse, prouvé" in shown
    assert api.call("GET", f"/api/caterers/{caterer.id}").json()["cancellations"] == 1
    fees = api.call("GET", "/api/me/fees", None, caterer.token).json()
    assert [e["kind"] for e in fees["items"]].count("reversal") == 1
    assert fees["total_fee_mad"] == "0.00"
