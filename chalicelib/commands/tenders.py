"""Posting a tender, its questions and deadline, bidding, and the lists' queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from chalicelib.commands.fields import (
    Command,
    Cursor,
    LongText,
    Moment,
    Money,
    Price,
    Quantity,
    Ref,
    ServedProvince,
    SharedQuantity,
    Text,
    WithMoney,
    printable,
    wire_money,
)
from chalicelib.domain.catalog import (
    Category,
    Dietary,
    EventType,
    Language,
    Province,
    Region,
    ServiceStyle,
)
from chalicelib.domain.joint import MAX_MEMBERS
from chalicelib.domain.lots import MAX_LEAD_DAYS, MAX_LOTS, DeliveryMode, Unit
from chalicelib.domain.ranking import MAX_QUALITY_WEIGHT, AwardCriteria
from chalicelib.domain.tender import DEFAULT_DEPOSIT_PERCENT, MAX_DEPOSIT_PERCENT, BidMode


class ItemIn(Command):
    name: Text
    quantity: Quantity
    unit: Annotated[Unit, Field(strict=False)]


class LotIn(Command):
    title: Text
    items: list[ItemIn] = Field(min_length=1, max_length=20)


class DeliveryIn(Command):
    mode: Annotated[DeliveryMode, Field(strict=False)]
    price_mad: Price = Decimal(0)
    lead_days: Annotated[int, Field(ge=0, le=MAX_LEAD_DAYS)] = 0


class PostTender(WithMoney):
    title: Text
    event_type: Annotated[EventType, Field(strict=False)]
    event_date: Annotated[date, Field(strict=False)]
    province: Annotated[Province, Field(strict=False)] | None = None
    delivery_region: Annotated[Region, Field(strict=False)] | None = None
    venue: Text
    guests: Annotated[int, Field(ge=1, le=100_000)] | None = (
        None  # a meal's; products count in lots
    )
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
    lots: list[LotIn] = Field(default_factory=list, max_length=MAX_LOTS)

    @field_validator("quality_weight", mode="before")
    @classmethod
    def _weight(cls, value: object) -> object:
        return wire_money(value)


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


class PlaceBid(WithMoney):
    amount_mad: Money
    proposal: LongText = ""
    lot_id: Ref | None = None  # which lot of an order; none: the tender bid on
    unit_prices_mad: list[Price] = Field(default_factory=list, max_length=20)
    delivery: DeliveryIn | None = None


class ShareIn(WithMoney):
    """A member's share of a joint bid: what it supplies of each item of the lot, and is paid."""

    caterer_id: Ref
    amount_mad: Money
    quantities: list[SharedQuantity] = Field(min_length=1, max_length=20)


class ProposeJointBid(PlaceBid):
    """A bid the lead offers with partners: the shares, the lead's first, add up to it."""

    shares: list[ShareIn] = Field(min_length=2, max_length=MAX_MEMBERS)


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


class PriceQuery(Command):
    """``GET /api/insights/prices``: where and for what event."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    province: ServedProvince
    event_type: EventType


class ReleasesQuery(Command):
    """``GET /api/ocds/releases``: the releases published from ``since`` on, a page at a time."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    since: Moment | None = None
    cursor: Cursor | None = None
