"""Closed vocabularies of the product: provinces, languages, event types, styles, diets.

They are codes, not display text: pages and notifications translate them.
"""

from __future__ import annotations

from enum import StrEnum


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
