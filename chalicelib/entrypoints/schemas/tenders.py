"""Tenders, their award, bids and questions, and the ranking rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Protocol

from pydantic import Field

from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import (
    Dietary,
    EventType,
    Language,
    Province,
    Region,
    ServiceStyle,
)
from chalicelib.domain.insights import PriceInsight
from chalicelib.domain.joint import JointBid
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import Delivery, Lot, Share
from chalicelib.domain.money import to_text
from chalicelib.domain.question import Question
from chalicelib.domain.tender import BidMode, Tender
from chalicelib.entrypoints.schemas.fields import (
    Decimal,
    Id,
    Moment,
    MoneyText,
    Out,
    moment,
    money,
)
from chalicelib.entrypoints.wire import utc
from chalicelib.services.bidding import BidLine


class AwardOut(Out):
    bid_id: Id
    caterer_id: Id
    amount_mad: MoneyText
    confirm_by: Moment | None = None


class ItemOut(Out):
    name: str
    quantity: str = Field(description='a decimal string, e.g. "2.5"')
    unit: Literal["box", "kg", "litre", "piece"]


class LotOut(Out):
    id: Id = Field(description="the lot's tender: bid, award and contract by this id")
    title: str
    items: list[ItemOut]

    @classmethod
    def of(cls, lot: Lot) -> LotOut:
        return cls(
            id=lot.id,
            title=lot.title,
            items=[
                ItemOut(name=i.name, quantity=str(i.quantity), unit=i.unit.value) for i in lot.items
            ],
        )


class DeliveryOut(Out):
    mode: Literal["collect", "seller", "carrier"]
    price_mad: MoneyText = Field(description="part of the bid's amount")
    lead_days: int

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryOut:
        return cls(
            mode=delivery.mode.value,
            price_mad=to_text(delivery.price),
            lead_days=delivery.lead_days,
        )


class ShareOut(Out):
    caterer_id: Id
    amount_mad: MoneyText
    quantities: list[str] = Field(description="one decimal string per item of the lot")
    confirmed: bool = Field(description="the lead proposed; each partner confirms")

    @classmethod
    def of(cls, share: Share, confirmed: bool = True) -> ShareOut:
        return cls(
            caterer_id=share.caterer_id,
            amount_mad=to_text(share.amount),
            quantities=[str(q) for q in share.quantities],
            confirmed=confirmed,
        )


class JointBidOut(Out):
    """A lead's invitation to a joint bid, and the bid it became once every partner confirmed."""

    tender_id: Id = Field(description="the lot bid on")
    lead_id: Id
    amount_mad: MoneyText
    proposal: str
    unit_prices_mad: list[MoneyText] | None
    delivery: DeliveryOut | None
    shares: list[ShareOut] = Field(description="the lead's first")
    proposed_at: Moment
    status: Literal["pending", "placed"] = Field(
        description="placed: the bid stands, the lead's, since the last partner confirmed"
    )
    bid_id: Id | None

    @classmethod
    def of(cls, joint: JointBid) -> JointBidOut:
        lead, offer = joint.lead_id, joint.offer
        return cls(
            tender_id=joint.tender_id,
            lead_id=lead,
            amount_mad=to_text(offer.amount),
            proposal=offer.proposal,
            unit_prices_mad=[to_text(p) for p in offer.unit_prices] or None,
            delivery=None if offer.delivery is None else DeliveryOut.of(offer.delivery),
            shares=[
                ShareOut.of(s, s.caterer_id == lead or s.caterer_id in joint.confirmed)
                for s in offer.shares
            ],
            proposed_at=utc(joint.proposed_at),
            status="placed" if joint.bid_id else "pending",
            bid_id=joint.bid_id,
        )


class JointBidPage(Out):
    items: list[JointBidOut]
    next: str | None


class Event(Protocol):
    """What a tender's draft and a contract's terms both say about the event."""

    @property
    def title(self) -> str: ...
    @property
    def event_type(self) -> EventType: ...
    @property
    def event_date(self) -> date: ...
    @property
    def province(self) -> Province | None: ...
    @property
    def region(self) -> Region: ...
    @property
    def venue(self) -> str: ...
    @property
    def guests(self) -> int: ...
    @property
    def menu(self) -> tuple[str, ...]: ...
    @property
    def dietary(self) -> tuple[Dietary, ...]: ...
    @property
    def service_style(self) -> ServiceStyle: ...


class EventFacts(Out):
    """What the organizer asked for, as a tender shows it and as its contract's terms repeat it."""

    title: str
    event_type: str
    event_date: Annotated[str, Field(json_schema_extra={"format": "date"})]
    province: str | None = Field(
        description="a province code; null for a products tender that names only its region"
    )
    delivery_region: str = Field(
        description="one of the 12 regions' codes: where the event is held or the products go"
    )
    venue: str
    guests: int
    menu: list[str]
    dietary: list[str]
    service_style: str

    @staticmethod
    def facts(event: Event) -> dict[str, Any]:
        return {
            "title": event.title,
            "event_type": event.event_type.value,
            "event_date": event.event_date.isoformat(),
            "province": event.province.value if event.province else None,
            "delivery_region": event.region.value,
            "venue": event.venue,
            "guests": event.guests,
            "menu": list(event.menu),
            "dietary": [x.value for x in event.dietary],
            "service_style": event.service_style.value,
        }


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
    order_id: Id | None = Field(
        default=None, description="products: the order this tender is a lot of (its first lot)"
    )
    lot_id: Id | None = Field(default=None, description="products: the lot this tender is")
    lots: list[LotOut] | None = Field(default=None, description="products: the order's lots")

    @classmethod
    def of(cls, tender: Tender, now: datetime, viewer: str | None = None) -> TenderOut:
        """Open mode shows the best amount (never who bid it), and tells a bidding ``viewer``
        whether its bid leads; sealed mode shows no amount until close. ``bid_deadline`` is
        the current one (anti-sniping may have moved it); ``server_time`` is the clock to
        count on."""
        d = tender.draft
        sometimes: dict[str, Any] = {}
        if d.mode is BidMode.OPEN:
            sometimes["min_decrement_mad"] = money(d.min_decrement)
            sometimes["best_amount_mad"] = money(tender.best_amount)
            if viewer is not None and viewer in tender.bidder_ids:
                sometimes["my_bid_is_best"] = tender.is_led_by(viewer)
        if tender.practice:  # the onboarding demo tender: never closed nor awarded
            sometimes["practice"] = True
        if tender.closed_at is not None:
            sometimes["closed_at"] = utc(tender.closed_at)
        if tender.award is not None:
            sometimes["award"] = AwardOut(
                bid_id=tender.award.bid_id,
                caterer_id=tender.award.caterer_id,
                amount_mad=to_text(tender.award.amount),
                confirm_by=moment(tender.confirm_by),
            )
        if tender.cancel_reason is not None:
            sometimes["cancel_reason"] = tender.cancel_reason
        if tender.cancelled_by is not None:
            sometimes["cancelled_by"] = tender.cancelled_by
        if d.lots:
            sometimes["order_id"] = tender.order_id
            sometimes["lot_id"] = tender.id
            sometimes["lots"] = [LotOut.of(lot) for lot in d.lots]
        return cls(
            id=tender.id,
            organizer_id=tender.organizer_id,
            status=tender.status,
            **cls.facts(d),
            categories=[c.value for c in d.categories],
            budget_max_mad=money(d.budget_max),
            mode=d.mode.value,
            bid_deadline=utc(tender.bid_deadline),
            original_bid_deadline=utc(tender.original_deadline),
            questions_deadline=utc(tender.questions_deadline),
            award_criteria=d.award_criteria.value,
            quality_weight=str(d.quality_weight),
            min_bids=d.min_bids,
            deposit_percent=d.deposit_percent,
            organizer_late_cancellations=tender.organizer_late_cancellations,
            created_at=utc(tender.created_at),
            bid_count=len(tender.bidder_ids),
            server_time=utc(now),
            **sometimes,
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
    lot_id: Id | None = Field(default=None, description="products: the lot bid on")
    unit_prices_mad: list[MoneyText] | None = None
    delivery: DeliveryOut | None = None
    shares: list[ShareOut] | None = Field(
        default=None, description="a joint bid: each member's share, the lead's first"
    )

    @classmethod
    def of(cls, bid: Bid, line: BidLine | None = None) -> BidOut:
        """A bid as its owner or, after close, the organizer sees it (``line``: with its rank
        and score)."""
        ranked: dict[str, Any] = {}
        if line is not None and line.rank is not None:
            ranked = {"rank": line.rank, "score": str(line.score), "quality": str(line.quality)}
        return cls(
            id=bid.id,
            tender_id=bid.tender_id,
            caterer_id=bid.caterer_id,
            amount_mad=to_text(bid.amount),
            proposal=bid.proposal,
            submitted_at=utc(bid.submitted_at),
            **ranked,
            **_offer(bid),
        )


def _offer(bid: Bid) -> dict[str, Any]:
    """A products bid's lot, unit prices and delivery (a bid on a lot is on its tender)."""
    if not bid.unit_prices and bid.delivery is None and not bid.shares:
        return {}
    shipped = bid.delivery
    return {
        "lot_id": bid.tender_id,
        "unit_prices_mad": [to_text(p) for p in bid.unit_prices] or None,
        "delivery": None if shipped is None else DeliveryOut.of(shipped),
        "shares": [ShareOut.of(s) for s in bid.shares] or None,
    }


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

    @classmethod
    def of(cls, question: Question) -> QuestionOut:
        """Public: the asker stays anonymous to everyone."""
        return cls(
            id=question.id,
            tender_id=question.tender_id,
            text=question.text,
            asked_at=utc(question.asked_at),
            answer=question.answer,
            answered_at=moment(question.answered_at),
        )


class QuestionPage(Out):
    items: list[QuestionOut]
    next: str | None


class RankingRules(Out):
    language: Language
    formula: str
    explanation: list[str]


class QuartilesOut(Out):
    p25: MoneyText
    median: MoneyText
    p75: MoneyText


class PriceInsightOut(Out):
    """Per-guest prices (MAD) of the meal tenders contracted here in the last 12 months."""

    count: int = Field(description="contracts counted")
    per_guest_mad: QuartilesOut | None = Field(
        description="null under 5 contracts: fewer would show one family's price"
    )
    months: int

    @classmethod
    def of(cls, insight: PriceInsight) -> PriceInsightOut:
        q = insight.per_guest
        quartiles = None
        if q is not None:
            quartiles = QuartilesOut(
                p25=to_text(q.p25), median=to_text(q.median), p75=to_text(q.p75)
            )
        return cls(count=insight.count, per_guest_mad=quartiles, months=insight.months)
