"""What people type in the pages' forms, turned into the API's wire form; and the small
rules of the pages' plumbing (languages, cookies, redirects)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.commands import PlaceBid
from chalicelib.domain.account import OrganizerKind
from chalicelib.domain.catalog import EventType, Language
from chalicelib.domain.errors import GUESSABLE_PASSWORD, InvalidInput
from chalicelib.domain.tender import check_deadline_change, check_draft
from chalicelib.entrypoints import forms, refusals
from chalicelib.entrypoints.cookies import cookie, cookie_name, parse_cookies, safe_next
from chalicelib.entrypoints.formdata import Form
from chalicelib.i18n import from_accept_language
from tests.unit.factories import draft


def say(message: str, **values: object) -> str:
    return message % values if values else message


@pytest.mark.parametrize(
    ("typed", "wire"),
    [
        ("12500", "12500"),
        ("12 500", "12500"),
        ("12\u202f500,50", "12500.50"),
        ("12500,5", "12500.5"),
        ("١٢٥٠٠", "12500"),
        ("۷۸۵۰۰٫۵۰", "78500.50"),
        ("١٢٬٥٠٠٫٥", "12500.5"),
        ("1.250.000", "1250000"),
        ("78 500 MAD", "78500"),
        ("78500 DH", "78500"),
        ("١٢٫٣٤٥", "12.345"),  # the Arabic decimal sign is unambiguous: 3 decimals, refused later
        ("douze mille", "douze mille"),
        ("1e3", "1e3"),
        ("1.25.000", "1.25.000"),
    ],
)
def test_amounts_as_people_type_them(typed: str, wire: str) -> None:
    assert forms.plain_amount(typed) == wire


@pytest.mark.parametrize("typed", ["12.500", "0,001", "12.500,50", "12,500.50", "1٬250,500"])
def test_amounts_that_read_two_ways_are_refused(typed: str) -> None:
    with pytest.raises(forms.AmbiguousAmount):
        forms.plain_amount(typed)
    with pytest.raises(forms.Invalid) as refused:
        forms.place_bid(Form({"amount_mad": [typed], "proposal": ["Tout"]}), say)
    assert refused.value.fields == {"amount_mad": refusals.AMBIGUOUS}


LATIN, ARABIC_INDIC, PERSIAN = "0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"


@given(
    cents=st.integers(min_value=1, max_value=10_000_000_000),
    places=st.sampled_from([0, 1, 2]),
    digits=st.sampled_from([LATIN, ARABIC_INDIC, PERSIAN]),
    mark=st.sampled_from([".", ",", "٫"]),
)
def test_every_amount_the_api_takes_reads_the_same_on_the_page(
    cents: int, places: int, digits: str, mark: str
) -> None:
    """The API's text of an amount, typed with any digits and decimal mark, is that amount."""
    amount = (Decimal(cents) / 100).quantize(Decimal(1) / 10**places, rounding=ROUND_DOWN)
    if amount <= 0:
        return
    wire = f"{amount:f}"
    PlaceBid.model_validate({"amount_mad": wire})  # the API takes it
    typed = wire.translate(str.maketrans(LATIN + ".", digits + mark))
    command = forms.place_bid(Form({"amount_mad": [typed]}), say)
    assert command.amount_mad == amount


def test_a_bid_form_becomes_the_apis_command() -> None:
    command = forms.place_bid(Form({"amount_mad": ["٧٨ ٥٠٠,٥٠"], "proposal": ["Tout"]}), say)
    assert command.amount_mad == Decimal("78500.50")
    with pytest.raises(forms.Invalid) as refused:
        forms.place_bid(Form({"amount_mad": ["beaucoup"]}), say)
    assert refused.value.fields == {"amount_mad": refusals.AMOUNT}


def test_a_tender_form_in_moroccan_time() -> None:
    form = Form(
        {
            "title": ["Mariage"],
            "event_type": ["wedding"],
            "event_date": ["2026-07-20"],
            "province": ["tiznit"],
            "venue": ["Salle"],
            "guests": ["٢٠٠"],
            "menu": ["Pastilla\r\n\r\n Méchoui \n"],
            "dietary": ["halal", "vegetarian"],
            "service_style": ["buffet"],
            "mode": ["sealed"],
            "min_decrement_mad": ["50"],  # hidden for sealed tenders: ignored
            "deadline_date": ["2026-07-01"],
            "deadline_time": ["18:30"],
        }
    )
    command = forms.post_tender(form, say)
    assert command.guests == 200
    assert command.menu == ["Pastilla", "Méchoui"]
    assert command.min_decrement_mad is None
    # Morocco is UTC+1 in July (outside Ramadan): 18:30 there is 17:30 UTC.
    assert command.bid_deadline.isoformat() == "2026-07-01T17:30:00+00:00"


def test_a_tender_form_reports_every_bad_field_at_once() -> None:
    form = Form({"title": [""], "guests": ["0"], "deadline_date": ["demain"], "mode": ["open"]})
    with pytest.raises(forms.Invalid) as refused:
        forms.post_tender(form, say)
    fields = refused.value.fields
    assert fields["title"] == refusals.REQUIRED
    assert fields["guests"] == refusals.GUESTS
    assert fields["bid_deadline"] == refusals.MOMENT
    assert fields["event_type"] == refusals.CHOOSE
    assert fields["event_date"] == refusals.DAY


def test_sign_up_keeps_caterer_fields_for_caterers_only() -> None:
    """The business name stays (an organization's name: the service keeps it for
    associations, companies and communes only); provinces and categories do not."""
    base = {
        "name": ["Amina"],
        "email": [" Amina@Example.ma "],
        "phone": ["06 61 23 45 67"],
        "password": ["long enough"],
        "business_name": ["Should vanish"],
        "provinces": ["tata"],
    }
    organizer = forms.sign_up(Form({**base, "role": ["organizer"]}), say)
    assert organizer.business_name == "Should vanish"
    assert organizer.provinces == []
    assert organizer.organizer_kind is OrganizerKind.INDIVIDUAL
    assert organizer.email == "amina@example.ma"
    assert organizer.phone == "+212661234567"
    with pytest.raises(forms.Invalid) as refused:
        forms.sign_up(Form({**base, "role": ["caterer"], "password": ["short"]}), say)
    assert refused.value.fields == {"password": refusals.TOO_SHORT % {"count": 10}}


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ar-MA,ar;q=0.9,fr;q=0.8", Language.AR),
        ("fr-FR,fr;q=0.9,en;q=0.8", Language.FR),
        ("de-DE,en;q=0.5,fr;q=0.7", Language.FR),
        ("en;q=0, ar;q=0.1", Language.AR),
        ("*", None),
        ("", None),
        (None, None),
        ("garbage;;;,,", None),
    ],
)
def test_accept_language(header: str | None, language: Language | None) -> None:
    assert from_accept_language(header) == language


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/inbox", "/inbox"),
        ("/tenders/1?x=2", "/tenders/1?x=2"),
        ("//evil.example", "/me"),
        ("/\\evil.example", "/me"),
        ("https://evil.example", "/me"),
        ("/ok\r\nSet-Cookie: x", "/me"),
        (None, "/me"),
    ],
)
def test_login_redirects_stay_on_this_site(target: str | None, safe: str) -> None:
    assert safe_next(target) == safe


def test_cookies_are_http_only_lax_and_secure_off_the_local_stage() -> None:
    deployed = cookie(cookie_name("walima_session", True), "tok", secure=True, max_age=60)
    assert (
        deployed == "__Host-walima_session=tok; Path=/; SameSite=Lax; Max-Age=60; HttpOnly; Secure"
    )
    local = cookie(cookie_name("walima_session", False), "tok", secure=False)
    assert local == "walima_session=tok; Path=/; SameSite=Lax; HttpOnly"
    assert parse_cookies('a=1; b="x%20y"; junk; =2; a=3') == {"a": "1", "b": "x y"}


# --- refusals are explained by their codes, never by their English text -------------------


def test_a_late_small_extension_is_explained_by_its_reason() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as late:
        check_deadline_change(now + timedelta(hours=5), now + timedelta(hours=6), now)
    with pytest.raises(InvalidInput) as earlier:
        check_deadline_change(now + timedelta(hours=5), now + timedelta(hours=4), now)
    assert refusals.explain_extension(late.value, say) == {"new_deadline": refusals.EXTEND_DAY}
    assert refusals.explain_extension(earlier.value, say) == {"new_deadline": refusals.EXTEND_LATER}


def test_a_products_tender_without_products_is_explained_by_its_reason() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    products = draft(event_type=EventType.REGIONAL_PRODUCTS, categories=())
    with pytest.raises(InvalidInput) as refused:
        check_draft(products, now, timedelta(seconds=10))
    explained = refusals.explain_refusal(refused.value, say, Language.EN)
    assert explained["categories"] == refusals.WHICH_PRODUCTS


def test_no_entry_point_matches_a_refusal_by_its_text() -> None:
    """Pages choose their words by ``reason`` codes: reading ``message`` or a field's text to
    decide would break as soon as the English changes."""
    entrypoints = Path(__file__).resolve().parents[2] / "chalicelib" / "entrypoints"
    matching = re.compile(r"\bin\s+\w+(\.value)?\.(message\b|fields(\.get\([^)]*\)|\[[^]]*\]))")
    found = [
        f"{path.name}: {line.strip()}"
        for path in entrypoints.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if matching.search(line)
    ]
    assert found == []


def test_deployed_stages_ask_browsers_for_https_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.entrypoints.request import HSTS, transport_headers

    monkeypatch.setenv("WALIMA_STAGE", "prod")
    assert transport_headers() == {"Strict-Transport-Security": HSTS}
    monkeypatch.setenv("WALIMA_STAGE", "local")
    assert transport_headers() == {}


def test_a_guessable_password_is_explained_on_its_own_field() -> None:
    error = InvalidInput("weak", {"new": "too easy"}, field_reasons={"new": GUESSABLE_PASSWORD})
    assert refusals.explain_refusal(error, say, Language.AR) == {"new": refusals.GUESSABLE}
