"""What an account says of itself: the profile, a caterer's sample menus and photos."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    field_validator,
)

from chalicelib.commands.fields import (
    Command,
    Money,
    ServedProvince,
    Text,
    printable,
    wire_money,
)
from chalicelib.domain.catalog import Category, Dietary, Language
from chalicelib.domain.profile import CatererKind


class SampleMenuIn(Command):
    name: Text
    price_per_guest_mad: Money
    dishes: list[Text] = Field(default_factory=list, max_length=30)

    @field_validator("price_per_guest_mad", mode="before")
    @classmethod
    def _money(cls, value: object) -> object:
        return wire_money(value)


class UpdateMe(Command):
    """``PATCH /api/me``: only the fields sent change; caterer-only fields are refused for
    other accounts. Contact details (e-mail, phone) are not edited here."""

    name: Text | None = None
    language: Annotated[Language, Field(strict=False)] | None = None
    business_name: Text | None = None
    provinces: list[ServedProvince] | None = Field(default=None, max_length=6)
    categories: list[Annotated[Category, Field(strict=False)]] | None = Field(
        default=None, max_length=10
    )
    kind: Annotated[CatererKind, Field(strict=False)] | None = None
    specialities: list[Text] | None = Field(default=None, max_length=20)
    capacity: Annotated[int, Field(ge=1, le=10000)] | None = None
    dietary: list[Annotated[Dietary, Field(strict=False)]] | None = Field(
        default=None, max_length=7
    )
    menus: list[SampleMenuIn] | None = Field(default=None, max_length=5)
    women_led: bool | None = None
    about: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=2000),
            AfterValidator(printable),
        ]
        | None
    ) = None


class AddPhoto(Command):
    """``POST /api/me/photos``: a photo the caterer uploaded with its presigned POST."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=500)]
