"""From what people type in the pages' forms to the same commands the JSON API takes (the
sentences for what is refused are ``refusals.py``).

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
    MoveShipment,
    NoticeSettingsIn,
    PlaceBid,
    PostTender,
    ProposeJointBid,
    RecordPayment,
    RequestReset,
    SignUp,
    WriteMessage,
)
from chalicelib.commands.fields import normalise_login
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.refusals import (
    AMBIGUOUS,
    MOMENT,
    NO_SUCH_PARTNER,
    REQUIRED,
    Translate,
    explain_validation,
)

M = TypeVar("M", bound=BaseModel)
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
    data["business_name"] = form.one("business_name") or None
    if role == "organizer":
        data["organizer_kind"] = form.one("organizer_kind") or None
    if role == "caterer":
        data |= {
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


LOT_ROWS, ITEM_ROWS = 2, 2  # the page's order form: 2 lots of 2 items (the API takes more)


def _decimal_text(text: str) -> str:
    return western_digits(text).strip().replace(",", ".")


def _lots(form: Form) -> list[dict[str, Any]]:
    """The order form's filled lot rows: a lot with a title or an item, items with a name."""
    found = []
    for n in range(1, LOT_ROWS + 1):
        items = [
            {
                "name": form.one(f"lot{n}_item{m}_name"),
                "quantity": _decimal_text(form.one(f"lot{n}_item{m}_quantity")),
                "unit": form.one(f"lot{n}_item{m}_unit"),
            }
            for m in range(1, ITEM_ROWS + 1)
            if form.one(f"lot{n}_item{m}_name").strip()
        ]
        title = form.one(f"lot{n}_title").strip()
        if title or items:
            found.append({"title": title or (items[0]["name"] if items else ""), "items": items})
    return found


def post_tender(form: Form, t: Translate) -> PostTender:
    guests_text = western_digits(form.one("guests")).strip()
    products = form.one("event_type") == "regional_products"  # its meal-only fields are hidden
    open_mode = form.one("mode") == "open"
    deadline = _moment(form.one("deadline_date"), form.one("deadline_time"))
    data: dict[str, Any] = {
        "title": form.one("title"),
        "event_type": form.one("event_type"),
        "event_date": western_digits(form.one("event_date")).strip(),
        "province": form.one("province"),
        "venue": form.one("venue"),
        "guests": "" if products else int(guests_text) if guests_text.isdigit() else guests_text,
        "menu": "" if products else lines(form.one("menu")),
        "dietary": "" if products else form.many("dietary"),
        "service_style": form.one("service_style"),
        "mode": form.one("mode"),
        "bid_deadline": deadline,
        "categories": form.many("categories"),
        "lots": _lots(form) if products else "",
        "delivery_region": form.one("delivery_region") if products else "",
    }
    if products and data["delivery_region"] not in ("", "souss-massa"):
        data["province"] = ""  # the page's province list is Souss-Massa's
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


def lot_items(form: Form) -> int:
    """How many items the bid form's lot has (its hidden field; the bid's parse checks it)."""
    sent = form.one("lot_items").strip()
    return min(int(sent), 20) if sent.isdigit() else 0


def place_bid(form: Form, t: Translate, items: int = 0) -> PlaceBid:
    """A bid; on a products lot (``items`` of them) also its unit prices and delivery."""
    return _validate(PlaceBid, _bid_data(form, t, items), t)


SHARE_ROWS = 3  # the page's joint bid: the lead's share and two partners' (the API takes 5)


def propose_joint_bid(
    form: Form, t: Translate, items: int, lead_id: str, member: Callable[[str], str | None]
) -> ProposeJointBid:
    """The joint bid form: the bid's fields, then a row per member (the lead's own first),
    each partner named by its phone or e-mail (``member`` finds its account)."""
    data = _bid_data(form, t, items)
    shares, problems = [], {}
    for n in range(1, SHARE_ROWS + 1):
        login = form.one(f"share{n}_login").strip()
        if n > 1 and not login and not form.one(f"share{n}_amount").strip():
            continue
        caterer_id = lead_id if n == 1 else member(normalise_login(login)) if login else None
        if caterer_id is None:
            problems[f"share{n}_login"] = t(NO_SUCH_PARTNER)
            continue
        quantities = [
            _decimal_text(form.one(f"share{n}_quantity{m}")) or "0" for m in range(1, items + 1)
        ]
        try:
            amount = amount_of(form, f"share{n}_amount", t)
        except Invalid as invalid:
            problems |= invalid.fields
            continue
        shares.append({"caterer_id": caterer_id, "amount_mad": amount, "quantities": quantities})
    if problems:
        raise Invalid(problems)
    return _validate(ProposeJointBid, data | {"shares": shares}, t)


def _bid_data(form: Form, t: Translate, items: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "amount_mad": amount_of(form, "amount_mad", t),
        "proposal": form.one("proposal"),
    }
    if items:
        prices = [amount_of(form, f"unit_price_{m}", t) for m in range(1, items + 1)]
        if any(prices):
            data["unit_prices_mad"] = prices
        mode = form.one("delivery_mode")
        if mode:
            price = amount_of(form, "delivery_price_mad", t) or "0"
            lead = western_digits(form.one("lead_days")).strip() or "0"
            data["delivery"] = {
                "mode": mode,
                "price_mad": price,
                "lead_days": int(lead) if lead.isdigit() else lead,
            }
    return data


# --- the tender page's other forms: each field named for its form, so messages land there ----


def renamed(model: type[M], data: dict[str, Any], names: dict[str, str], t: Translate) -> M:
    """Validate ``data`` (the command's names) and report problems under the form's names."""
    for command_name, form_name in names.items():
        if not str(data.get(command_name, "")).strip():
            raise Invalid({form_name: t(REQUIRED)})
    try:
        return _validate(model, data, t)
    except Invalid as invalid:
        raise Invalid({names.get(k, k): v for k, v in invalid.fields.items()}) from invalid


def ask_question(form: Form, t: Translate) -> AskQuestion:
    return renamed(AskQuestion, {"text": form.one("question")}, {"text": "question"}, t)


def answer(form: Form, question_id: str, t: Translate) -> Answer:
    """Each unanswered question has its own answer form: its message goes next to it."""
    return renamed(Answer, {"text": form.one("answer")}, {"text": f"answer-{question_id}"}, t)


def give_reason(form: Form, name: str, t: Translate) -> GiveReason:
    return renamed(GiveReason, {"reason": form.one(name)}, {"reason": name}, t)


def extend_deadline(form: Form, t: Translate) -> ExtendDeadline:
    moment = _moment(form.one("new_deadline_date"), form.one("new_deadline_time"))
    if moment is None:
        raise Invalid({"new_deadline": t(MOMENT)})
    return renamed(ExtendDeadline, {"bid_deadline": moment}, {"bid_deadline": "new_deadline"}, t)


def record_payment(form: Form, t: Translate) -> RecordPayment:
    return renamed(RecordPayment, {"method": form.one("method")}, {"method": "method"}, t)


def move_shipment(form: Form, t: Translate) -> MoveShipment:
    return renamed(MoveShipment, {"status": form.one("status")}, {"status": "shipment"}, t)


def decide_dispute(form: Form, t: Translate) -> DecideDispute:
    values = {"decision": form.one("decision"), "note": form.one("note")}
    return renamed(DecideDispute, values, {"decision": "decision", "note": "note"}, t)


def delivery_code(form: Form, t: Translate) -> EnterDeliveryCode:
    """Six digits, in any of the digits a phone's keyboard types, spaces allowed."""
    code = SPACES.sub("", western_digits(form.one("code")))
    return renamed(EnterDeliveryCode, {"code": code}, {"code": "code"}, t)


def write_message(form: Form, caterer_id: str | None, t: Translate) -> WriteMessage:
    data = {"text": form.one("text"), "caterer_id": caterer_id}
    return renamed(WriteMessage, data, {"text": "text"}, t)


NOTICE_SWITCHES = ("sms", "email", "quiet_hours")


def notice_settings(form: Form) -> NoticeSettingsIn:
    """Ticked is on; a switch left unticked is off (a browser sends nothing for it)."""
    return NoticeSettingsIn(**{name: form.one(name) == "yes" for name in NOTICE_SWITCHES})
