"""From what people type in the pages' forms to the same commands the JSON API takes, and from
every refusal back to a sentence next to the field, in the visitor's language.

People type amounts as ``12 500,50`` or with Arabic-Indic digits, pick dates and times in
Moroccan time, and list dishes one per line: this module turns that into the API's wire form
(``"12500.50"``, ISO moments, lists) and lets the commands in ``commands/`` judge it, so a
rule is written once for both doors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib import i18n
from chalicelib.commands import (
    Answer,
    AskQuestion,
    ChangePassword,
    ConfirmReset,
    DecideDispute,
    EnterDeliveryCode,
    ExtendDeadline,
    GiveReason,
    LogIn,
    PlaceBid,
    PostTender,
    RecordPayment,
    RequestReset,
    SignUp,
)
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import (
    ACCOUNT_EXISTS,
    EXPIRED_CODE,
    EXTEND_BY_A_DAY,
    GUESSABLE_PASSWORD,
    PRODUCTS_NEEDED,
    WRONG_CODE,
    WRONG_PASSWORD,
    DomainError,
    InvalidInput,
    RateLimited,
    Unauthorized,
)
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.web import Visit
from chalicelib.i18n import N_

M = TypeVar("M", bound=BaseModel)
Translate = Callable[..., str]
GENERAL = "_form"  # errors that belong to no one field

REQUIRED = N_("Please fill in this field.")
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
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
ONLY_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
AMOUNT_TEXT = re.compile(r"[0-9]+([.,٫٬][0-9]+)*")
ARABIC_DECIMAL, ARABIC_THOUSANDS = "٫", "٬"


class Invalid(Exception):
    """The form cannot become a command: messages per field, already in the visitor's language."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def western_digits(text: str) -> str:
    return text.translate(DIGITS)


class AmbiguousAmount(ValueError):
    """Typed so that it reads as two different amounts: refused, never guessed."""


def plain_amount(text: str) -> str:
    """An amount as people type it, as the API's text: ``12 500``, ``12500,5``, ``١٢٥٠٠``,
    ``۷۸۵۰۰٫۵۰``, ``1.250.000`` → ``12500``, ``12500.5``… Digits in Latin or Arabic-Indic;
    one decimal mark (``.``, ``,`` or ``٫``); thousands grouped by spaces, by ``٬`` or by one
    repeated mark. ``AmbiguousAmount`` for what reads two ways: one ``.`` or ``,`` followed by
    three digits (``12.500``, ``0,001``) or two different marks (``12.500,50``). Anything else
    comes back unchanged, for the command to refuse as the API does."""
    compact = SPACES.sub("", text.translate(ONLY_DIGITS)).upper()
    for unit in ("MAD", "DHS", "DH", "د.م."):
        compact = compact.removesuffix(unit)
    if not AMOUNT_TEXT.fullmatch(compact):
        return text.strip()
    if ARABIC_THOUSANDS in compact:
        if not re.fullmatch(r"[0-9]{1,3}(٬[0-9]{3})+([.,٫][0-9]+)?", compact):
            return text.strip()
        compact = compact.replace(ARABIC_THOUSANDS, "")
    marks = {c for c in compact if c in ".,٫"}
    if not marks:
        return compact
    if len(marks) > 1:
        raise AmbiguousAmount(text)
    (mark,) = marks
    whole, *rest = compact.split(mark)
    if len(rest) > 1:  # the mark repeated: it groups thousands
        grouped = mark != ARABIC_DECIMAL and all(len(g) == 3 for g in rest) and len(whole) <= 3
        return whole + "".join(rest) if grouped else text.strip()
    if len(rest[0]) == 3 and mark != ARABIC_DECIMAL:
        raise AmbiguousAmount(text)
    return f"{whole}.{rest[0]}"


def amount_of(form: Form, name: str, t: Translate) -> str:
    """The form's amount field as the API's text; an ambiguous one is refused on that field."""
    try:
        return plain_amount(form.one(name))
    except AmbiguousAmount as error:
        raise Invalid({name: t(AMBIGUOUS)}) from error


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _validate(model: type[M], data: dict[str, Any], t: Translate) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid(explain_validation(error, t)) from error


def explain_validation(error: ValidationError, t: Translate) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in error.errors():
        location = problem["loc"]
        name = str(location[0]) if location else GENERAL
        fields.setdefault(name, _sentence(name, problem["type"], problem.get("ctx") or {}, t))
    return fields


def _sentence(name: str, kind: str, ctx: dict[str, Any], t: Translate) -> str:
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


# --- the forms -----------------------------------------------------------------------------


def sign_up(form: Form, t: Translate) -> SignUp:
    role = form.one("role")
    data: dict[str, Any] = {
        "role": role,
        "name": form.one("name"),
        "email": form.one("email").strip(),
        "phone": western_digits(form.one("phone")),
        "password": form.one("password"),
        "language": form.one("language") or None,
    }
    if role == "caterer":
        data |= {
            "business_name": form.one("business_name") or None,
            "provinces": form.many("provinces"),
            "categories": form.many("categories"),
        }
    return _validate(SignUp, {k: v for k, v in data.items() if v is not None}, t)


def request_reset(form: Form, t: Translate) -> RequestReset:
    return _validate(RequestReset, {"login": western_digits(form.one("login"))}, t)


def confirm_reset(form: Form, t: Translate) -> ConfirmReset:
    data = {
        "login": western_digits(form.one("login")),
        "code": western_digits(form.one("code")).strip(),
        "new": form.one("new"),
    }
    return _validate(ConfirmReset, data, t)


def change_password(form: Form, t: Translate) -> ChangePassword:
    return _validate(ChangePassword, {"current": form.one("current"), "new": form.one("new")}, t)


def log_in(form: Form, t: Translate) -> LogIn:
    return _validate(
        LogIn, {"login": western_digits(form.one("login")), "password": form.one("password")}, t
    )


def _moment(day_text: str, time_text: str) -> str | None:
    """A date and a time picked in Moroccan time, as an ISO moment with its offset."""
    from babel.dates import get_timezone

    try:
        day = date.fromisoformat(western_digits(day_text).strip())
        hour = time.fromisoformat(western_digits(time_text).strip() or "")
    except ValueError:
        return None
    return datetime.combine(day, hour, tzinfo=get_timezone(i18n.ZONE)).isoformat()


def post_tender(form: Form, t: Translate) -> PostTender:
    guests_text = western_digits(form.one("guests")).strip()
    open_mode = form.one("mode") == "open"
    deadline = _moment(form.one("deadline_date"), form.one("deadline_time"))
    data: dict[str, Any] = {
        "title": form.one("title"),
        "event_type": form.one("event_type"),
        "event_date": western_digits(form.one("event_date")).strip(),
        "province": form.one("province"),
        "venue": form.one("venue"),
        "guests": int(guests_text) if guests_text.isdigit() else guests_text,
        "menu": lines(form.one("menu")),
        "dietary": form.many("dietary"),
        "service_style": form.one("service_style"),
        "mode": form.one("mode"),
        "bid_deadline": deadline,
        "categories": form.many("categories"),
    }
    problems: dict[str, str] = {}
    amounts = ["budget_max_mad"] + (["min_decrement_mad"] if open_mode else [])
    for name in amounts:  # the step is hidden for sealed tenders: ignore what it kept
        try:
            data[name] = amount_of(form, name, t) if form.one(name).strip() else ""
        except Invalid as invalid:
            problems |= invalid.fields
    data["award_criteria"] = form.one("award_criteria") or "price"
    weight = western_digits(form.one("quality_weight")).strip().replace(",", ".")
    if data["award_criteria"] == "best_value" and weight:  # hidden for price tenders
        data["quality_weight"] = weight
    least = western_digits(form.one("min_bids")).strip()
    if least:
        data["min_bids"] = int(least) if least.isdigit() else least
    deposit = western_digits(form.one("deposit_percent")).strip().removesuffix("%").strip()
    if deposit:
        data["deposit_percent"] = int(deposit) if deposit.isdigit() else deposit
    if deadline is None:
        problems["bid_deadline"] = t(MOMENT)
        data["bid_deadline"] = "1970-01-01T00:00:00+00:00"  # still validate the other fields
    if form.one("questions_date").strip() or form.one("questions_time").strip():
        questions = _moment(form.one("questions_date"), form.one("questions_time"))
        if questions is None:
            problems["questions_deadline"] = t(MOMENT)
        else:
            data["questions_deadline"] = questions
    try:
        command = _validate(PostTender, {k: v for k, v in data.items() if v != ""}, t)
    except Invalid as invalid:
        raise Invalid(problems | invalid.fields) from invalid
    if problems:
        raise Invalid(problems)
    return command


def place_bid(form: Form, t: Translate) -> PlaceBid:
    data = {"amount_mad": amount_of(form, "amount_mad", t), "proposal": form.one("proposal")}
    return _validate(PlaceBid, data, t)


# --- the tender page's other forms: each field named for its form, so messages land there ----


def _renamed(model: type[M], data: dict[str, Any], names: dict[str, str], t: Translate) -> M:
    """Validate ``data`` (the command's names) and report problems under the form's names."""
    for command_name, form_name in names.items():
        if not str(data.get(command_name, "")).strip():
            raise Invalid({form_name: t(REQUIRED)})
    try:
        return _validate(model, data, t)
    except Invalid as invalid:
        raise Invalid({names.get(k, k): v for k, v in invalid.fields.items()}) from invalid


def ask_question(form: Form, t: Translate) -> AskQuestion:
    return _renamed(AskQuestion, {"text": form.one("question")}, {"text": "question"}, t)


def answer(form: Form, question_id: str, t: Translate) -> Answer:
    """Each unanswered question has its own answer form: its message goes next to it."""
    return _renamed(Answer, {"text": form.one("answer")}, {"text": f"answer-{question_id}"}, t)


def give_reason(form: Form, name: str, t: Translate) -> GiveReason:
    return _renamed(GiveReason, {"reason": form.one(name)}, {"reason": name}, t)


def extend_deadline(form: Form, t: Translate) -> ExtendDeadline:
    moment = _moment(form.one("new_deadline_date"), form.one("new_deadline_time"))
    if moment is None:
        raise Invalid({"new_deadline": t(MOMENT)})
    return _renamed(ExtendDeadline, {"bid_deadline": moment}, {"bid_deadline": "new_deadline"}, t)


def record_payment(form: Form, t: Translate) -> RecordPayment:
    return _renamed(RecordPayment, {"method": form.one("method")}, {"method": "method"}, t)


def decide_dispute(form: Form, t: Translate) -> DecideDispute:
    values = {"decision": form.one("decision"), "note": form.one("note")}
    return _renamed(DecideDispute, values, {"decision": "decision", "note": "note"}, t)


def delivery_code(form: Form, t: Translate) -> EnterDeliveryCode:
    """Six digits, in any of the digits a phone's keyboard types, spaces allowed."""
    code = SPACES.sub("", western_digits(form.one("code")))
    return _renamed(EnterDeliveryCode, {"code": code}, {"code": "code"}, t)


def explain_extension(error: InvalidInput, t: Translate) -> dict[str, str]:
    """The deadline rule's two refusals (later only; in the last 24 h, by 24 h at least)."""
    late = error.field_reasons.get("bid_deadline") == EXTEND_BY_A_DAY
    return {"new_deadline": t(EXTEND_DAY if late else EXTEND_LATER)}
