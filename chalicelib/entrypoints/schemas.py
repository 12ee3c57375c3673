"""What the API answers, as pydantic models: the response half of ``/api/openapi.json``.

The request half is ``chalicelib/commands/`` (the models that validate bodies and queries);
this is the other. ``views.py`` builds the answers and the schemathesis suite checks every
answer it gets against these models, so a view that drifts from its schema fails the build.
Fields the contract lets appear only sometimes (``award``, ``closed_at``…) are optional here;
other properties are allowed, because the contract says "add freely".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain.account import Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.lifecycle import TenderStatus

Id = Annotated[str, Field(json_schema_extra={"format": "uuid"})]
Moment = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
        json_schema_extra={"format": "date-time"},
        description="UTC, milliseconds, e.g. 2026-12-01T17:00:00.000Z",
    ),
]
MoneyText = Annotated[
    str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", description='dirhams, e.g. "12500.00"')
]
Decimal = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class AccountOut(Out):
    """Never the password or its hash."""

    id: Id
    role: Role
    name: str
    email: str
    phone: str
    language: Language
    verified: bool
    created_at: Moment
    business_name: str | None = None
    provinces: list[str] | None = None
    categories: list[str] | None = None


class SessionOut(Out):
    token: str
    account: AccountOut


class PasswordChangedOut(Out):
    other_sessions_ended: int = Field(ge=0, description="the account's other sessions, now 401")


class ResetRequestedOut(Out):
    channel: Literal["sms", "email"] = Field(
        description="where the code goes if the login is an account's (the answer is the same"
        " whether it is or not)"
    )


class PasswordResetOut(Out):
    sessions_ended: int = Field(ge=0, description="every session of the account, now 401")


class InboxItemOut(Out):
    id: str
    kind: str
    tender_id: Id | None
    title: str
    body: str
    created_at: Moment
    read: bool


class InboxPage(Out):
    items: list[InboxItemOut]
    next: str | None


class AwardOut(Out):
    bid_id: Id
    caterer_id: Id
    amount_mad: MoneyText
    confirm_by: Moment | None = None


class TenderOut(Out):
    """Open mode shows ``best_amount_mad``; sealed mode shows no amount until close."""

    id: Id
    organizer_id: Id
    status: TenderStatus
    title: str
    event_type: str
    event_date: Annotated[str, Field(json_schema_extra={"format": "date"})]
    province: str
    venue: str
    guests: int
    menu: list[str]
    dietary: list[str]
    service_style: str
    budget_max_mad: MoneyText | None
    categories: list[str] | None = None
    mode: Literal["sealed", "open"]
    bid_deadline: Moment
    created_at: Moment
    bid_count: int
    server_time: Moment
    original_bid_deadline: Moment | None = None
    questions_deadline: Moment | None = None
    award_criteria: str | None = None
    quality_weight: Decimal | None = None
    min_bids: int | None = None
    deposit_percent: int | None = None
    organizer_late_cancellations: int | None = Field(
        default=None,
        description="contracts its organizer cancelled within 7 days of the event, "
        "in the 12 months before posting",
    )
    min_decrement_mad: MoneyText | None = None
    best_amount_mad: MoneyText | None = None
    my_bid_is_best: bool | None = None
    closed_at: Moment | None = None
    award: AwardOut | None = None
    cancel_reason: str | None = None
    cancelled_by: Literal["organizer", "caterer"] | None = Field(
        default=None, description="a cancelled contract: the party that cancelled it"
    )


class TenderPage(Out):
    items: list[TenderOut]
    next: str | None


class BidOut(Out):
    id: Id
    tender_id: Id
    caterer_id: Id
    amount_mad: MoneyText
    proposal: str
    submitted_at: Moment
    rank: int | None = None
    score: Decimal | None = None
    quality: Decimal | None = None


class BidPage(Out):
    items: list[BidOut]
    next: str | None


class WithdrawnOut(Out):
    withdrawn: BidOut


class QuestionOut(Out):
    """The asker is never shown."""

    id: Id
    tender_id: Id
    text: str
    asked_at: Moment
    answer: str | None
    answered_at: Moment | None


class QuestionPage(Out):
    items: list[QuestionOut]
    next: str | None


class RankingRules(Out):
    language: Language
    formula: str
    explanation: list[str]


class OpenApiDocument(Out):
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


class ErrorDetail(BaseModel):
    code: str = Field(pattern=r"^[a-z_]+$")
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(BaseModel):
    """Every 4xx: ``{"error": {"code", "message", "fields"?}}``."""

    error: ErrorDetail


# --- the caterers' space --------------------------------------------------------


class SampleMenuOut(Out):
    name: str
    price_per_guest_mad: MoneyText
    dishes: list[str]


class ReviewOut(Out):
    tender_id: Id
    caterer_id: Id
    stars: int = Field(ge=1, le=5)
    verified: bool = Field(
        description="the caterer entered the organizer's delivery code: the event took place"
    )
    comment: str
    created_at: Moment
    reply: str | None
    replied_at: Moment | None


class CatererProfileOut(Out):
    """Public: no e-mail, no phone."""

    id: Id
    business_name: str
    kind: str | None
    provinces: list[str]
    categories: list[str]
    specialities: list[str]
    capacity: int | None
    dietary: list[str]
    menus: list[SampleMenuOut]
    women_led: bool
    about: str
    badges: list[Literal["verified", "cooperative", "women-led", "fee-exempt"]]
    rating: Decimal | None
    reviews_count: int
    completed_events: int
    cancellations: int = Field(
        description="contracts cancelled within 7 days of the event or disputes upheld "
        "against the caterer, in the last 12 months"
    )
    reviews: list[ReviewOut]
    reviews_next: str | None = Field(description="cursor to the next page of reviews")
    photos: list[str] = Field(description="the photos' storage keys, in order")
    photo_urls: list[str] = Field(description="links to the photos, valid for a few minutes")


class MeOut(AccountOut):
    """One's own account; caterers also get their profile and its completeness (0–100)."""

    profile_completeness: int | None = Field(default=None, ge=0, le=100)
    profile_missing: list[str] | None = None
    photos: list[str] | None = Field(
        default=None, description="caterers: the photos' storage keys; DELETE by position"
    )


class ExemptionOut(Out):
    starts_at: Moment
    ends_at: Moment
    reason: str
    programme: str


class FeeEntryOut(Out):
    entry_id: Id
    caterer_id: Id
    tender_id: Id
    kind: Literal["fee", "reversal"]
    amount_mad: MoneyText
    rate: Decimal
    fee_mad: MoneyText
    exempt: bool
    created_at: Moment
    reverses: str | None = Field(default=None, description="the entry a reversal cancels")
    reason: str | None = Field(default=None, description="why a reversal was made")


class FeeLedgerOut(Out):
    items: list[FeeEntryOut]
    total_fee_mad: MoneyText
    next: str | None = None


class ContractPdf(Out):
    """``application/pdf``: the contract in the reader's language (Arabic right to left)."""


class FeeCsv(Out):
    """``text/csv``: created_at, caterer_id, business_name, tender_id, entry_id, kind,
    amount_mad, rate, fee_mad, exempt, reverses, reason; then a total line."""


# --- verification and uploads ---------------------------------------------------


class UploadOut(Out):
    """POST ``fields`` then the file (last) as multipart/form-data to ``url``, before
    ``expires_at``; S3 refuses another type or a larger file."""

    url: str
    fields: dict[str, str]
    key: str
    expires_at: Moment


class VerificationOut(Out):
    status: Literal["not_submitted", "pending", "approved", "rejected"]
    ice: str | None = None
    cooperative_number: str | None = None
    document_key: str | None = None
    submitted_at: Moment | None = None
    decided_at: Moment | None = None
    reason: str | None = Field(default=None, description="why it was rejected")


# --- tender alerts ----------------------------------------------------------------


class AlertPreferencesOut(Out):
    """How a caterer hears of matching tenders: SMS, e-mail or the inbox only (``none``),
    at once or in one digest a day at 08:00 (Morocco); never in 22:00–08:00."""

    channel: Literal["sms", "email", "none"]
    digest: bool


# --- onboarding and lessons -------------------------------------------------------


class LessonOut(Out):
    slug: str = Field(description="how-tenders-work, winning-proposal or pricing-per-guest")
    language: Language
    title: str
    minutes: int = Field(description="reading time")
    html: str = Field(description="the lesson rendered from Markdown; raw HTML escaped")


class LessonPage(Out):
    items: list[LessonOut]
    next: str | None = None


class OnboardingStepOut(Out):
    key: str = Field(description='"profile", "menu", "lesson:<slug>", "practice-bid"…')
    done: bool


class OnboardingOut(Out):
    steps: list[OnboardingStepOut]
    done: int
    total: int
    practice_tender_id: str  # where the practice bid goes (GET it, then bid as on any tender)


class MilestoneOut(Out):
    kind: Literal["deposit", "balance"]
    amount_mad: MoneyText
    status: Literal["due", "paid"]
    method: Literal["cash", "bank_transfer", "card"] | None
    paid_at: Moment | None


class OrganizerContactOut(Out):
    name: str
    phone: str = Field(description="E.164")
    email: str


class CatererContactOut(Out):
    id: Id
    business_name: str
    phone: str = Field(description="E.164")
    email: str


class ContractTermsOut(Out):
    title: str
    event_type: str
    event_date: Annotated[str, Field(json_schema_extra={"format": "date"})]
    province: str
    venue: str
    guests: int
    menu: list[str]
    dietary: list[str]
    service_style: str
    proposal: str


class ContractOut(Out):
    """Only the two parties get it. The organizer's copy has ``delivery_code``; the caterer's
    has ``delivery_tries_left`` instead. ``whatsapp`` opens a chat with the other party."""

    tender_id: Id
    status: Literal["contracted", "completed"]
    amount_mad: MoneyText
    per_guest_mad: MoneyText
    deposit_percent: int = Field(ge=0, le=50)
    milestones: list[MilestoneOut]
    organizer: OrganizerContactOut
    caterer: CatererContactOut
    whatsapp: str = Field(pattern=r"^https://wa\.me/[0-9]+$")
    terms: ContractTermsOut
    delivered_at: Moment | None
    created_at: Moment
    delivery_code: str | None = Field(None, pattern=r"^[0-9]{6}$")
    delivery_tries_left: int | None = Field(None, ge=0, le=5)


class DisputeOut(Out):
    id: Id
    tender_id: Id
    opened_by: Literal["organizer", "caterer"]
    reason: str
    status: Literal["open", "upheld", "dismissed"]
    created_at: Moment
    note: str | None = Field(default=None, description="the admin's note, once decided")
    decided_at: Moment | None = None


class DisputePage(Out):
    """Open disputes first (oldest first), then the decided ones."""

    items: list[DisputeOut]
    next: str | None
