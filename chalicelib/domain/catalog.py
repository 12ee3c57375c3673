"""Closed vocabularies of the product: provinces, languages, event types, styles, diets.

They are codes, not display text: pages and notifications translate them.
"""

from __future__ import annotations

from enum import StrEnum
from zoneinfo import ZoneInfo

MOROCCO = ZoneInfo("Africa/Casablanca")  # every local time Walima shows or decides by


class Province(StrEnum):
    """The prefectures and provinces of Souss-Massa."""

    AGADIR_IDA_OUTANANE = "agadir-ida-outanane"
    INEZGANE_AIT_MELLOUL = "inezgane-ait-melloul"
    CHTOUKA_AIT_BAHA = "chtouka-ait-baha"
    TAROUDANT = "taroudant"
    TIZNIT = "tiznit"
    TATA = "tata"


class Language(StrEnum):
    AR = "ar"
    FR = "fr"
    EN = "en"


class EventType(StrEnum):
    WEDDING = "wedding"
    ENGAGEMENT = "engagement"
    AQIQA = "aqiqa"
    CORPORATE = "corporate"
    ASSOCIATION = "association"
    MUNICIPAL = "municipal"
    RELIGIOUS = "religious"
    OTHER = "other"
    REGIONAL_PRODUCTS = "regional_products"  # gift boxes, pastries by the kilo, decoration


class ServiceStyle(StrEnum):
    BUFFET = "buffet"
    PLATED = "plated"
    FAMILY_STYLE = "family_style"
    COCKTAIL = "cocktail"
    DELIVERY = "delivery"


class Dietary(StrEnum):
    HALAL = "halal"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    GLUTEN_FREE = "gluten_free"
    DIABETIC = "diabetic"
    NUT_FREE = "nut_free"
    LACTOSE_FREE = "lactose_free"


class Category(StrEnum):
    CATERING = "catering"
    PASTRY = "pastry"
    COOPERATIVE = "cooperative"
    ARTISAN = "artisan"
    DECORATION = "decoration"
    ARGAN_PRODUCTS = "argan_products"
    AMLOU = "amlou"
    GIFT_BOXES = "gift_boxes"
    PASTRIES_BY_KILO = "pastries_by_kilo"


# Tenders that ask for products rather than a meal: ``guests`` is then a quantity (boxes,
# kilos or recipients) and the tender must say which categories of products it asks for.
PRODUCT_EVENTS = frozenset({EventType.REGIONAL_PRODUCTS})
MEAL_CATEGORIES = (Category.CATERING,)


def tender_categories(event_type: EventType, asked: tuple[Category, ...]) -> tuple[Category, ...]:
    """What a tender asks for: as sent (without repeats), else a meal event's default;
    a products tender has no default (``check_draft`` refuses it empty)."""
    if asked:
        return tuple(dict.fromkeys(asked))
    return () if event_type in PRODUCT_EVENTS else MEAL_CATEGORIES
