"""After the award: the contract, its milestones and contacts, and disputes."""

from __future__ import annotations

from typing import Any, Literal, cast

from pydantic import Field

from chalicelib.domain.contract import Member, Milestone, Side, Terms
from chalicelib.domain.dispute import Dispute
from chalicelib.domain.money import to_text
from chalicelib.domain.shipment import Shipment, next_statuses
from chalicelib.domain.thread import Message, ThreadSummary
from chalicelib.entrypoints.schemas.fields import Id, Moment, MoneyText, Out, moment, money
from chalicelib.entrypoints.schemas.tenders import DeliveryOut, EventFacts, LotOut, ShareOut
from chalicelib.entrypoints.wire import utc
from chalicelib.services.contracts import Deal


class MilestoneOut(Out):
    kind: Literal["deposit", "balance"]
    amount_mad: MoneyText
    status: Literal["due", "paid"]
    method: Literal["cash", "bank_transfer", "card"] | None
    paid_at: Moment | None

    @classmethod
    def of(cls, m: Milestone) -> MilestoneOut:
        return cls(
            kind=m.kind.value,
            amount_mad=to_text(m.amount),
            status="paid" if m.is_paid else "due",
            method=m.method.value if m.method else None,
            paid_at=moment(m.paid_at),
        )


class OrganizerContactOut(Out):
    name: str
    phone: str = Field(description="E.164")
    email: str


class CatererContactOut(Out):
    id: Id
    business_name: str
    phone: str = Field(description="E.164")
    email: str


class MemberOut(CatererContactOut):
    """A joint bid's member: whom the organizer reaches for its share, and the share."""

    share: ShareOut

    @classmethod
    def of(cls, member: Member) -> MemberOut:
        p = member.party
        return cls(
            id=p.account_id,
            business_name=p.business_name or p.name,
            phone=p.phone,
            email=p.email,
            share=ShareOut.of(member.share),
        )


class ContractTermsOut(EventFacts):
    proposal: str
    lot: LotOut | None = None
    unit_prices_mad: list[MoneyText] | None = None
    delivery: DeliveryOut | None = None

    @classmethod
    def of(cls, terms: Terms) -> ContractTermsOut:
        shipped = terms.delivery
        products: dict[str, Any] = {}
        if terms.lot is not None:
            products = {
                "lot": LotOut.of(terms.lot),
                "unit_prices_mad": [to_text(p) for p in terms.unit_prices] or None,
                "delivery": None if shipped is None else DeliveryOut.of(shipped),
            }
        return cls(**cls.facts(terms), proposal=terms.proposal, **products)


class TrackingOut(Out):
    carrier: str
    reference: str


class ShipmentStepOut(Out):
    status: Literal["prepared", "handed_to_carrier", "delivered"]
    at: Moment


class ShipmentOut(Out):
    """Set by the seller one status after the other; the buyer's delivery code confirms it."""

    mode: Literal["collect", "seller", "carrier"]
    status: Literal["prepared", "handed_to_carrier", "delivered"] | None = Field(
        description="null: not prepared yet"
    )
    next: list[Literal["prepared", "handed_to_carrier", "delivered"]]
    log: list[ShipmentStepOut]
    tracking: TrackingOut | None = None
    confirmed: bool = Field(description="the buyer's delivery code was entered")

    @classmethod
    def of(cls, shipment: Shipment, confirmed: bool) -> ShipmentOut:
        found = shipment.tracking
        return cls(
            mode=shipment.mode.value,
            status=shipment.status.value if shipment.status else None,
            next=[] if confirmed else [s.value for s in next_statuses(shipment)],
            log=[ShipmentStepOut(status=s.value, at=utc(at)) for s, at in shipment.log],
            tracking=None
            if found is None
            else TrackingOut(carrier=found.carrier, reference=found.reference),
            confirmed=confirmed,
        )


class ContractOut(Out):
    """Only the two parties get it. The organizer's copy has ``delivery_code``; the caterer's
    has ``delivery_tries_left`` instead. ``whatsapp`` opens a chat with the other party."""

    tender_id: Id
    status: Literal["contracted", "completed"]
    amount_mad: MoneyText
    per_guest_mad: MoneyText | None = Field(description="a meal's; null for products")
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
    shipment: ShipmentOut | None = Field(None, description="products only")
    members: list[MemberOut] | None = Field(
        None, description="a joint bid's members (the lead, ``caterer``, first) and shares"
    )

    @classmethod
    def of(cls, deal: Deal) -> ContractOut:
        """The contract as one party sees it: both parties' contacts, and the delivery code
        for the organizer only (the caterer must get it from the organizer at the event)."""
        c = deal.contract
        own: dict[str, Any] = (
            {"delivery_code": c.delivery_code}
            if deal.side is Side.ORGANIZER
            else {"delivery_tries_left": c.tries_left}
        )
        return cls(
            tender_id=c.tender_id,
            status=cast(Literal["contracted", "completed"], deal.tender.status.value),
            amount_mad=to_text(c.amount),
            per_guest_mad=money(c.per_guest),
            deposit_percent=c.deposit_percent,
            milestones=[MilestoneOut.of(m) for m in c.milestones],
            organizer=OrganizerContactOut(
                name=c.organizer.name, phone=c.organizer.phone, email=c.organizer.email
            ),
            caterer=CatererContactOut(
                id=c.caterer.account_id,
                business_name=c.caterer.business_name or c.caterer.name,
                phone=c.caterer.phone,
                email=c.caterer.email,
            ),
            whatsapp=deal.counterpart.whatsapp_link,
            terms=ContractTermsOut.of(c.terms),
            delivered_at=moment(c.delivered_at),
            created_at=utc(c.created_at),
            shipment=None
            if c.shipment is None
            else ShipmentOut.of(c.shipment, c.delivered_at is not None),
            members=[MemberOut.of(m) for m in c.members] or None,
            **own,
        )


class DisputeOut(Out):
    id: Id
    tender_id: Id
    opened_by: Literal["organizer", "caterer"]
    reason: str
    status: Literal["open", "upheld", "dismissed"]
    created_at: Moment
    note: str | None = Field(default=None, description="the admin's note, once decided")
    decided_at: Moment | None = None

    @classmethod
    def of(cls, dispute: Dispute) -> DisputeOut:
        decided: dict[str, Any] = {}
        if dispute.decided_at is not None:
            decided = {"note": dispute.note, "decided_at": utc(dispute.decided_at)}
        return cls(
            id=dispute.id,
            tender_id=dispute.tender_id,
            opened_by=dispute.opened_by.value,
            reason=dispute.reason,
            status=dispute.status.value,
            created_at=utc(dispute.created_at),
            **decided,
        )


class DisputePage(Out):
    """Open disputes first (oldest first), then the decided ones."""

    items: list[DisputeOut]
    next: str | None


class MessageOut(Out):
    """A private message; before the contract its phone numbers and e-mails are masked."""

    id: Id
    sender: Literal["organizer", "caterer"] = Field(serialization_alias="from")
    text: str
    created_at: Moment

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        return cls(
            id=message.id,
            sender=message.sender.value,
            text=message.text,
            created_at=utc(message.created_at),
        )


class ThreadOut(Out):
    """One caterer's thread on the organizer's list."""

    caterer_id: Id
    business_name: str
    last_at: Moment
    unread: int = Field(description="messages from the caterer the organizer has not read")

    @classmethod
    def of(cls, thread: ThreadSummary) -> ThreadOut:
        return cls(
            caterer_id=thread.caterer_id,
            business_name=thread.business_name,
            last_at=utc(thread.last_at),
            unread=thread.unread,
        )


class MessagesPage(Out):
    """A thread's messages, newest first (``next``: older ones); or, for the organizer without
    ``caterer_id``, its threads, the latest first."""

    items: list[MessageOut] | list[ThreadOut]
    next: str | None
