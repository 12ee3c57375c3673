"""Tenders, their award, bids and questions, and the ranking rules."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.domain.catalog import Language
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.entrypoints.schemas.fields import Decimal, Id, Moment, MoneyText, Out


class AwardOut(Out):
    bid_id: Id
    caterer_id: Id
    amount_mad: MoneyText
    confirm_by: Moment | None = None


class EventFacts(Out):
    """What the organizer asked for, as a tender shows it and as its contract's terms repeat it."""

    title: str
    event_type: str
    event_date: Annotated[str, Field(json_schema_extra={"format": "date"})]
    province: str
    venue: str
    guests: int
    menu: list[str]
    dietary: list[str]
    service_style: str


class TenderOut(EventFacts):
    """Open mode shows ``best_amount_mad``; sealed mode shows no amount until close."""

    id: Id
    organizer_id: Id
    status: TenderStatus
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
