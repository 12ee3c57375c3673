"""Errors the domain raises; entry points map each kind to an HTTP status and the contract's code.

Why kinds and not status codes: the domain must not know about HTTP, but every refusal has to
reach the user as the right 4xx, so each error says *what kind* of refusal it is.
"""

from __future__ import annotations

from datetime import timedelta


class DomainError(Exception):
    """Base of every refusal the product makes on purpose (never a bug).

    ``message`` and ``fields`` are English for API clients; ``reason`` (and ``field_reasons``,
    per field) are stable codes that entry points choose their own words by, never the text.
    """

    def __init__(
        self,
        message: str,
        fields: dict[str, str] | None = None,
        *,
        reason: str = "",
        field_reasons: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.reason = reason
        self.field_reasons = field_reasons or {}


# Reasons the pages explain in their own words (``DomainError.reason`` / ``field_reasons``).
ACCOUNT_EXISTS = "account_exists"
PRODUCTS_NEEDED = "products_needed"
MEALS_IN_SOUSS_MASSA = "meals_in_souss_massa"
EXTEND_LATER = "extend_later"
EXTEND_BY_A_DAY = "extend_by_a_day"
OVER_BUDGET = "over_budget"
WRONG_CODE = "wrong_code"
EXPIRED_CODE = "expired_code"
WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason code, not a password
GUESSABLE_PASSWORD = "guessable_password"  # noqa: S105 - a reason code, not a password


class InvalidInput(DomainError):
    """The request is well-formed but its values break a rule (422)."""


class Unauthorized(DomainError):
    """No valid credentials (401)."""


class Forbidden(DomainError):
    """Authenticated, but this account may not do this (403)."""


class NotFound(DomainError):
    """The thing does not exist, or is not visible to this account (404)."""


class Conflict(DomainError):
    """The current state forbids it: deadline passed, bid not low enough, duplicate (409)."""


class PayloadTooLarge(DomainError):
    """The body is larger than the stage allows (413)."""


class RateLimited(DomainError):
    """Too many attempts in a short time (429); ``retry_after`` says when to try again."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after
