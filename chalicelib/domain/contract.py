"""The deal after the award: the contract both parties keep, its two payment milestones, and
the delivery code that proves the event took place.

The contract is drawn up once, when the winner confirms, from the tender's terms and the
winning bid; from then on only its milestones and its delivery move. Nothing here reads a
clock or draws a random number: the time and the code are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import Dietary, EventType, Province, Region, ServiceStyle
from chalicelib.domain.codes import same_code, tries_left
from chalicelib.domain.lots import Delivery, DeliveryMode, Lot, Share
from chalicelib.domain.money import mad
from chalicelib.domain.shipment import Shipment, ShipmentStatus
from chalicelib.domain.tender import Tender

LATE_NOTICE = timedelta(days=7)  # a cancellation this close to the event is a late one
COUNTED_FOR = timedelta(days=365)  # a late cancellation counts against its author a year


class MilestoneKind(StrEnum):
    DEPOSIT = "deposit"
    BALANCE = "balance"


class PaymentMethod(StrEnum):
    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"


class Side(StrEnum):
    """The two parties of a tender's deal (and of its private threads)."""

    ORGANIZER = "organizer"
    CATERER = "caterer"

    @property
    def other(self) -> Side:
        return Side.CATERER if self is Side.ORGANIZER else Side.ORGANIZER


@dataclass(frozen=True)
class Party:
    """One side of the contract, as it stood when the contract was drawn up."""

    account_id: str
    name: str
    phone: str
    email: str
    business_name: str | None = None

    @property
    def whatsapp_link(self) -> str:
        """``wa.me`` takes the E.164 number's digits, without ``+``."""
        return "https://wa.me/" + "".join(c for c in self.phone if c.isdigit())

    @property
    def tel_link(self) -> str:
        return f"tel:{self.phone}"


@dataclass(frozen=True)
class Member:
    """A joint bid's member, as the contract names it: its contacts and its share."""

    party: Party
    share: Share


@dataclass(frozen=True)
class Terms:
    """What the caterer agreed to deliver: the tender's terms and the winning proposal."""

    title: str
    event_type: EventType
    event_date: date
    province: Province | None
    venue: str
    guests: int
    menu: tuple[str, ...]
    dietary: tuple[Dietary, ...]
    service_style: ServiceStyle
    proposal: str
    region: Region = Region.SOUSS_MASSA
    lot: Lot | None = None  # products: the lot contracted, with its items
    unit_prices: tuple[Decimal, ...] = ()
    delivery: Delivery | None = None  # products: how the goods travel, as the bid said


@dataclass(frozen=True)
class Milestone:
    kind: MilestoneKind
    amount: Decimal
    method: PaymentMethod | None = None
    paid_at: datetime | None = None

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


@dataclass(frozen=True)
class Contract:
    tender_id: str
    amount: Decimal
    deposit_percent: int
    organizer: Party
    caterer: Party
    terms: Terms
    delivery_code: str
    created_at: datetime
    deposit: Milestone
    balance: Milestone
    wrong_codes: int = 0
    delivered_at: datetime | None = None
    shipment: Shipment | None = None  # products only
    members: tuple[Member, ...] = ()  # a joint bid's members, the lead (``caterer``) first

    @property
    def per_guest(self) -> Decimal | None:
        """A meal's price per guest (products are priced per unit)."""
        if self.terms.lot is not None or self.terms.guests <= 0:
            return None
        return mad(self.amount / self.terms.guests)

    @property
    def payees(self) -> tuple[str, ...]:
        """Whose ledgers the contract's fee is booked in: the caterer's, or each member's."""
        return tuple(m.party.account_id for m in self.members) or (self.caterer.account_id,)

    @property
    def milestones(self) -> tuple[Milestone, Milestone]:
        return (self.deposit, self.balance)

    def milestone(self, kind: MilestoneKind) -> Milestone:
        return self.deposit if kind is MilestoneKind.DEPOSIT else self.balance

    def counterpart(self, side: Side) -> Party:
        return self.caterer if side is Side.ORGANIZER else self.organizer

    @property
    def tries_left(self) -> int:
        return tries_left(self.wrong_codes)

    def matches(self, code: str) -> bool:
        """The delivery code, compared in constant time."""
        return same_code(code, self.delivery_code)

    def is_late_cancellation(self, today: date) -> bool:
        """Cancelling within a week of the event (or after it) leaves the other side stranded."""
        return self.terms.event_date - today <= LATE_NOTICE

    def may_be_delivered(self, today: date) -> bool:
        """The caterer enters the code on the day of the event or after; a seller as soon as
        it says the goods arrived."""
        arrived = self.shipment is not None and self.shipment.status is ShipmentStatus.DELIVERED
        return self.delivered_at is None and (arrived or today >= self.terms.event_date)

    def paid(self, kind: MilestoneKind, method: PaymentMethod, at: datetime) -> Contract:
        settled = replace(self.milestone(kind), method=method, paid_at=at)
        if kind is MilestoneKind.DEPOSIT:
            return replace(self, deposit=settled)
        return replace(self, balance=settled)


def within_a_year(moments: Iterable[datetime], now: datetime) -> int:
    """How many of an account's late cancellations (and upheld disputes) still count."""
    return sum(1 for moment in moments if now - moment < COUNTED_FOR)


def split(amount: Decimal, deposit_percent: int) -> tuple[Decimal, Decimal]:
    """Deposit and balance, in dirhams to the centime, always adding up to ``amount``."""
    deposit = mad(amount * deposit_percent / 100)
    return deposit, amount - deposit


def draw_up(
    tender: Tender,
    proposal: str,
    parties: tuple[Party, Party],
    delivery_code: str,
    now: datetime,
    winning: Bid | None = None,
    members: tuple[Member, ...] = (),
) -> Contract:
    """The contract of the tender's confirmed award (parties: organizer, caterer; a joint
    bid's ``members`` with their shares)."""
    if tender.award is None:
        raise ValueError("only an awarded tender has a contract")
    amount, percent, d = tender.award.amount, tender.draft.deposit_percent, tender.draft
    deposit, balance = split(amount, percent)
    organizer, caterer = parties
    terms = Terms(
        d.title,
        d.event_type,
        d.event_date,
        d.province,
        d.venue,
        d.guests,
        d.menu,
        d.dietary,
        d.service_style,
        proposal,
        d.region,
        tender.lot,
        winning.unit_prices if winning else (),
        winning.delivery if winning else None,
    )
    return Contract(
        tender_id=tender.id,
        amount=amount,
        deposit_percent=percent,
        organizer=organizer,
        caterer=caterer,
        terms=terms,
        delivery_code=delivery_code,
        created_at=now,
        deposit=Milestone(MilestoneKind.DEPOSIT, deposit),
        balance=Milestone(MilestoneKind.BALANCE, balance),
        shipment=_shipment(tender, winning),
        members=members,
    )


def _shipment(tender: Tender, winning: Bid | None) -> Shipment | None:
    """A products contract's shipment, by the bid's way (the buyer collecting, if it said
    none)."""
    if tender.lot is None:
        return None
    shipped = winning.delivery if winning is not None else None
    return Shipment(shipped.mode if shipped else DeliveryMode.COLLECT)
