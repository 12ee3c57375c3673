"""Translations (gettext catalogs compiled from ``chalicelib/locales/*.po``) and locale formats.

One set of catalogs serves notifications and pages. Money and dates are formatted by
Babel for Morocco's locales, so an Arabic reader sees ``ar_MA`` digits and separators.
"""

from __future__ import annotations

import gettext
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from chalicelib.domain.catalog import Language
from chalicelib.domain.lots import Unit

LOCALES = Path(__file__).parent / "locales"
BABEL_LOCALE = {Language.AR: "ar_MA", Language.FR: "fr_MA", Language.EN: "en"}


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled catalog for ``language``; missing catalogs are a build error, not a fallback."""
    return gettext.translation("messages", LOCALES, languages=[language.value])


def gettext_for(language: Language, message: str) -> str:
    return translations(language).gettext(message)


def say(language: Language, message: str, **values: Any) -> str:
    """``message`` in ``language``, with its ``%(name)s`` values filled in (none: as is)."""
    text = gettext_for(language, message)
    return text % values if values else text


def money(amount: Decimal, language: Language) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, "MAD", locale=BABEL_LOCALE[language])


def moment(when: datetime, language: Language) -> str:
    from babel.dates import format_datetime, get_timezone

    return format_datetime(
        when, "medium", tzinfo=get_timezone("Africa/Casablanca"), locale=BABEL_LOCALE[language]
    )


ZONE = "Africa/Casablanca"
DEFAULT_LANGUAGE = Language.FR
ACCEPT_LANGUAGE_ITEM = re.compile(
    r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for "mark only"
    """Marks a string for ``pybabel extract``; it is translated where it is shown."""
    return message


def from_accept_language(header: str | None) -> Language | None:
    """The first of our languages the browser asks for, by its ``q`` weights (RFC 9110)."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate((header or "").split(",")[:20]):
        match = ACCEPT_LANGUAGE_ITEM.match(item)
        if not match:
            continue
        try:
            language = Language(match.group(1).lower())
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if weight > 0 and (best is None or (-weight, position) < (-best[0], best[1])):
            best = (weight, position, language)
    return best[2] if best else None


def day(when: date, language: Language) -> str:
    """A calendar date, spelled out (``samedi 12 décembre 2026``)."""
    from babel.dates import format_date

    return format_date(when, "full", locale=BABEL_LOCALE[language])


def short_moment(when: datetime, language: Language) -> str:
    """Date and time, Moroccan time, compact (lists on a phone)."""
    from babel.dates import format_datetime, get_timezone

    return format_datetime(when, "short", tzinfo=get_timezone(ZONE), locale=BABEL_LOCALE[language])


def local_parts(when: datetime) -> tuple[str, str]:
    """``(YYYY-MM-DD, HH:MM:SS)`` in Moroccan time, for date and time inputs."""
    from babel.dates import get_timezone

    local = when.astimezone(get_timezone(ZONE))
    return local.date().isoformat(), local.strftime("%H:%M:%S")


def number(value: int, language: Language) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=BABEL_LOCALE[language])


def duration(delta: timedelta, language: Language, *, direction: bool = False) -> str:
    """``2 heures`` / ``in 2 hours``: how long, rounded as people say it."""
    from babel.dates import format_timedelta

    return format_timedelta(
        delta,
        threshold=1.5,
        add_direction=direction,
        locale=BABEL_LOCALE[language],
    )


UNITS: dict[str, str] = {  # a unit's name, marked for translation
    Unit.BOX: N_("boxes"),
    Unit.KG: N_("kg"),
    Unit.LITRE: N_("litres"),
    Unit.PIECE: N_("pieces"),
}


def quantity(value: Decimal, language: Language) -> str:
    """``1 250,5``: a lot's quantity, up to 3 decimals, grouped as the language does."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.###", locale=BABEL_LOCALE[language])


def amount_of(value: Decimal, unit: Unit, language: Language) -> str:
    """``200 litres`` in the language."""
    return f"{quantity(value, language)} {gettext_for(language, UNITS[unit])}"
