"""After the award: the contract, its milestones and contacts, and disputes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.entrypoints.schemas.fields import Id, Moment, MoneyText, Out
from chalicelib.entrypoints.schemas.tenders import EventFacts


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


class ContractTermsOut(EventFacts):
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
