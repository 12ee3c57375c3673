"""After the close: the winner confirms or declines; the organizer may reject; a lapsed award
passes to the runner-up (Prozorro's qualification step), until none remains."""

from __future__ import annotations

import secrets

from chalicelib.adapters.deals import Booking
from chalicelib.adapters.fees import ExemptionChanged
from chalicelib.commands import GiveReason
from chalicelib.domain import ocds
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.codes import CODE_SPACE, code_of
from chalicelib.domain.contract import Member, Party, draw_up
from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.domain.fees import Payee, book_shares
from chalicelib.domain.history import Action, Actor, Step
from chalicelib.domain.impact import NOTHING, Contribution, contribution, from_isolation
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender, completion_due
from chalicelib.services import fees, notifications, schedule
from chalicelib.services.deps import Deps
from chalicelib.services.tenders import own_tender


def _winner_view(deps: Deps, principal: Principal, tender_id: str) -> Tender:
    principal.require(Role.CATERER)
    tender = deps.tenders.get(tender_id, consistent=True)
    if tender.status is not TenderStatus.AWARDED or tender.award is None:
        raise Conflict(f"the tender is {tender.status}: there is no award to answer")
    if tender.award.caterer_id != principal.account_id:
        raise Forbidden("only the caterer the tender is awarded to may answer the award")
    return tender


EXEMPTION_ATTEMPTS = 3


def confirm(deps: Deps, principal: Principal, tender_id: str) -> Tender:
    """The winner confirms: the tender is contracted, the contract drawn up (with the
    organizer's delivery code) and the service fee booked in the same transaction, in the
    winner's ledger or, for a joint bid, split by share in every member's (0, marked exempt,
    inside a member's exemption). Should an exemption be granted between reading it and
    writing, the transaction fails and the fees are recomputed."""
    tender = _winner_view(deps, principal, tender_id)
    if tender.award is None:
        raise Conflict("there is no award to confirm")
    completes_at = completion_due(tender.draft.event_date)
    organizer = party(deps.accounts.get(tender.organizer_id))
    winning = deps.bids.own_bid(tender.id, principal.account_id)
    proposal = winning.proposal if winning is not None else ""
    code = code_of(secrets.randbelow(CODE_SPACE))
    shares = winning.shares if winning is not None else ()  # a joint bid's, the lead's first
    members = winning.members if winning is not None else (principal.account_id,)
    amounts = [s.amount for s in shares] or [tender.award.amount]
    for _ in range(EXEMPTION_ATTEMPTS):
        payees = [deps.accounts.get(m) for m in members]
        now = deps.clock()
        joint = (
            tuple(Member(party(a), s) for a, s in zip(payees, shares, strict=True))
            if shares
            else ()
        )
        contract = draw_up(
            tender, proposal, (organizer, party(payees[0])), code, now, winning, joint
        )
        exemptions = [fees.exemption_of(a) for a in payees]
        entries = book_shares(
            tender.id,
            [Payee(a.id, x, e) for a, x, e in zip(payees, amounts, exemptions, strict=True)],
            deps.settings.fee_rate,
            now,
        )
        bookings = [
            Booking(f, e, a.profile.first_won_at is None)
            for f, e, a in zip(entries, exemptions, payees, strict=True)
        ]
        impact = sum(
            (_contribution(tender, b, a) for b, a in zip(bookings, payees, strict=True)), NOTHING
        )
        step = Step(
            tender.id,
            Action.CONTRACTED,
            now,
            Actor.of(principal),
            tender.status,
            TenderStatus.CONTRACTED,
            release=ocds.contracted(tender, contract),
        )
        try:
            confirmed = deps.deals.confirm(
                tender, principal.account_id, completes_at, now, bookings, contract, step, impact
            )
        except ExemptionChanged:
            continue
        if not confirmed:
            raise Conflict("the award lapsed or changed meanwhile")
        break
    else:
        raise Conflict("the caterer's fee exemption changed meanwhile; confirm again")
    schedule.wake(deps, tender.id, completes_at)
    notifications.send_pending(deps, tender.id)
    return deps.tenders.get(tender.id, consistent=True)


def _contribution(tender: Tender, booking: Booking, payee: Account) -> Contribution:
    isolated = from_isolation(tender.draft, payee.provinces)
    return contribution(booking.fee, isolated, payee.profile.women_led, booking.first_win)


def party(account: Account) -> Party:
    return Party(account.id, account.name, account.phone, account.email, account.business_name)


def decline(deps: Deps, principal: Principal, tender_id: str) -> Tender:
    tender = _winner_view(deps, principal, tender_id)
    return pass_on(deps, tender, Actor.of(principal), "declined", "")


def reject(deps: Deps, principal: Principal, tender_id: str, command: GiveReason) -> Tender:
    tender = own_tender(deps, principal, tender_id)
    if tender.status is not TenderStatus.AWARDED:
        raise Conflict(f"the tender is {tender.status}: there is no award to reject")
    return pass_on(deps, tender, Actor.of(principal), "rejected", command.reason)


def pass_on(deps: Deps, tender: Tender, actor: Actor, outcome: str, reason: str) -> Tender:
    """Pass the award to the runner-up (or end unsuccessful); exactly once per award."""
    now = deps.clock()
    confirm_by = now + deps.settings.confirm_window
    following = tender.runner_up()
    org = ocds.supplier(deps.accounts.get(following.caterer_id)) if following else None
    step = Step(
        tender.id,
        Action.AWARD_PASSED if following else Action.UNSUCCESSFUL,
        now,
        actor,
        tender.status,
        TenderStatus.AWARDED if following else TenderStatus.UNSUCCESSFUL,
        reason=f"{outcome}: {reason}" if reason else outcome,
        release=ocds.award_passed(tender, now, outcome, org),
    )
    if not deps.tenders.pass_award(tender, outcome, reason, confirm_by, now, step):
        raise Conflict("the award changed meanwhile; look again")
    after = deps.tenders.get(tender.id, consistent=True)
    if after.status is TenderStatus.AWARDED:
        schedule.wake(deps, tender.id, confirm_by)
    notifications.send_pending(deps, tender.id)
    return after
