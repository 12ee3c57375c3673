"""Tender alerts and regional products over HTTP: the preferences API and page, and the
products event type through the API and the new-tender page."""

from __future__ import annotations

from typing import Any

import pytest

from embedded.runner import Embedded
from tests.e2e.client import ApiClient, tender_body
from tests.e2e.test_pages import Visitor, field_error, tender_form

pytestmark = pytest.mark.e2e
GIFT_BOXES: dict[str, Any] = {
    "event_type": "regional_products",
    "title": "Coffrets d'argan pour un mariage",
    "guests": 120,
    "service_style": "delivery",
    "menu": [],
}


def test_a_caterer_chooses_how_alerts_come_over_the_api(api: ApiClient) -> None:
    caterer = api.sign_up("caterer")
    organizer = api.sign_up()
    assert api.call("GET", "/api/me/alerts", token=caterer.token).json() == {
        "channel": "sms",
        "digest": False,
    }
    chosen = api.call("PUT", "/api/me/alerts", {"channel": "email", "digest": True}, caterer.token)
    assert chosen.status_code == 200, chosen.text
    assert api.call("GET", "/api/me/alerts", token=caterer.token).json() == {
        "channel": "email",
        "digest": True,
    }

    fax = api.call("PUT", "/api/me/alerts", {"channel": "fax"}, caterer.token)
    assert fax.status_code == 422
    assert fax.json()["error"]["code"] == "validation_error"
    assert api.call("GET", "/api/me/alerts", token=organizer.token).status_code == 403
    assert api.call("GET", "/api/me/alerts").status_code == 401


def test_the_alerts_page_saves_the_choice(server: Embedded, api: ApiClient) -> None:
    caterer = api.sign_up("caterer")
    visitor = Visitor(server.url)
    visitor.log_in(caterer.email)  # a French account
    saved = visitor.submit("/me/alerts", "/me/alerts", {"channel": "none", "digest": "yes"})
    assert saved.status_code == 303
    assert saved.headers["Location"] == "/me/alerts?done=saved"

    page = visitor.get("/me/alerts?done=saved").text
    assert "Vos réglages d’alertes sont enregistrés." in page
    assert 'value="none" id="channel-none" checked' in page
    assert 'id="digest" checked' in page
    assert api.call("GET", "/api/me/alerts", token=caterer.token).json() == {
        "channel": "none",
        "digest": True,
    }
    refused = visitor.submit("/me/alerts", "/me/alerts", {"channel": "pigeon"})
    assert refused.status_code == 422
    assert field_error(refused.text, "channel") == "Veuillez choisir l’une des options."


def test_a_products_tender_says_what_it_asks_for(api: ApiClient) -> None:
    organizer = api.sign_up()
    body: dict[str, Any] = {"province": "tiznit", **GIFT_BOXES}
    missing = api.call("POST", "/api/tenders", tender_body(**body), organizer.token)
    assert missing.status_code == 422
    assert "categories" in missing.json()["error"]["fields"]

    boxes = api.post_tender(organizer, **body, categories=["argan_products", "gift_boxes"])
    assert boxes["event_type"] == "regional_products"
    assert boxes["categories"] == ["argan_products", "gift_boxes"]
    assert api.post_tender(organizer)["categories"] == ["catering"]  # a meal's default
    unknown = api.call(
        "POST", "/api/tenders", tender_body(**body, categories=["camels"]), organizer.token
    )
    assert unknown.status_code == 422


def test_the_new_tender_page_posts_a_products_tender(server: Embedded, api: ApiClient) -> None:
    organizer = api.sign_up(language="fr")
    visitor = Visitor(server.url)
    visitor.log_in(organizer.email)
    form = tender_form(
        event_type="regional_products",
        province="tiznit",
        title="Coffrets d'amlou",
        service_style="delivery",
        menu="",
        guests="",
        lot1_title="Coffrets d'amlou",
        lot1_item1_name="Amlou aux amandes, 250 g",
        lot1_item1_quantity="150",
        lot1_item1_unit="box",
    )
    refused = visitor.submit("/tenders/new", "/tenders/new", form)
    assert refused.status_code == 422
    assert field_error(refused.text, "categories") == (
        "Veuillez choisir les produits que vous demandez."
    )

    posted = visitor.submit("/tenders/new", "/tenders/new", form | {"categories": ["amlou"]})
    assert posted.status_code == 303, posted.text
    page = visitor.get(posted.headers["Location"].split("?")[0]).text
    assert "<td>Amlou aux amandes, 250 g</td><td>150 coffrets</td>" in page
    assert "<dt>Demande</dt><dd>Amlou</dd>" in page
    listed = visitor.get("/?province=tiznit").text  # the list names the lot
    assert "Coffrets d&#39;amlou" in listed
    assert "Demande : Amlou" in listed
