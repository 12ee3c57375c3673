"""Post tenders, read and list them; the organizer extends deadlines or cancels."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chalicelib.commands import ExtendDeadline, GiveReason, PostTender, TenderQuery
from chalicelib.domain import ocds
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.catalog import PRODUCT_EVENTS, tender_categories
from chalicelib.domain.contract import within_a_year
from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.domain.history import Action, Actor, Step
from chalicelib.domain.lifecycle import CANCELLABLE, TenderStatus
from chalicelib.domain.lots import Item, Lot, legacy_lot
from chalicelib.domain.onboarding import PRACTICE_TENDER_ID
from chalicelib.domain.tender import (
    Tender,
    TenderDraft,
    TenderPage,
    check_deadline_change,
    check_draft,
    default_questions_deadline,
)
from chalicelib.services import notifications, onboarding, schedule
from chalicelib.services.deps import Deps

CANCEL_ATTEMPTS = 3  # the chronograph moves a tender at most twice before the contract


def post_tender(deps: Deps, principal: Principal, command: PostTender) -> Tender:
    """Open a tender for bids and schedule its close at the deadline; an order of several lots
    opens one tender per lot, all at once (the first lot's is returned, its id the order's)."""
    principal.require(Role.ORGANIZER)
    now = deps.clock()
    ids = [str(uuid.uuid4()) for _ in range(max(1, len(command.lots)))]
    draft = _draft(command, ids)
    check_draft(draft, now, deps.settings.minimum_bidding_window)
    organizer = deps.accounts.get(principal.account_id)
    order = [
        Tender(
            id=tender_id,
            organizer_id=principal.account_id,
            draft=draft,
            status=TenderStatus.OPEN,
            created_at=now,
            bid_deadline=draft.bid_deadline,
            questions_deadline=draft.questions_deadline
            or default_questions_deadline(now, draft.bid_deadline),
            organizer_late_cancellations=within_a_year(organizer.late_cancellations, now),
        )
        for tender_id in ids
    ]
    deps.tenders.add_order(
        [(t, _posted(t, principal, organizer)) for t in order], draft.bid_deadline
    )
    for tender in order:
        schedule.wake(deps, tender.id, tender.bid_deadline)
    return order[0]


def _draft(command: PostTender, ids: list[str]) -> TenderDraft:
    return TenderDraft(
        title=command.title,
        event_type=command.event_type,
        event_date=command.event_date,
        province=command.province,
        venue=command.venue,
        guests=command.guests or 0,
        menu=tuple(command.menu),
        dietary=tuple(dict.fromkeys(command.dietary)),
        service_style=command.service_style,
        mode=command.mode,
        bid_deadline=command.bid_deadline,
        budget_max=command.budget_max_mad,
        min_decrement=command.min_decrement_mad,
        award_criteria=command.award_criteria,
        quality_weight=command.quality_weight,
        min_bids=command.min_bids,
        deposit_percent=command.deposit_percent,
        questions_deadline=command.questions_deadline,
        categories=tender_categories(command.event_type, tuple(command.categories)),
        delivery_region=command.delivery_region,
        lots=_lots(command, ids),
    )


def _lots(command: PostTender, ids: list[str]) -> tuple[Lot, ...]:
    """The lots as sent, each with its tender's id; a products tender sent the old way (a
    quantity in ``guests``) is one lot of that many pieces."""
    if command.lots:
        return tuple(
            Lot(lot_id, lot.title, tuple(Item(i.name, i.quantity, i.unit) for i in lot.items))
            for lot_id, lot in zip(ids, command.lots, strict=True)
        )
    if command.event_type in PRODUCT_EVENTS and command.guests:
        return (legacy_lot(ids[0], command.title, command.menu, command.guests),)
    return ()


def _posted(tender: Tender, principal: Principal, organizer: Account) -> Step:
    release = ocds.posted(tender, ocds.buyer(organizer))
    return Step(
        tender.id,
        Action.POSTED,
        tender.created_at,
        Actor.of(principal),
        None,
        TenderStatus.OPEN,
        release=release,
    )


def get_tender(deps: Deps, tender_id: str) -> Tender:
    """The tender; the practice tender exists once asked for (its id is in every caterer's
    onboarding, before anyone has opened ``/practice`` on a fresh stage)."""
    if tender_id == PRACTICE_TENDER_ID:
        return onboarding.practice_tender(deps)
    return deps.tenders.get(tender_id)


def list_tenders(deps: Deps, query: TenderQuery) -> TenderPage:
    status = TenderStatus(query.status) if query.status else None
    return deps.tenders.page(status, query.province, query.cursor, query.limit)


def own_tender(deps: Deps, principal: Principal, tender_id: str) -> Tender:
    """The tender, if ``principal`` is its organizer (403 otherwise)."""
    principal.require(Role.ORGANIZER)
    tender = deps.tenders.get(tender_id, consistent=True)
    if tender.organizer_id != principal.account_id:
        raise Forbidden("only the tender's organizer may do this")
    return tender


def extend_deadline(
    deps: Deps, principal: Principal, tender_id: str, command: ExtendDeadline
) -> Tender:
    tender = own_tender(deps, principal, tender_id)
    now = deps.clock()
    if not tender.is_open_at(now):
        raise Conflict("only an open tender's deadline can move")
    check_deadline_change(tender.bid_deadline, command.bid_deadline, now)
    step = Step(
        tender.id,
        Action.DEADLINE_EXTENDED,
        now,
        Actor.of(principal),
        tender.status,
        tender.status,
        reason=f"from {tender.bid_deadline.isoformat()} to {command.bid_deadline.isoformat()}",
        release=ocds.deadline_extended(replace(tender, bid_deadline=command.bid_deadline)),
    )
    if not deps.tenders.extend_deadline(tender, command.bid_deadline, now, step):
        raise Conflict("the tender changed meanwhile (closed, or its deadline moved); look again")
    schedule.wake(deps, tender.id, command.bid_deadline)
    notifications.send_pending(deps, tender.id)
    return deps.tenders.get(tender.id, consistent=True)


def cancel_tender(deps: Deps, principal: Principal, tender_id: str, command: GiveReason) -> Tender:
    """Before the contract, from the status it is in: read again when it moved meanwhile
    (closed or awarded by the chronograph), so the history says what it was cancelled from."""
    for _ in range(CANCEL_ATTEMPTS):
        tender = own_tender(deps, principal, tender_id)
        if tender.status not in CANCELLABLE:
            raise Conflict(f"a {tender.status} tender can no longer be cancelled")
        now = deps.clock()
        step = Step(
            tender.id,
            Action.CANCELLED,
            now,
            Actor.of(principal),
            tender.status,
            TenderStatus.CANCELLED,
            reason=command.reason,
            release=ocds.cancelled(tender),
        )
        if deps.tenders.cancel(tender.id, principal.account_id, command.reason, now, step):
            break
    else:
        raise Conflict("the tender changed meanwhile; look again")
    schedule.forget(deps, tender.id)
    notifications.send_pending(deps, tender.id)
    return deps.tenders.get(tender.id, consistent=True)
