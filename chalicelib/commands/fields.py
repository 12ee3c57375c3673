"""What every command is made of: the ``Command`` base, normalised phones and logins, one-line and
printable text, aware moments, and money as a plain decimal string."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from chalicelib.domain.catalog import SOUSS_MASSA, Province
from chalicelib.domain.codes import CODE_DIGITS

DEFAULT_REGION = "MA"


def normalise_phone(raw: str) -> str:
    """E.164 from what people type: ``0612345678``, ``06 12 34 56 78``, ``+212 6…``.

    phonenumbers loads on the first phone seen, not at ``import app`` (cold start)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError("not a phone number") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_login(raw: str) -> str:
    """An e-mail (lower-cased) or a phone number (E.164); anything else is left as typed."""
    raw = raw.strip()
    if "@" in raw:
        return raw.lower()
    try:
        return normalise_phone(raw)
    except ValueError:
        return raw


# Control characters, and the bidirectional overrides and isolates that make text display in
# another order than it is stored (U+202A–U+202E, U+2066–U+2069: "Trojan Source"). The marks
# Arabic text legitimately uses (U+200E/U+200F, U+061C) stay allowed.


BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
CONTROL_BUT_LINE_BREAKS = re.compile(
    f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]"
)


def one_line(value: str) -> str:
    """Names and titles end up in e-mail subjects, SMS and page headings: one line, printable."""
    if CONTROL.search(value):
        raise ValueError("must be one line of text, without control characters")
    return value


def printable(value: str) -> str:
    """Long text may have line breaks and tabs, but no other control characters (NUL, ESC…)."""
    if CONTROL_BUT_LINE_BREAKS.search(value):
        raise ValueError("must not contain control characters")
    return value


def _to_utc(value: datetime) -> datetime:
    """Kept in UTC; an offset that moves a moment past year 1 or 9999 is no moment at all."""
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("must fall between the years 1 and 9999 in UTC") from error


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _iso_text(value: object) -> object:
    """A moment is written as ISO 8601 text (pydantic would also read a number of seconds)."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DAY.match(value):
        raise ValueError(
            "must be an ISO 8601 moment with its offset, e.g. 2026-12-01T18:00:00+01:00"
        )
    return value


Moment = Annotated[
    AwareDatetime, Field(strict=False), BeforeValidator(_iso_text), AfterValidator(_to_utc)
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(one_line),
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=4000), AfterValidator(printable)
]
Cursor = Annotated[str, StringConstraints(max_length=2000)]
Phone = Annotated[str, StringConstraints(max_length=40), AfterValidator(normalise_phone)]


def _money_schema(minimum: int, example: str) -> WithJsonSchema:
    """What clients send (see wire_money), for /api/openapi.json: never a float."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[0-9]{1,9}(\.[0-9]{1,2})?$"},
                {"type": "integer", "minimum": minimum, "maximum": 100000000},
            ],
            "examples": [example],
        }
    )


Money = Annotated[
    Decimal,
    Field(gt=0, le=Decimal("100000000"), decimal_places=2, allow_inf_nan=False),
    _money_schema(1, "12500.00"),
]


class Command(BaseModel):
    """Strict about shape: unknown fields are refused, strings are not coerced to numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MONEY_FORMAT = 'send amounts as decimal strings, e.g. "12500.00"'


def wire_money(value: object) -> object:
    """Money arrives as a plain decimal string (the contract); integers are accepted too.

    Plain means ASCII digits and a dot: ``Decimal`` alone would also take ``"1e3"``, ``"1_000"``
    and other scripts' digits, which no one means as an amount of dirhams.
    """
    if isinstance(value, (bool, float)):
        raise ValueError(MONEY_FORMAT)
    if isinstance(value, str):
        if not PLAIN_DECIMAL.fullmatch(value.strip()):
            raise ValueError(MONEY_FORMAT)
        return Decimal(value.strip())
    if isinstance(value, int):
        return Decimal(value)
    return value


class WithMoney(Command):
    """A command with amounts in MAD, each read by ``wire_money``."""

    @field_validator(
        "amount_mad", "budget_max_mad", "min_decrement_mad", mode="before", check_fields=False
    )
    @classmethod
    def _money(cls, value: object) -> object:
        return wire_money(value)


OneTimeCode = Annotated[str, StringConstraints(pattern=rf"^[0-9]{{{CODE_DIGITS}}}$")]


def _served(province: Province) -> Province:
    if province not in SOUSS_MASSA:
        raise ValueError("caterers serve, and meals are held in, the six provinces of Souss-Massa")
    return province


# A province of Souss-Massa: the vocabulary of service areas and of meals, narrower than the
# whole map of Morocco that products tenders are delivered to.
ServedProvince = Annotated[
    Province,
    Field(strict=False),
    AfterValidator(_served),
    WithJsonSchema({"type": "string", "enum": [p.value for p in SOUSS_MASSA]}),
]


def wire_quantity(value: object) -> object:
    """Quantities may come as numbers, 2.5 kg as well as 200 boxes, or as decimal strings."""
    if isinstance(value, float):
        return Decimal(str(value))
    return wire_money(value)


def _amount_schema(minimum: int, places: int) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": rf"^[0-9]{{1,9}}(\.[0-9]{{1,{places}}})?$"},
                {"type": "number", "minimum": minimum, "maximum": 1_000_000},
            ]
        }
    )


# A price that may be nothing (delivery when the buyer collects): a decimal string, as money.
Price = Annotated[
    Decimal,
    BeforeValidator(wire_money),
    Field(ge=0, le=Decimal("100000000"), decimal_places=2, allow_inf_nan=False),
    _money_schema(0, "250.00"),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(wire_quantity),
    Field(gt=0, le=Decimal("1000000"), decimal_places=3, allow_inf_nan=False),
    _amount_schema(0, 3),
]
# a joint bid's member's part of an item: it may supply none of one item of the lot
SharedQuantity = Annotated[
    Decimal,
    BeforeValidator(wire_quantity),
    Field(ge=0, le=Decimal("1000000"), decimal_places=3, allow_inf_nan=False),
    _amount_schema(0, 3),
]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=64)]
