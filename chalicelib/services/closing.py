"""The chronograph: move tenders through their timed steps, exactly once however often fired.

A tender's next timed step is its ``due_at``: the bid deadline (close and award), the award's
confirmation deadline (pass to the runner-up), the day after the event (completed). Both the
tender's one-time schedule and the every-minute sweeper call ``close_tender``; each step is a
conditional write only one caller can win, and notices are idempotent, so any number of
concurrent or repeated firings give one close, one award and one set of notices.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain import ocds
from chalicelib.domain.account import Account
from chalicelib.domain.contract import within_a_year
from chalicelib.domain.errors import Conflict
from chalicelib.domain.history import CHRONOGRAPH, Action, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.ranking import CatererRecord, Ranked, rank
from chalicelib.domain.tender import Tender
from chalicelib.services import alerts, awards, fees, notifications, schedule
from chalicelib.services.deps import Deps

MAX_STEPS = 4
OUTBOX_BATCH = 200  # tenders whose notices one sweep writes, beside the due ones


@dataclass(frozen=True)
class SweepReport:
    stepped: int  # tenders whose due step ran (a close, an award timing out, a completion)
    messages_sent: int


def close_tender(deps: Deps, tender_id: str) -> Tender:
    """Do whatever is due for one tender now, then deliver the notices of what happened."""
    tender = deps.tenders.get(tender_id, consistent=True)
    for _ in range(MAX_STEPS):
        if not _step(deps, tender):
            break
        tender = deps.tenders.get(tender_id, consistent=True)
    if tender.pending_events:
        notifications.send_pending(deps, tender.id)
    return tender


def _step(deps: Deps, tender: Tender) -> bool:
    """Take the one step that is due, if any; True when the tender may have moved."""
    now = deps.clock()
    status = tender.status
    if tender.practice:  # the onboarding practice tender is never closed or awarded
        return False
    if status is TenderStatus.OPEN:
        if tender.bid_deadline > now:
            schedule.wake(deps, tender.id, tender.bid_deadline)  # fired early, or moved since
            return False
        closing = Step(
            tender.id,
            Action.CLOSED,
            now,
            CHRONOGRAPH,
            status,
            TenderStatus.CLOSED,
            release=ocds.closed(tender),
        )
        if deps.tenders.mark_closed(tender.id, now, closing):  # counted once, by its closer
            deps.metrics.count("TendersClosed")
            deps.metrics.seconds("CloseLagSeconds", (now - tender.bid_deadline).total_seconds())
        return True
    if status is TenderStatus.CLOSED:
        _award(deps, tender)
        return True
    if status is TenderStatus.AWARDED and tender.confirm_by and tender.confirm_by <= now:
        with contextlib.suppress(Conflict):  # a decline or another firing passed it first
            awards.pass_on(deps, tender, CHRONOGRAPH, "lapsed", "no confirmation in time")
        return True
    if status is TenderStatus.CONTRACTED:
        done = Step(
            tender.id,
            Action.COMPLETED,
            now,
            CHRONOGRAPH,
            status,
            TenderStatus.COMPLETED,
            release=ocds.contract_ended(tender, "completed"),
        )
        if deps.deals.complete(tender.id, now, tender.winner_id, done):
            return True
        # refused: not due (a dispute holds it), or a racing firing completed it first, in
        # which case the caller must not answer with the state it read before
        return deps.tenders.get(tender.id, consistent=True).status is not status
    return False


def _award(deps: Deps, tender: Tender) -> None:
    """Rank the frozen live bids; fewer than ``min_bids`` means no award."""
    live = deps.bids.live_bids(tender.id)
    ranking = []
    accounts: dict[str, Account] = {}
    if len(live) >= tender.draft.min_bids:
        accounts = deps.accounts.languages_and_contacts([b.caterer_id for b in live])
        records = {i: record_of(a, deps.clock()) for i, a in accounts.items()}
        d = tender.draft
        ranking = rank(live, d.award_criteria, d.quality_weight, records)
    now = deps.clock()
    confirm_by = now + deps.settings.confirm_window
    step = _outcome(tender, ranking, accounts, now, len(live))
    if deps.tenders.record_outcome(tender.id, ranking, confirm_by, now, step) and ranking:
        schedule.wake(deps, tender.id, confirm_by)


def _outcome(
    tender: Tender, ranking: list[Ranked], accounts: dict[str, Account], now: datetime, live: int
) -> Step:
    """The award to the best ranked bid, with every bid published; or no award."""
    if not ranking:
        release = ocds.unsuccessful(tender)
        return Step(
            tender.id,
            Action.UNSUCCESSFUL,
            now,
            CHRONOGRAPH,
            tender.status,
            TenderStatus.UNSUCCESSFUL,
            reason=f"{live} live bids, {tender.draft.min_bids} needed",
            release=release,
        )
    winner = ocds.supplier(accounts[ranking[0].caterer_id])
    published = {i: ocds.tenderer(a) for i, a in accounts.items()}
    return Step(
        tender.id,
        Action.AWARDED,
        now,
        CHRONOGRAPH,
        tender.status,
        TenderStatus.AWARDED,
        release=ocds.awarded(tender, ranking, now, published, winner),
    )


def record_of(account: Account, now: datetime) -> CatererRecord:
    """The caterer's stored record (reviews, stars, completed events, late cancellations)."""
    p = account.profile
    return CatererRecord(
        reviews=p.reviews,
        stars_total=p.stars_total,
        completed_events=p.completed_events,
        verified=account.verified,
        late_cancellations=within_a_year(account.late_cancellations, now),
    )


def sweep(deps: Deps, outbox_batch: int = OUTBOX_BATCH) -> SweepReport:
    """Do every step that is due, warn exemptions ending within 30 days, and finish any
    interrupted notification."""
    now = deps.clock()
    due = set(deps.tenders.due(now))
    # plus tenders with notices to write: new tenders' alerts, interrupted closes;
    # the oldest first and a bounded batch a minute, so a burst never outlasts the Lambda
    pending = set(deps.tenders.with_pending_events(outbox_batch))
    for tender_id in sorted(due | pending):
        close_tender(deps, tender_id)
    fees.warn_exemptions_ending(deps)
    notifications.deliver(deps, alerts.send_digests(deps))  # from 08:00, once a day
    return SweepReport(stepped=len(due), messages_sent=notifications.deliver_pending(deps))
