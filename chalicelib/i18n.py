"""Translations (gettext catalogs compiled from ``chalicelib/locales/*.po``) and locale formats.

One set of catalogs serves notifications and, later, pages. Money and dates are formatted by
Babel for Morocco's locales, so an Arabic reader sees ``ar_MA`` digits and separators.
"""

from __future__ import annotations

import gettext
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from chalicelib.domain.catalog import Language

LOCALES = Path(__file__).parent / "locales"
BABEL_LOCALE = {Language.AR: "ar_MA", Language.FR: "fr_MA", Language.EN: "en"}


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled catalog for ``language``; missing catalogs are a build error, not a fallback."""
    return gettext.translation("messages", LOCALES, languages=[language.value])


def gettext_for(language: Language, message: str) -> str:
    return translations(language).gettext(message)


def money(amount: Decimal, language: Language) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, "MAD", locale=BABEL_LOCALE[language])


def moment(when: datetime, language: Language) -> str:
    from babel.dates import format_datetime, get_timezone

    return format_datetime(
        when, "medium", tzinfo=get_timezone("Africa/Casablanca"), locale=BABEL_LOCALE[language]
    )
