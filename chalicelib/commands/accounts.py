"""Signing up, logging in, and changing or resetting a password."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
)

from chalicelib.commands.fields import (
    Command,
    OneTimeCode,
    Phone,
    ServedProvince,
    Text,
)
from chalicelib.domain.account import OrganizerKind
from chalicelib.domain.catalog import Category, Language

NEW_PASSWORD_LENGTH = 10  # and not guessable (``services/accounts.check_new_password``)


class SignUp(Command):
    role: Literal["organizer", "caterer"]
    name: Text
    email: EmailStr = Field(max_length=254)
    phone: Phone
    password: Annotated[str, StringConstraints(min_length=NEW_PASSWORD_LENGTH, max_length=128)]
    language: Language = Field(default=Language.FR, strict=False)
    business_name: Text | None = None
    # organizers: individuals (families) stay private in the open data; organizations name
    # themselves in business_name
    organizer_kind: OrganizerKind = Field(default=OrganizerKind.INDIVIDUAL, strict=False)
    provinces: list[ServedProvince] = Field(default_factory=list, max_length=6)
    categories: list[Annotated[Category, Field(strict=False)]] = Field(
        default_factory=list, max_length=10
    )

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class LogIn(Command):
    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class ChangePassword(Command):
    """The current password, and the new one (at least 10 characters)."""

    current: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    new: Annotated[str, StringConstraints(min_length=NEW_PASSWORD_LENGTH, max_length=128)]


class RequestReset(Command):
    """The e-mail or phone of the account whose password is forgotten."""

    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]


class ConfirmReset(Command):
    """The code sent to that e-mail or phone, and the new password."""

    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    code: OneTimeCode
    new: Annotated[str, StringConstraints(min_length=NEW_PASSWORD_LENGTH, max_length=128)]
