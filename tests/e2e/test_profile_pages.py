"""The caterer's pages over HTTP (issue 8): the profile form with its errors and completeness,
the public profile in three languages, and the review and reply on a completed tender's page."""

from __future__ import annotations

import html as html_lib
import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from chalicelib.domain.account import Principal, Role
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.services import awards, closing
from chalicelib.services.deps import build
from chalicelib.settings import settings
from embedded.runner import Embedded
from tests.conftest import Clock
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_pages import (
    ARABIC,
    LIMIT_BYTES,
    Visitor,
    field_error,
    hidden_fields,
    page_weight,
)
from tests.functional.helpers import World

pytestmark = pytest.mark.e2e

PROFILE = {
    "business_name": "Coopérative Tifaout",
    "provinces": ["tiznit", "tata"],
    "categories": ["cooperative", "catering"],
    "kind": "cooperative",
    "specialities": "Amlou\nCoffrets d'argan",
    "capacity": "300",
    "dietary": ["halal", "vegetarian"],
    "women_led": "yes",
    "about": "Coopérative de femmes à Tiznit.",
    "menu_name_1": "Mariage",
    "menu_price_1": "180",
    "menu_dishes_1": "Pastilla\nMéchoui",
    "menu_name_2": "Goûter",
    "menu_price_2": "65,50",
    "menu_dishes_2": "Cornes de gazelle",
}


def text_of(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def completed_tender(api: ApiClient, caterer: Person) -> tuple[Person, str]:
    """A tender posted and bid on 40 days ago (the services with their clock set back, as the
    demo data is), then closed, confirmed by ``caterer`` and completed with today's clock, as
    the server's own scheduler may do at the same moment (so no step of it races ours)."""
    organizer = api.sign_up()
    past = Clock(datetime.now(UTC) - timedelta(days=40))
    world = World(build(settings(), os.environ["WALIMA_TOKEN_SECRET"], past), past)
    winner = Principal(caterer.id, Role.CATERER)
    tender = world.tender(Principal(organizer.id, Role.ORGANIZER), seconds=600)
    world.bid(winner, tender, "9000.00")
    today = build(settings(), os.environ["WALIMA_TOKEN_SECRET"])
    assert closing.close_tender(today, tender.id).status is TenderStatus.AWARDED
    awards.confirm(today, winner, tender.id)
    assert closing.close_tender(today, tender.id).status is TenderStatus.COMPLETED
    return organizer, tender.id


def test_a_caterer_fills_its_profile_and_everyone_sees_it(server: Embedded, api: ApiClient) -> None:
    caterer = api.sign_up("caterer", language="fr")
    v = Visitor(server.url)
    v.log_in(caterer.email)
    form = v.get("/me/profile")
    assert form.status_code == 200
    assert "/me/profile" in v.get("/me").text  # linked from my space
    before = re.search(r'<progress max="100" value="(\d+)"', form.text)
    assert before
    assert int(before.group(1)) < 100

    wrong = v.post(
        "/me/profile",
        {**hidden_fields(form.text), **PROFILE, "capacity": "beaucoup", "menu_price_2": "cher"},
    )
    assert wrong.status_code == 422
    assert "nombre entier" in field_error(wrong.text, "capacity")
    assert "dirhams" in field_error(wrong.text, "menu_price_2")
    assert 'value="Goûter"' in wrong.text  # what was typed stays

    saved = v.post("/me/profile", {**hidden_fields(form.text), **PROFILE})
    assert saved.status_code == 303, saved.text
    assert saved.headers["Location"] == "/me/profile?done=saved"
    after = v.get(saved.headers["Location"]).text
    assert '<progress max="100" value="100"' in after
    assert "Votre profil est enregistré." in after

    people = {
        "ar": ("rtl", "تعاونية", "د.م."),
        "fr": ("ltr", "Coopérative", "65,50"),
        "en": ("ltr", "Cooperative", "MAD180.00"),
    }
    anonymous = Visitor(server.url)
    for lang, (direction, badge, price) in people.items():
        answer = anonymous.get(f"/caterers/{caterer.id}?lang={lang}")
        assert answer.status_code == 200
        page = answer.text
        assert f'<html lang="{lang}" dir="{direction}">' in page
        assert badge in text_of(page)
        assert price in text_of(page)
        assert page_weight(anonymous, page) <= LIMIT_BYTES
        assert caterer.email not in page
        assert "Pastilla" in page
        if lang == "ar":
            assert ARABIC.search(page.split('<main id="main">')[1])
    assert "Dirigé par des femmes" in text_of(anonymous.get(f"/caterers/{caterer.id}?lang=fr").text)

    organizer = api.sign_up()
    for unknown in (str(uuid.uuid4()), organizer.id, "not-an-id"):
        assert anonymous.get(f"/caterers/{unknown}").status_code == 404

    for lang, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        own = v.get(f"/me/profile?lang={lang}")
        assert f'<html lang="{lang}" dir="{direction}">' in own.text
        assert page_weight(v, own.text) <= LIMIT_BYTES
        if lang == "ar":
            assert ARABIC.search(own.text.split('<main id="main">')[1])


def test_only_caterers_edit_a_profile(server: Embedded, api: ApiClient) -> None:
    organizer = api.sign_up()
    v = Visitor(server.url)
    assert v.get("/me/profile").status_code == 303  # log in first
    v.log_in(organizer.email)
    assert v.get("/me/profile").status_code == 403


def review_form(v: Visitor, tender_id: str, **data: Any) -> Any:
    return v.submit(f"/tenders/{tender_id}", f"/tenders/{tender_id}/review", data)


def test_the_organizer_reviews_from_the_tender_page_and_the_caterer_replies(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", language="en")
    organizer, tender_id = completed_tender(api, caterer)
    boss = Visitor(server.url)
    boss.log_in(organizer.email)
    boss.switch_language("ar", f"/tenders/{tender_id}")  # its pages speak Arabic from now on
    page = boss.get(f"/tenders/{tender_id}").text
    assert f'action="/tenders/{tender_id}/review"' in page
    assert f'href="/caterers/{caterer.id}"' in page  # the winner's name links to its profile

    no_stars = review_form(boss, tender_id, comment="Très bien")
    assert no_stars.status_code == 422
    assert ARABIC.search(field_error(no_stars.text, "stars"))

    posted = review_form(boss, tender_id, stars="4", comment="Pastilla parfaite")
    assert posted.status_code == 303
    assert posted.headers["Location"] == f"/tenders/{tender_id}?done=reviewed"
    again = boss.post(
        f"/tenders/{tender_id}/review",
        {**hidden_fields(boss.get("/").text), "stars": "1", "form_key": uuid.uuid4().hex},
    )
    assert again.status_code == 409
    assert ARABIC.search(field_error(again.text, "stars"))  # why, next to the review
    reviewed = boss.get(f"/tenders/{tender_id}").text
    assert f'action="/tenders/{tender_id}/review"' not in reviewed
    assert "Pastilla parfaite" in reviewed

    chef = Visitor(server.url)
    chef.log_in(caterer.email)
    reply_page = chef.get(f"/tenders/{tender_id}").text
    assert f'action="/tenders/{tender_id}/review/reply"' in reply_page
    empty = chef.submit(
        f"/tenders/{tender_id}", f"/tenders/{tender_id}/review/reply", {"reply": " "}
    )
    assert empty.status_code == 422
    assert field_error(empty.text, "reply") == "Please fill in this field."
    replied = chef.submit(
        f"/tenders/{tender_id}", f"/tenders/{tender_id}/review/reply", {"reply": "Thank you!"}
    )
    assert replied.status_code == 303
    assert (
        f'action="/tenders/{tender_id}/review/reply"' not in chef.get(f"/tenders/{tender_id}").text
    )
    assert (
        boss.submit(
            f"/tenders/{tender_id}", f"/tenders/{tender_id}/review/reply", {"reply": "x"}
        ).status_code
        == 403
    )

    profile = text_of(Visitor(server.url).get(f"/caterers/{caterer.id}?lang=en").text)
    assert "Rated 4.0 out of 5" in profile
    assert "Pastilla parfaite" in profile
    assert "The caterer's reply: Thank you!" in profile


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"


def upload_form(html: str) -> tuple[str, dict[str, str]]:
    """The page's photo form: where it posts (storage) and its signed hidden fields."""
    found = re.search(
        r'<form method="post" action="([^"]+)" enctype="multipart/form-data"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert found, "no upload form"
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', found.group(2))
    )
    return html_lib.unescape(found.group(1)), {k: html_lib.unescape(v) for k, v in fields.items()}


def test_a_caterer_adds_and_removes_a_photo_from_its_profile_page(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", language="fr")
    v = Visitor(server.url)
    v.log_in(caterer.email)
    page = v.get("/me/profile")
    url, fields = upload_form(page.text)
    origin = "/".join(url.split("/")[:3])
    assert f"form-action 'self' {origin}" in page.headers["Content-Security-Policy"]

    sent = requests.post(
        url,
        data=fields,
        files={"file": ("p.jpg", JPEG, "image/jpeg")},
        allow_redirects=False,
        timeout=30,
    )
    assert sent.status_code == 303
    back = sent.headers["Location"]
    assert back.startswith(f"{server.url}/me/photos?")
    added = v.get(back.removeprefix(server.url))
    assert added.status_code == 303
    assert added.headers["Location"] == "/me/profile?done=photo"
    again = v.get(back.removeprefix(server.url))  # the same redirect opened twice
    assert again.status_code == 422
    assert "6 photos, ou celle-ci" in text_of(again.text)

    public = v.get(f"/caterers/{caterer.id}")
    assert f"img-src 'self' {origin}" in public.headers["Content-Security-Policy"]
    img = re.search(
        r'<img src="([^"]+)" width="320" height="240" loading="lazy" alt="Photo 1 de [^"]+">',
        public.text,
    )
    assert img
    assert requests.get(html_lib.unescape(img.group(1)), timeout=30).content == JPEG

    token = re.search(r"[?&]t=([^&]+)", back)
    assert token
    someone_elses = f"photo/{api.sign_up('caterer').id}/{uuid.uuid4()}"
    forged = v.get(f"/me/photos?t={token.group(1)}&key={someone_elses}")
    assert forged.status_code == 422
    assert "n'est pas acceptée" in text_of(forged.text)
    # a link made for another browser (or none): a cross-site GET adds nothing
    for link in (f"/me/photos?key={someone_elses}", f"/me/photos?t=x&key={someone_elses}"):
        assert v.get(link).status_code == 403

    profile = v.get("/me/profile").text
    key = re.search(r'name="key" value="([^"]+)"', profile)
    assert key
    remove = v.post("/me/photos/1/remove", {**hidden_fields(profile), "key": key.group(1)})
    assert remove.status_code == 303
    assert remove.headers["Location"] == "/me/profile?done=photo_removed"
    assert "<img" not in v.get(f"/caterers/{caterer.id}").text
