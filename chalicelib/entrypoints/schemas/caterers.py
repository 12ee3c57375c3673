"""A caterer's public profile and reviews, fees and exemptions, uploads and verification."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.entrypoints.schemas.fields import Decimal, Id, Moment, MoneyText, Out


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
