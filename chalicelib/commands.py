"""Commands: what a client may send, validated by pydantic before any service runs.

The JSON API and the pages parse into the same models, so a rule (a phone format, a guest
limit) is written once. Values leave here already normalised (E.164 phones, lower-case e-mails,
``Decimal`` money).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from chalicelib.domain.alerts import Channel
from chalicelib.domain.catalog import Category, Dietary, EventType, Language, Province, ServiceStyle
from chalicelib.domain.codes import CODE_DIGITS
from chalicelib.domain.contract import MilestoneKind, PaymentMethod
from chalicelib.domain.errors import NotFound
from chalicelib.domain.profile import CatererKind
from chalicelib.domain.ranking import MAX_QUALITY_WEIGHT, AwardCriteria
from chalicelib.domain.tender import DEFAULT_DEPOSIT_PERCENT, MAX_DEPOSIT_PERCENT, BidMode

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


Moment = Annotated[AwareDatetime, Field(strict=False), AfterValidator(_to_utc)]
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
Money = Annotated[
    Decimal,
    Field(gt=0, le=Decimal("100000000"), decimal_places=2, allow_inf_nan=False),
    # what clients send (see _wire_money), for /api/openapi.json: never a float
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[0-9]{1,9}(\.[0-9]{1,2})?$"},
                {"type": "integer", "minimum": 1, "maximum": 100000000},
            ],
            "examples": ["12500.00"],
        }
    ),
]


class Command(BaseModel):
    """Strict about shape: unknown fields are refused, strings are not coerced to numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


NEW_PASSWORD_LENGTH = 10  # and not guessable (``services/accounts.check_new_password``)


class SignUp(Command):
    role: Literal["organizer", "caterer"]
    name: Text
    email: EmailStr = Field(max_length=254)
    phone: Phone
    password: Annotated[str, StringConstraints(min_length=NEW_PASSWORD_LENGTH, max_length=128)]
    language: Language = Field(default=Language.FR, strict=False)
    business_name: Text | None = None
    provinces: list[Annotated[Province, Field(strict=False)]] = Field(
        default_factory=list, max_length=6
    )
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


OneTimeCode = Annotated[str, StringConstraints(pattern=rf"^[0-9]{{{CODE_DIGITS}}}$")]


class ConfirmReset(Command):
    """The code sent to that e-mail or phone, and the new password."""

    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    code: OneTimeCode
    new: Annotated[str, StringConstraints(min_length=NEW_PASSWORD_LENGTH, max_length=128)]


PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MONEY_FORMAT = 'send amounts as decimal strings, e.g. "12500.00"'


def _wire_money(value: object) -> object:
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


class _MoneyMixin(Command):
    @field_validator(
        "amount_mad", "budget_max_mad", "min_decrement_mad", mode="before", check_fields=False
    )
    @classmethod
    def _money(cls, value: object) -> object:
        return _wire_money(value)


class PostTender(_MoneyMixin):
    title: Text
    event_type: Annotated[EventType, Field(strict=False)]
    event_date: Annotated[date, Field(strict=False)]
    province: Annotated[Province, Field(strict=False)]
    venue: Text
    guests: Annotated[int, Field(ge=1, le=100_000)]
    menu: list[Text] = Field(default_factory=list, max_length=50)
    dietary: list[Annotated[Dietary, Field(strict=False)]] = Field(
        default_factory=lambda: [Dietary.HALAL], max_length=len(Dietary)
    )
    service_style: Annotated[ServiceStyle, Field(strict=False)] = ServiceStyle.BUFFET
    budget_max_mad: Money | None = None
    mode: Annotated[BidMode, Field(strict=False)] = BidMode.SEALED
    bid_deadline: Moment
    min_decrement_mad: Money | None = None
    award_criteria: Annotated[AwardCriteria, Field(strict=False)] = AwardCriteria.PRICE
    quality_weight: Annotated[
        Decimal, Field(ge=0, le=MAX_QUALITY_WEIGHT, decimal_places=2, strict=False)
    ] = Decimal(0)
    min_bids: Annotated[int, Field(ge=1, le=5)] = 1
    deposit_percent: Annotated[int, Field(ge=0, le=MAX_DEPOSIT_PERCENT)] = DEFAULT_DEPOSIT_PERCENT
    questions_deadline: Moment | None = None
    categories: list[Annotated[Category, Field(strict=False)]] = Field(
        default_factory=list, max_length=len(Category)
    )

    @field_validator("quality_weight", mode="before")
    @classmethod
    def _weight(cls, value: object) -> object:
        return _wire_money(value)


class AskQuestion(Command):
    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=2000),
        AfterValidator(printable),
    ]


class Answer(AskQuestion):
    pass


class ExtendDeadline(Command):
    bid_deadline: Moment


class GiveReason(Command):
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=1000),
        AfterValidator(printable),
    ]


class RecordPayment(Command):
    method: Annotated[PaymentMethod, Field(strict=False)]


class EnterDeliveryCode(Command):
    code: OneTimeCode


class DisputesQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None


class DecideDispute(Command):
    decision: Literal["upheld", "dismissed"]
    note: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=1000),
        AfterValidator(printable),
    ]


def milestone_kind(text: str) -> MilestoneKind:
    """A milestone named in a path (``deposit`` or ``balance``); no other exists."""
    try:
        return MilestoneKind(text)
    except ValueError as error:
        raise NotFound("no such milestone") from error


class PlaceBid(_MoneyMixin):
    amount_mad: Money
    proposal: LongText = ""


ListStatus = Literal[
    "draft", "open", "closed", "awarded", "contracted", "completed", "unsuccessful", "cancelled"
]


class TenderQuery(Command):
    """Query strings are text: here, unlike JSON bodies, "5" may stand for 5."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    province: Province | None = None
    status: ListStatus | None = None
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class InboxQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None


class LanguageQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    lang: Language = Language.FR


# --- the caterers' space --------------------------------------------------------


class GrantExemption(Command):
    reason: Text
    programme: Text


class SampleMenuIn(Command):
    name: Text
    price_per_guest_mad: Money
    dishes: list[Text] = Field(default_factory=list, max_length=30)

    @field_validator("price_per_guest_mad", mode="before")
    @classmethod
    def _money(cls, value: object) -> object:
        return _wire_money(value)


class UpdateMe(Command):
    """``PATCH /api/me``: only the fields sent change; caterer-only fields are refused for
    other accounts. Contact details (e-mail, phone) are not edited here."""

    name: Text | None = None
    language: Annotated[Language, Field(strict=False)] | None = None
    business_name: Text | None = None
    provinces: list[Annotated[Province, Field(strict=False)]] | None = Field(
        default=None, max_length=6
    )
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


class PostReview(Command):
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(printable)
    ] = ""


class ReplyToReview(Command):
    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
        AfterValidator(printable),
    ]


class ReviewsQuery(Command):
    """``GET /api/caterers/{id}?cursor=``: the next page of the caterer's reviews."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None


class AddPhoto(Command):
    """``POST /api/me/photos``: a photo the caterer uploaded with its presigned POST."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class FeesQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100


# --- verification and uploads ---------------------------------------------------


class RequestUpload(Command):
    """``POST /api/me/uploads``: a presigned POST for one file (the purpose bounds type and
    size)."""

    purpose: Literal["photo", "document"]
    content_type: Annotated[str, StringConstraints(min_length=1, max_length=100)]


BusinessNumberText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)
]


class SubmitVerification(Command):
    """``POST /api/me/verification``: the ICE or the cooperative number, and the document."""

    ice: BusinessNumberText | None = None
    cooperative_number: BusinessNumberText | None = None
    document_key: Annotated[str, StringConstraints(min_length=1, max_length=500)]


Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(printable)
]


class DecideVerification(Command):
    """``POST /api/caterers/{id}/verification``: no body approves; a rejection says why."""

    decision: Literal["approve", "reject"] = "approve"
    reason: Reason | None = None


# --- tender alerts ----------------------------------------------------------------


class AlertPreferencesIn(Command):
    """``PUT /api/me/alerts``: how a caterer hears of matching tenders (the inbox always)."""

    channel: Annotated[Channel, Field(strict=False)]
    digest: bool = False
