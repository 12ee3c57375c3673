"""A public page pasted into WhatsApp shows a preview: Open Graph and description tags in the
page's language, one static picture; a tender page has a "share on WhatsApp" link. Personal
pages carry no such tags."""

from __future__ import annotations

import html
import re
import urllib.parse
from datetime import date

import requests

from chalicelib import i18n
from chalicelib.domain import morocco
from chalicelib.domain.catalog import Language, Province
from chalicelib.entrypoints.render import LABELS
from embedded.runner import Embedded
from tests.e2e.client import ApiClient

META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')
TITLE = "Mariage & aqiqa <Taroudant>"


def tags(page: requests.Response) -> dict[str, str]:
    """The page's description and Open Graph tags (not ``viewport``)."""
    found = META.findall(page.text)
    return {k: html.unescape(v) for k, v in found if k == "description" or k.startswith("og:")}


def get(server: Embedded, path: str, language: str) -> requests.Response:
    answer = requests.get(server.url + path, headers={"Accept-Language": language}, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    return answer


def test_a_tender_page_previews_and_shares_in_the_visitors_language(
    server: Embedded, api: ApiClient
) -> None:
    organizer = api.sign_up()
    tender = api.post_tender(organizer, title=TITLE, province="taroudant", guests=300)
    path = f"/tenders/{tender['id']}"
    event_day = date.fromisoformat(tender["event_date"])
    for language in (Language.FR, Language.AR):
        found = tags(get(server, path, language.value))
        province = morocco.name(Province.TAROUDANT, language)
        wedding = i18n.gettext_for(language, LABELS["event_type"]["wedding"])
        assert found["og:title"] == TITLE  # escaped in the page, the same text once read
        assert found["og:url"] == server.url + path
        assert found["og:locale"] == {"fr": "fr_MA", "ar": "ar_MA"}[language.value]
        description = found["description"]
        assert found["og:description"] == description
        assert wedding in description
        assert province in description
        assert i18n.day(event_day, language) in description
        share = re.search(
            r'href="(https://wa\.me/\?text=[^"]+)"[^>]*data-share',
            get(server, path, language.value).text,
        )
        assert share is not None
        text = urllib.parse.unquote(
            html.unescape(share.group(1)).removeprefix("https://wa.me/?text=")
        )
        assert text.splitlines() == [
            TITLE,
            f"{i18n.day(event_day, language)} · {province}",
            server.url + path,
        ]
    picture = requests.get(found["og:image"], timeout=30)
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/jpeg"
    assert picture.content[:3] == b"\xff\xd8\xff"  # a JPEG, whole
    assert len(picture.content) < 100_000
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")


def test_public_pages_are_described_and_personal_ones_are_not(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", business_name="Dar Argan", provinces=["tiznit"])
    lesson = "/learn/how-tenders-work"
    for path in ("/", "/learn", lesson, f"/caterers/{caterer.id}"):
        found = tags(get(server, path, "fr"))
        assert found["description"], path
        assert found["og:title"], path
        assert found["og:image"].startswith(server.url + "/static/preview.jpg"), path
        assert found["og:url"] == server.url + path
    assert "Tiznit" in tags(get(server, f"/caterers/{caterer.id}", "fr"))["description"]
    assert tags(get(server, "/login", "fr")) == {}
    private = requests.get(
        server.url + "/me",
        cookies={"walima_session": caterer.token},
        headers={"Accept-Language": "fr"},
        timeout=30,
        allow_redirects=False,
    )
    assert private.status_code == 200, private.status_code
    assert tags(private) == {}
