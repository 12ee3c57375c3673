"""A caterer's public profile and reviews, fees and exemptions, uploads and verification."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as Number
from typing import Any, Literal

from pydantic import Field

from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.domain.fees import Exemption, FeeEntry
from chalicelib.domain.money import to_text
from chalicelib.domain.profile import Badge, Profile, badges, rating
from chalicelib.domain.review import Review
from chalicelib.domain.verification import NumberKind, Verification
from chalicelib.entrypoints.schemas.fields import Decimal, Id, Moment, MoneyText, Out, moment
from chalicelib.entrypoints.wire import utc
from chalicelib.services.profiles import PublicProfile


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

    @classmethod
    def of(cls, review: Review) -> ReviewOut:
        """The organizer is not named: a review speaks for the event, not the person."""
        return cls(
            tender_id=review.tender_id,
            caterer_id=review.caterer_id,
            stars=review.stars,
            verified=review.verified,
            comment=review.comment,
            created_at=utc(review.created_at),
            reply=review.reply,
            replied_at=moment(review.replied_at),
        )


class ProfileOut(Out):
    """What a caterer tells about itself: on its public profile and in its own ``/api/me``."""

    kind: str | None
    specialities: list[str]
    capacity: int | None
    dietary: list[str]
    menus: list[SampleMenuOut]
    women_led: bool
    about: str
    photos: list[str] = Field(description="the photos' storage keys, in order")

    @staticmethod
    def facts(p: Profile) -> dict[str, Any]:
        return {
            "kind": p.kind.value if p.kind else None,
            "specialities": list(p.specialities),
            "capacity": p.capacity,
            "dietary": [d.value for d in p.dietary],
            "menus": [
                SampleMenuOut(
                    name=m.name,
                    price_per_guest_mad=to_text(m.price_per_guest),
                    dishes=list(m.dishes),
                )
                for m in p.menus
            ],
            "women_led": p.women_led,
            "about": p.about,
            "photos": list(p.photos),
        }


class CatererProfileOut(ProfileOut):
    """Public: no e-mail, no phone."""

    id: Id
    business_name: str
    provinces: list[str]
    categories: list[str]
    badges: list[Badge]
    rating: Decimal | None
    reviews_count: int
    completed_events: int
    joint_wins: int = Field(description="contracts won in a joint bid with other cooperatives")
    cancellations: int = Field(
        description="contracts cancelled within 7 days of the event or disputes upheld "
        "against the caterer, in the last 12 months"
    )
    reviews: list[ReviewOut]
    reviews_next: str | None = Field(description="cursor to the next page of reviews")
    photo_urls: list[str] = Field(description="links to the photos, valid for a few minutes")

    @classmethod
    def of(cls, found: PublicProfile, now: datetime) -> CatererProfileOut:
        """Never the e-mail, phone or anything about the exemption but its badge."""
        account = found.account
        p = account.profile
        stars = rating(p.reviews, p.stars_total)
        return cls(
            id=account.id,
            business_name=account.business_name or "",
            provinces=[x.value for x in account.provinces],
            categories=[c.value for c in account.categories],
            **cls.facts(p),
            badges=badges(p, account.verified, now),
            rating=str(stars) if stars is not None else None,
            reviews_count=p.reviews,
            completed_events=p.completed_events,
            joint_wins=p.joint_wins,
            cancellations=found.cancellations,
            reviews=[ReviewOut.of(r) for r in found.reviews],
            reviews_next=found.next,
            photo_urls=found.photo_urls,
        )


class ExemptionOut(Out):
    starts_at: Moment
    ends_at: Moment
    reason: str
    programme: str

    @classmethod
    def of(cls, exemption: Exemption) -> ExemptionOut:
        return cls(
            starts_at=utc(exemption.starts_at),
            ends_at=utc(exemption.ends_at),
            reason=exemption.reason,
            programme=exemption.programme,
        )


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

    @classmethod
    def of(cls, entry: FeeEntry) -> FeeEntryOut:
        return cls(
            entry_id=entry.entry_id,
            caterer_id=entry.caterer_id,
            tender_id=entry.tender_id,
            kind=entry.kind.value,
            amount_mad=to_text(entry.amount),
            rate=str(entry.rate),
            fee_mad=to_text(entry.fee),
            exempt=entry.exempt,
            created_at=utc(entry.created_at),
            reverses=entry.reverses,
            reason=entry.reason or None,
        )


class FeeLedgerOut(Out):
    items: list[FeeEntryOut]
    total_fee_mad: MoneyText
    next: str | None = None

    @classmethod
    def of(cls, items: list[FeeEntry], total: Number, cursor: str | None) -> FeeLedgerOut:
        return cls(
            items=[FeeEntryOut.of(e) for e in items],
            total_fee_mad=to_text(total),
            next=cursor,
        )


class UploadOut(Out):
    """POST ``fields`` then the file (last) as multipart/form-data to ``url``, before
    ``expires_at``; S3 refuses another type or a larger file."""

    url: str
    fields: dict[str, str]
    key: str
    expires_at: Moment

    @classmethod
    def of(cls, upload: PresignedUpload) -> UploadOut:
        return cls(
            url=upload.url, fields=upload.fields, key=upload.key, expires_at=utc(upload.expires_at)
        )


class VerificationOut(Out):
    status: Literal["not_submitted", "pending", "approved", "rejected"]
    ice: str | None = None
    cooperative_number: str | None = None
    document_key: str | None = None
    submitted_at: Moment | None = None
    decided_at: Moment | None = None
    reason: str | None = Field(default=None, description="why it was rejected")

    @classmethod
    def of(cls, found: Verification) -> VerificationOut:
        number = found.number
        kind = number.kind if number else None
        return cls(
            status=found.status.value,
            ice=number.value if number and kind is NumberKind.ICE else None,
            cooperative_number=number.value if number and kind is NumberKind.COOPERATIVE else None,
            document_key=found.document_key,
            submitted_at=moment(found.submitted_at),
            decided_at=moment(found.decided_at),
            reason=found.reason,
        )
