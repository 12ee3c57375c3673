"""The deal after the award: the two parties read their contract (and only they see each
other's contacts), the caterer records the payments it received and, on the day of the event,
enters the organizer's delivery code; either party may cancel the contract."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from chalicelib import i18n
from chalicelib.commands import EnterDeliveryCode, GiveReason, MoveShipment, RecordPayment
from chalicelib.domain import ocds
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import MOROCCO, Language
from chalicelib.domain.contract import LATE_NOTICE, Contract, MilestoneKind, Party, Side
from chalicelib.domain.dispute import may_be_opened
from chalicelib.domain.errors import (
    WRONG_CODE,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)
from chalicelib.domain.history import Action, Actor, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.shipment import ShipmentStatus, next_statuses
from chalicelib.domain.tender import Tender, completion_due
from chalicelib.i18n import N_
from chalicelib.services import fees, notifications, schedule
from chalicelib.services.deps import Deps

# The states in which the contract binds both parties, and so shows their contacts.
IN_FORCE = frozenset({TenderStatus.CONTRACTED, TenderStatus.COMPLETED})

CANCELLATION_TERMS = N_(
    "Either party may cancel this contract on Walima, saying why: the other is told at once "
    "and the service fee is reversed. A cancellation within %(days)s days of the event counts "
    "against its author for 12 months: on the caterer's public profile and in its best-value "
    "score, and on the organizer's next tenders."
)


def cancellation_terms(language: Language) -> str:
    """The contract's cancellation clause, from the domain's own numbers."""
    return i18n.say(language, CANCELLATION_TERMS, days=LATE_NOTICE.days)


@dataclass(frozen=True)
class Deal:
    """A contract as one of its parties sees it."""

    tender: Tender
    contract: Contract
    side: Side

    @property
    def counterpart(self) -> Party:
        """The other side: whom this party calls or writes to."""
        return self.contract.counterpart(self.side)

    @property
    def may_record_payments(self) -> bool:
        return self.side is Side.CATERER

    @property
    def may_cancel(self) -> bool:
        return self.tender.status is TenderStatus.CONTRACTED

    def may_dispute(self, today: date) -> bool:
        """One open dispute at a time, until 14 days after the event."""
        event_date = self.contract.terms.event_date
        return self.tender.open_dispute is None and may_be_opened(event_date, today)

    @property
    def shipment_moves(self) -> list[ShipmentStatus]:
        """What the seller may say next about the goods (nothing once the code confirmed)."""
        shipment = self.contract.shipment
        if shipment is None or self.side is not Side.CATERER or self.contract.delivered_at:
            return []
        if self.tender.status is not TenderStatus.CONTRACTED:
            return []
        return next_statuses(shipment)

    def may_deliver(self, today: date) -> bool:
        return (
            self.side is Side.CATERER
            and self.tender.status is TenderStatus.CONTRACTED
            and self.contract.may_be_delivered(today)
            and self.contract.tries_left > 0
        )


def party_of(tender: Tender, principal: Principal) -> Side | None:
    """The organizer, or the caterer the tender is awarded to (before the contract too)."""
    if principal.account_id == tender.organizer_id:
        return Side.ORGANIZER
    if principal.role is Role.CATERER and tender.winner_id == principal.account_id:
        return Side.CATERER
    return None


def deal(deps: Deps, principal: Principal, tender_id: str) -> Deal:
    """Only the two parties (403 for anyone else), only once contracted (409 before it)."""
    tender = deps.tenders.get(tender_id, consistent=True)
    side = party_of(tender, principal)
    if side is None:
        raise Forbidden("only the organizer and the contracted caterer see the contract")
    if tender.status not in IN_FORCE:
        raise Conflict(f"the tender is {tender.status}: there is no contract in force")
    try:
        contract = deps.contracts.get(tender_id, consistent=True)
    except NotFound as error:  # contracted before contracts were kept
        raise Conflict("this tender was contracted without a stored contract") from error
    return Deal(tender, contract, side)


def record_payment(
    deps: Deps, principal: Principal, tender_id: str, kind: MilestoneKind, command: RecordPayment
) -> Deal:
    """The caterer says it received a milestone's money: ``due → paid``, exactly once."""
    current = deal(deps, principal, tender_id)
    if not current.may_record_payments:
        raise Forbidden("the caterer records the payments it receives")
    now, contract, tender = deps.clock(), current.contract, current.tender
    payer = ocds.buyer(deps.accounts.get(tender.organizer_id)).id
    payee = ocds.caterer_id(contract.caterer.account_id)
    step = Step(
        tender.id,
        Action.DEPOSIT_PAID if kind is MilestoneKind.DEPOSIT else Action.BALANCE_PAID,
        now,
        Actor.of(principal),
        tender.status,
        tender.status,
        reason=command.method.value,
        release=ocds.paid(tender, contract.milestone(kind), now, (payer, payee)),
    )
    if not deps.payments.record(contract, kind, command.method, now, step):
        raise Conflict(f"the {kind} is already recorded as paid")
    return Deal(current.tender, current.contract.paid(kind, command.method, now), current.side)


def move_shipment(deps: Deps, principal: Principal, tender_id: str, command: MoveShipment) -> Deal:
    """The seller says where a contracted lot's goods are, one status after the other; handing
    them to a carrier books the carrier, whose reference the buyer tracks them by."""
    current = deal(deps, principal, tender_id)
    contract, status = current.contract, command.status
    shipment = contract.shipment
    if current.side is not Side.CATERER:
        raise Forbidden("the seller says where the goods are")
    if shipment is None:
        raise Conflict("only a products contract has a shipment")
    if current.tender.status is not TenderStatus.CONTRACTED or not shipment.may_move_to(status):
        seen = shipment.status.value if shipment.status else "not prepared"
        raise Conflict(f"a {shipment.mode} shipment that is {seen} cannot become {status}")
    now = deps.clock()
    tracking = deps.carriers.book(contract) if status is ShipmentStatus.HANDED_TO_CARRIER else None
    if not deps.contracts.move_shipment(contract, status, now, tracking):
        raise Conflict("the shipment moved meanwhile; look again")
    moved = replace(contract, shipment=shipment.moved(status, now, tracking))
    return Deal(current.tender, moved, current.side)


def deliver(deps: Deps, principal: Principal, tender_id: str, command: EnterDeliveryCode) -> Tender:
    """The caterer enters the organizer's code on the day of the event or after: the tender is
    completed at once, and its review will be verified. A wrong code is counted; after the
    last try the code is refused for good and the tender completes by the calendar."""
    current = deal(deps, principal, tender_id)
    contract, tender, now = current.contract, current.tender, deps.clock()
    if current.side is not Side.CATERER:
        raise Forbidden("the caterer enters the delivery code")
    if tender.status is not TenderStatus.CONTRACTED:
        raise Conflict(f"the tender is {tender.status}: the delivery is already settled")
    if not contract.may_be_delivered(now.astimezone(MOROCCO).date()):
        raise Conflict("the delivery code is entered on the day of the event or after")
    locked = RateLimited(
        "too many wrong delivery codes: the event completes by itself after the grace period",
        max(completion_due(contract.terms.event_date) - now, timedelta(0)),
    )
    if contract.tries_left == 0:
        raise locked
    if not contract.matches(command.code):
        if not deps.contracts.count_wrong_code(tender_id):
            raise locked
        left = contract.tries_left - 1
        raise InvalidInput(
            "that is not the organizer's delivery code",
            {"code": f"wrong code: {left} tries left"},
            field_reasons={"code": WRONG_CODE},
        )
    step = Step(
        tender.id,
        Action.DELIVERED,
        now,
        Actor.of(principal),
        tender.status,
        TenderStatus.COMPLETED,
        reason="the organizer's delivery code",
        release=ocds.contract_ended(tender, "delivered"),
    )
    if not deps.deals.deliver(tender_id, principal.account_id, now, step):
        raise Conflict("the delivery was recorded meanwhile")
    notifications.send_pending(deps, tender_id)
    return deps.tenders.get(tender_id, consistent=True)


def cancel(deps: Deps, principal: Principal, tender_id: str, command: GiveReason) -> Tender:
    """Either party ends the contract, saying why: the other side is told at once, the fee
    booked for it is reversed, and a cancellation within a week of the event counts against
    its author for a year. Exactly once, however many times it is sent at once."""
    current = deal(deps, principal, tender_id)
    tender, contract, now = current.tender, current.contract, deps.clock()
    if not current.may_cancel:
        raise Conflict(f"the tender is {tender.status}: only a contract in force is cancelled")
    late = contract.is_late_cancellation(now.astimezone(MOROCCO).date())
    for _ in range(2):  # a second pass when an admin reversed a fee in between
        reversals = fees.reversals_of_tender_fees(deps, tender_id, command.reason, now)
        step = Step(
            tender.id,
            Action.CONTRACT_CANCELLED,
            now,
            Actor.of(principal),
            TenderStatus.CONTRACTED,
            TenderStatus.CANCELLED,
            reason=command.reason,
            release=ocds.contract_ended(tender, "cancelled"),
        )
        if deps.deals.cancel_contract(
            tender, current.side, command.reason, now, reversals, late, step
        ):
            break
        if deps.tenders.get(tender_id, consistent=True).status is not TenderStatus.CONTRACTED:
            raise Conflict("the contract was cancelled or completed meanwhile")
    else:
        raise Conflict("the contract changed meanwhile; look again")
    schedule.forget(deps, tender_id)
    notifications.send_pending(deps, tender_id)
    return deps.tenders.get(tender_id, consistent=True)
