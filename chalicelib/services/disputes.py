"""Disputes: a party of the contract opens one, an admin decides it, both parties are told."""

from __future__ import annotations

import uuid

from chalicelib.commands import DecideDispute, GiveReason
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import MOROCCO
from chalicelib.domain.dispute import Dispute, DisputeStatus
from chalicelib.domain.errors import Conflict
from chalicelib.domain.fees import FeeEntry
from chalicelib.domain.history import Action, Actor, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import completion_due
from chalicelib.services import fees, notifications, schedule
from chalicelib.services.contracts import Deal, deal
from chalicelib.services.deps import Deps

QUEUE_PAGE = 50


def open_dispute(deps: Deps, principal: Principal, tender_id: str, command: GiveReason) -> Dispute:
    """Either party, while contracted or completed, until 14 days after the event; one open
    dispute per tender, however many are sent at once."""
    current = deal(deps, principal, tender_id)
    tender, now = current.tender, deps.clock()
    if not current.may_dispute(now.astimezone(MOROCCO).date()):
        if tender.open_dispute is not None:
            raise Conflict("this tender already has an open dispute")
        raise Conflict("a dispute is opened at the latest 14 days after the event")
    dispute = Dispute(str(uuid.uuid4()), tender_id, current.side, command.reason, now)
    step = Step(
        tender.id,
        Action.DISPUTE_OPENED,
        now,
        Actor.of(principal),
        tender.status,
        tender.status,
        reason=command.reason,
    )
    if not deps.deals.open_dispute(tender, dispute, now, step):
        raise Conflict("this tender already has an open dispute, or changed meanwhile")
    notifications.send_pending(deps, tender_id)
    return dispute


def queue(deps: Deps, principal: Principal, cursor: str | None) -> tuple[list[Dispute], str | None]:
    """The admins' list: open disputes first, oldest first, then the decided ones."""
    principal.require(Role.ADMIN)
    return deps.disputes.queue(cursor, QUEUE_PAGE)


def decide(deps: Deps, principal: Principal, dispute_id: str, command: DecideDispute) -> Dispute:
    """Upheld or dismissed, once. Upheld against the caterer, its fee is reversed and it counts
    like a late cancellation. A contracted tender goes back on the chronograph, to complete
    by itself a week after the event (or now, if that week is over)."""
    principal.require(Role.ADMIN)
    dispute, now = deps.disputes.get(dispute_id), deps.clock()
    if dispute.status is not DisputeStatus.OPEN:
        raise Conflict(f"this dispute is already {dispute.status}")
    decided = dispute.decide(DisputeStatus(command.decision), command.note, now)
    for _ in range(2):  # a second pass when the tender moved (delivered) in between
        tender = deps.tenders.get(dispute.tender_id, consistent=True)
        reversals: tuple[FeeEntry, ...] = ()
        if decided.costs_the_caterer and tender.winner_id is not None:
            reversals = fees.reversals_of_tender_fees(deps, tender.id, command.note, now)
        resume_at = None
        if tender.status is TenderStatus.CONTRACTED:
            resume_at = max(now, completion_due(tender.draft.event_date))
        step = Step(
            tender.id,
            Action.DISPUTE_DECIDED,
            now,
            Actor.of(principal),
            tender.status,
            tender.status,
            reason=f"{decided.status}: {command.note}",
        )
        if deps.deals.decide_dispute(
            tender, decided, principal.account_id, now, reversals, resume_at, step
        ):
            break
        if deps.disputes.get(dispute_id).status is not DisputeStatus.OPEN:
            raise Conflict("this dispute was decided meanwhile")
    else:
        raise Conflict("the tender changed meanwhile; look again")
    if resume_at is not None:
        schedule.wake(deps, tender.id, resume_at)
    notifications.send_pending(deps, tender.id)
    return decided


def of_deal(deps: Deps, current: Deal) -> list[Dispute]:
    """The disputes of a contract its party is looking at, oldest first."""
    return deps.disputes.of_tender(current.tender.id)
