"""Every refusal as the sentence a visitor reads next to the field it concerns, in their
language: pydantic's problems by kind and field (``explain_validation``), the services'
refusals by their reason codes (``explain_refusal``). The pages only; the API answers codes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from chalicelib import i18n
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import (
    ACCOUNT_EXISTS,
    EXPIRED_CODE,
    EXTEND_BY_A_DAY,
    GUESSABLE_PASSWORD,
    MEALS_IN_SOUSS_MASSA,
    PRODUCTS_NEEDED,
    WRONG_CODE,
    WRONG_PASSWORD,
    DomainError,
    InvalidInput,
    RateLimited,
    Unauthorized,
)
from chalicelib.entrypoints.web import Visit
from chalicelib.i18n import N_

Translate = Callable[..., str]
GENERAL = "_form"  # errors that belong to no one field

REQUIRED = N_("Please fill in this field.")
NO_SUCH_PARTNER = N_("No verified caterer has this phone or e-mail on Walima.")
TOO_SHORT = N_("Use at least %(count)s characters.")
GUESSABLE = N_(
    "This password is too easy to guess. Use a few words that do not go together, or a "
    "longer password; avoid your name, phone and common words."
)
TOO_LONG = N_("Please shorten this to at most %(count)s characters.")
TOO_MANY = N_("Please choose at most %(count)s.")
CHOOSE = N_("Please choose one of the options.")
CHOOSE_SOME = N_("Please choose at least one.")
ONE_LINE = N_("Please write this on one line, without special characters.")
CHECK = N_("Please check this field.")
EMAIL = N_("Please enter a valid e-mail address, like name@example.ma.")
PHONE = N_("Please enter a valid phone number, like 0612345678.")
AMOUNT = N_("Please enter an amount in dirhams, like 12500 or 12500.50.")
AMBIGUOUS = N_(
    "This amount can be read two ways. Write it without a thousands separator and with at "
    "most two decimals, like 12500 or 12500,50."
)
GUESTS = N_("Please enter a whole number of guests, from 1 to 100,000.")
DAY = N_("Please choose a date.")
MOMENT = N_("Please choose a date and a time.")
DEADLINE_SOON = N_("The deadline must leave at least %(duration)s for bidding.")
EVENT_EARLY = N_("The event cannot be before the bidding deadline.")
ONLY_OPEN = N_("Only open auctions have a minimum step.")
CATERERS_ONLY = N_("Caterers must fill this in.")
WHICH_PRODUCTS = N_("Please choose the products you ask for.")
ACCOUNT_TAKEN = N_("An account with this e-mail or phone number already exists.")
WRONG_LOGIN = N_("Wrong login or password.")
SLOW_DOWN = N_("Too many attempts. Please wait %(duration)s, then try again.")
FIX_BELOW = N_("Please correct the fields marked below.")
QUALITY = N_("Please enter a weight from 0 to 0.4, like 0.2.")
PRICE_ONLY = N_("Only best-value tenders weigh quality.")
MIN_BIDS = N_("Please enter a whole number from 1 to 5.")
QUESTIONS_WHEN = N_("Questions must close after now and no later than the bidding deadline.")
EXTEND_LATER = N_("Please choose a time after the current deadline.")
EXTEND_DAY = N_("In the last 24 hours, extend the deadline by at least 24 hours.")
DEPOSIT = N_("Please enter a whole percentage from 0 to 50, like 30.")
CODE = N_("Please enter the 6 digits the organizer gives you at the event.")

TEXT_FIELDS = {"name", "business_name", "title", "venue", "menu", "proposal"}
CHOICE_FIELDS = {
    "role",
    "decision",
    "language",
    "event_type",
    "province",
    "service_style",
    "mode",
    "award_criteria",
    "method",
}
MANY_FIELDS = {"provinces", "categories", "dietary"}
AMOUNT_FIELDS = {"amount_mad", "budget_max_mad", "min_decrement_mad"}
HINTS = {
    "delivery_region": N_(
        "Choose the region the products go to; a Souss-Massa province goes with Souss-Massa."
    ),
    "lots": N_("Give each lot at least one item with its quantity, e.g. 200, and its unit."),
    "unit_prices_mad": N_(
        "Give a price for each item, or none: with the delivery they add up to your price."
    ),
    "delivery": N_("Choose how the goods travel; the delivery price is part of your price."),
    "shares": N_(
        "The shares must add up to the bid: the amounts to your price, the quantities to each"
        " item's; each partner a verified caterer with no bid of its own on this lot."
    ),
    "email": EMAIL,
    "phone": PHONE,
    "guests": GUESTS,
    "event_date": DAY,
    "bid_deadline": MOMENT,
    "questions_deadline": MOMENT,
    "quality_weight": QUALITY,
    "min_bids": MIN_BIDS,
    "deposit_percent": DEPOSIT,
    "code": CODE,
    **dict.fromkeys(AMOUNT_FIELDS, AMOUNT),
}

# Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic decimal and thousands signs.


def explain_validation(error: ValidationError, t: Translate) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in error.errors():
        location = problem["loc"]
        name = str(location[0]) if location else GENERAL
        fields.setdefault(name, sentence(name, problem["type"], problem.get("ctx") or {}, t))
    return fields


def sentence(name: str, kind: str, ctx: dict[str, Any], t: Translate) -> str:
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        if name in CHOICE_FIELDS:
            return t(CHOOSE)
        if name in ("event_date", "bid_deadline", "questions_deadline"):
            return t(HINTS[name])
        return t(CHOOSE_SOME if name in MANY_FIELDS else REQUIRED)
    if kind == "string_too_short":
        return t(TOO_SHORT, count=ctx.get("min_length", 1))
    if kind == "string_too_long":
        return t(TOO_LONG, count=ctx.get("max_length", 200))
    if kind == "too_long" and name in MANY_FIELDS | {"menu"}:
        return t(TOO_MANY, count=ctx.get("max_length", 1))
    if kind == "too_short" and name in MANY_FIELDS:
        return t(CHOOSE_SOME)
    if name in HINTS:
        return t(HINTS[name])
    if name in CHOICE_FIELDS | MANY_FIELDS:
        return t(CHOOSE)
    if name in TEXT_FIELDS:
        return t(ONE_LINE)
    return t(CHECK)


def explain(visit: Visit, error: DomainError) -> dict[str, str]:
    """A service's refusal as field messages in the visitor's language."""
    window = visit.deps.settings.minimum_bidding_window
    return explain_refusal(error, visit.t, visit.language, window)


FIELD_REASONS = {
    PRODUCTS_NEEDED: WHICH_PRODUCTS,
    MEALS_IN_SOUSS_MASSA: N_(
        "Meals are held in one of the six provinces of Souss-Massa; regional products may be "
        "delivered anywhere in Morocco."
    ),
    GUESSABLE_PASSWORD: GUESSABLE,
    WRONG_CODE: N_("That is not the code we sent."),
    EXPIRED_CODE: N_("This code no longer works: ask for a new one."),
    WRONG_PASSWORD: N_("That is not your current password."),
}


def explain_refusal(
    error: DomainError, t: Translate, language: Language, minimum_window: Any = None
) -> dict[str, str]:
    """A service's refusal as field messages (the domain speaks English and codes)."""
    if isinstance(error, RateLimited):
        return {GENERAL: t(SLOW_DOWN, duration=i18n.duration(error.retry_after, language))}
    if isinstance(error, Unauthorized):
        return {GENERAL: t(WRONG_LOGIN)}
    if error.reason == ACCOUNT_EXISTS:
        return {"email": t(ACCOUNT_TAKEN)}
    fields: dict[str, str] = {}
    for name in error.fields if isinstance(error, InvalidInput) else ():
        reason = error.field_reasons.get(name)
        if reason in FIELD_REASONS:
            fields[name] = t(FIELD_REASONS[reason])
        elif name == "bid_deadline" and minimum_window is not None:
            fields[name] = t(DEADLINE_SOON, duration=i18n.duration(minimum_window, language))
        elif name == "event_date":
            fields[name] = t(EVENT_EARLY)
        elif name == "min_decrement_mad":
            fields[name] = t(ONLY_OPEN)
        elif name == "quality_weight":
            fields[name] = t(PRICE_ONLY)
        elif name == "questions_deadline":
            fields[name] = t(QUESTIONS_WHEN)
        elif name in ("business_name", "provinces", "categories"):
            fields[name] = t(CATERERS_ONLY)
        else:
            fields[name] = t(HINTS.get(name, CHECK))
    return fields or {GENERAL: t(CHECK)}


def explain_extension(error: InvalidInput, t: Translate) -> dict[str, str]:
    """The deadline rule's two refusals (later only; in the last 24 h, by 24 h at least)."""
    late = error.field_reasons.get("bid_deadline") == EXTEND_BY_A_DAY
    return {"new_deadline": t(EXTEND_DAY if late else EXTEND_LATER)}
