"""Tender alerts in the domain: who a tender concerns, quiet hours, the daily digest; and the
regional products' codes, each with a label in every language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib import i18n
from chalicelib.domain.account import Account, Role
from chalicelib.domain.alerts import (
    DIGEST_LIMIT,
    DigestEntry,
    caterer_keys,
    concerns,
    digest_cutoff,
    digest_day,
    digest_selection,
    tender_keys,
)
from chalicelib.domain.catalog import (
    MOROCCO,
    SOUSS_MASSA,
    Category,
    EventType,
    Language,
    Province,
    tender_categories,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.lots import Item, Lot, Unit
from chalicelib.domain.profile import Profile
from chalicelib.domain.tender import check_draft
from tests.unit.factories import NOW, draft, tender

PASTRY = (Category.PASTRY,)


def caterer(**changes: object) -> Account:
    account = Account(
        id="c1",
        role=Role.CATERER,
        name="Traiteur",
        email="c1@example.ma",
        phone="+212661000001",
        language=Language.AR,
        created_at=NOW,
        verified=True,
        provinces=(Province.TIZNIT,),
        categories=(Category.PASTRY, Category.CATERING),
        profile=Profile(capacity=300),
    )
    return replace(account, **changes)  # type: ignore[arg-type]


# --- matching -----------------------------------------------------------------------------


def test_a_tiznit_pastry_tender_concerns_the_tiznit_pastry_caterer_only() -> None:
    pastry = tender(categories=PASTRY, guests=150)
    assert concerns(caterer(), pastry)
    assert not concerns(caterer(provinces=(Province.AGADIR_IDA_OUTANANE,)), pastry)
    assert not concerns(caterer(verified=False), pastry)
    assert not concerns(caterer(profile=Profile(capacity=100)), pastry)
    assert not concerns(caterer(categories=(Category.CATERING,)), pastry)
    assert not concerns(caterer(role=Role.ORGANIZER), pastry)
    assert concerns(caterer(profile=Profile()), pastry)  # no capacity given: not excluded
    assert not concerns(caterer(), replace(pastry, bidder_ids=frozenset({"c1"})))


def test_a_products_tender_ignores_capacity_its_guests_are_a_quantity() -> None:
    boxes = tender(
        event_type=EventType.REGIONAL_PRODUCTS,
        categories=(Category.ARGAN_PRODUCTS,),
        guests=5000,
    )
    cooperative = caterer(categories=(Category.ARGAN_PRODUCTS,), profile=Profile(capacity=20))
    assert concerns(cooperative, boxes)


def test_keys_pair_provinces_and_categories_and_need_verification() -> None:
    account = caterer(provinces=(Province.TIZNIT, Province.TATA))
    assert caterer_keys(account) == {
        "tiznit#pastry",
        "tiznit#catering",
        "tata#pastry",
        "tata#catering",
    }
    assert caterer_keys(replace(account, verified=False)) == frozenset()
    pastries = tender(categories=(Category.AMLOU, Category.GIFT_BOXES))
    assert tender_keys(pastries) == ["tiznit#amlou", "tiznit#gift_boxes"]


def test_products_ordered_from_casablanca_find_sellers_in_every_souss_massa_province() -> None:
    order = tender(
        event_type=EventType.REGIONAL_PRODUCTS,
        province=Province.CASABLANCA,
        categories=(Category.ARGAN_PRODUCTS,),
    )
    assert tender_keys(order) == sorted(f"{p.value}#argan_products" for p in SOUSS_MASSA)
    tata = caterer(provinces=(Province.TATA,), categories=(Category.ARGAN_PRODUCTS,))
    assert concerns(tata, order)
    assert not concerns(replace(tata, categories=(Category.PASTRY,)), order)


@given(
    st.sets(st.sampled_from(SOUSS_MASSA), min_size=1),  # where caterers serve
    st.sets(st.sampled_from(Category), min_size=1),
    st.sampled_from(Province),  # a meal's anywhere is refused earlier; products go anywhere
    st.sets(st.sampled_from(Category), min_size=1),
    st.sampled_from([EventType.WEDDING, EventType.REGIONAL_PRODUCTS]),
)
def test_a_caterer_concerned_is_always_found_under_a_tender_key(
    provinces: set[Province],
    categories: set[Category],
    where: Province,
    asked: set[Category],
    event: EventType,
) -> None:
    account = caterer(provinces=tuple(provinces), categories=tuple(categories), profile=Profile())
    t = tender(province=where, categories=tuple(asked), event_type=event)
    found = bool(caterer_keys(account) & set(tender_keys(t)))
    assert found == concerns(account, t)


MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


# --- the daily digest ---------------------------------------------------------------------


def test_the_digest_cutoff_is_the_last_eight_oclock() -> None:
    morning = datetime(2026, 12, 2, 7, 30, tzinfo=UTC)  # 08:30 local
    assert digest_cutoff(morning) == datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    night = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # 06:00 local: still yesterday's
    assert digest_cutoff(night) == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert digest_day(digest_cutoff(night)).isoformat() == "2026-12-01"


@given(MOMENTS)
def test_the_cutoff_is_at_most_a_day_old(now: datetime) -> None:
    cutoff = digest_cutoff(now)
    assert cutoff <= now < cutoff + timedelta(hours=25)
    assert cutoff.astimezone(MOROCCO).hour == 8


def test_a_digest_names_what_was_queued_before_the_cutoff_oldest_first() -> None:
    cutoff = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    entries = [
        DigestEntry("c1", f"t{i}", f"Tender {i}", cutoff - timedelta(minutes=i + 1))
        for i in range(3)
    ]
    late = DigestEntry("c1", "late", "Late", cutoff + timedelta(minutes=1))
    chosen = digest_selection([*entries, late], cutoff)
    assert [e.tender_id for e in chosen] == ["t2", "t1", "t0"]
    assert digest_selection([late], cutoff) == []
    many = [DigestEntry("c1", f"m{i}", "M", cutoff - timedelta(seconds=i)) for i in range(30)]
    assert len(digest_selection(many, cutoff)) == DIGEST_LIMIT


# --- regional products --------------------------------------------------------------------


def test_a_products_tender_must_say_what_it_asks_for() -> None:
    assert tender_categories(EventType.WEDDING, ()) == (Category.CATERING,)
    assert tender_categories(EventType.REGIONAL_PRODUCTS, ()) == ()
    twice = (Category.AMLOU, Category.AMLOU, Category.GIFT_BOXES)
    assert tender_categories(EventType.REGIONAL_PRODUCTS, twice) == twice[1:]
    lot = Lot("t", "Amlou", (Item("amlou", Decimal(100), Unit.KG),))
    empty = draft(event_type=EventType.REGIONAL_PRODUCTS, categories=(), lots=(lot,))
    with pytest.raises(InvalidInput) as refused:
        check_draft(empty, NOW, timedelta(seconds=10))
    assert set(refused.value.fields) == {"categories"}
    check_draft(replace(empty, categories=(Category.AMLOU,)), NOW, timedelta(seconds=10))


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize(
    ("kind", "codes"), [("event_type", EventType), ("category", Category)], ids=str
)
def test_every_code_has_a_label_in_every_language(
    kind: str, codes: type[StrEnum], language: Language
) -> None:
    from chalicelib.entrypoints.render import LABELS

    for code in codes:
        label = LABELS[kind][code]
        shown = i18n.gettext_for(language, label)
        assert shown, (kind, code)
        if language is Language.AR:
            assert shown != label, f"{code} has no Arabic label"
