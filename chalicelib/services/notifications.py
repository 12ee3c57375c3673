"""Turn a tender's outbox events into notices, and deliver their e-mail and SMS exactly once.

Crash safety: each event is recorded on the tender in the same write as the change it reports,
and dropped only after every notice it implies is stored; each notice carries its own unsent
channels. Whatever dies halfway, the sweeper finds the event or the undelivered notice and
finishes the job. Notice ids derive from the event, so doing it twice stores each notice once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import i18n
from chalicelib.commands import InboxQuery
from chalicelib.domain.account import Account, Principal
from chalicelib.domain.inbox import InboxItem
from chalicelib.domain.notice_policy import NoticeSettings
from chalicelib.domain.notices import (
    Audience,
    Event,
    Notice,
    NoticeKind,
    notices_for,
    parse_event,
)
from chalicelib.domain.tender import Tender
from chalicelib.services import alerts
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import compose

logger = logging.getLogger(__name__)


def _amount(tender: Tender, key: str) -> Decimal | None:
    """The amount of the award an event is about (the ranking is frozen at close)."""
    event, detail = parse_event(key)
    if event is Event.OUTBID:
        return tender.best_amount  # the price to beat now, public in an open auction
    if not tender.ranking:
        return None
    if event is Event.PASSED:
        return tender.ranking[int(detail)].amount
    if event is Event.CLOSED:
        return tender.ranking[0].amount
    return tender.award.amount if tender.award else None


TOLD_DEADLINE = (Event.EXTENDED, Event.OUTBID)  # the notices that say until when bids are open


def values(notice: Notice, tender: Tender, account: Account, code: str = "") -> dict[str, Any]:
    """The placeholders of the notice's words, in the recipient's language (``code``: the
    contract's delivery code, which only the organizer's notice of the contract shows)."""
    language = account.language
    event = parse_event(notice.event)[0]
    amount = _amount(tender, notice.event)
    return {
        "title": tender.draft.title,
        "amount": i18n.money(amount, language) if amount is not None else "",
        "count": len(tender.bidder_ids),
        "deadline": i18n.moment(tender.bid_deadline, language) if event in TOLD_DEADLINE else "",
        "reason": tender.cancel_reason or "",
        "code": code if notice.kind is NoticeKind.AWARD_CONFIRMED else "",
    }


def _audience(deps: Deps, tender: Tender, key: str) -> Audience:
    askers: frozenset[str] = frozenset()
    if parse_event(key)[0] is Event.ANSWERED:
        askers = frozenset(q.asker_id for q in deps.questions.of_tender(tender.id))
    return Audience(bidders=tender.bidder_ids, askers=askers)


def write_notices(deps: Deps, tender: Tender, key: str) -> list[Notice]:
    notices = notices_for(tender, key, _audience(deps, tender, key))
    accounts = deps.accounts.languages_and_contacts(sorted({n.recipient_id for n in notices}))
    now = deps.clock()
    code = ""
    if parse_event(key)[0] is Event.CONTRACTED:
        code = deps.contracts.get(tender.id, consistent=True).delivery_code
    for notice in notices:
        account = accounts[notice.recipient_id]
        placeholders = values(notice, tender, account, code)
        deps.inbox.add(compose(account, notice.id, notice.kind, tender.id, placeholders, now))
    return notices


ANNOUNCING = (Event.OPENED, Event.EXTENDED)  # the tender is (re)announced to matching caterers


def send_pending(deps: Deps, tender_id: str) -> None:
    """Write the notices of every pending event of the tender, then deliver them."""
    tender = deps.tenders.get(tender_id, consistent=True)
    for key in sorted(tender.pending_events):
        notices = write_notices(deps, tender, key)
        recipients = [(n.recipient_id, n.id) for n in notices]
        if parse_event(key)[0] in ANNOUNCING:
            recipients += alerts.announce(deps, tender)
        deps.tenders.event_done(tender.id, key)
        deliver(deps, recipients)


def deliver(deps: Deps, recipients: Iterable[tuple[str, str]]) -> int:
    """Send what is unsent for each (account, notice); returns how many messages went out."""
    sent = 0
    for account_id, notice_id in recipients:
        claimed = deps.inbox.claim(account_id, notice_id, deps.clock())
        if claimed is None:
            continue
        try:
            if claimed.email_to:
                deps.messenger.email(claimed.email_to, claimed.title, claimed.body)
                deps.inbox.tick(account_id, notice_id, email=True)
                deps.metrics.count("NotificationsSent")
                sent += 1
            if claimed.sms_to:
                deps.messenger.sms(claimed.sms_to, f"Walima: {claimed.body}")
                deps.inbox.tick(account_id, notice_id, sms=True)
                deps.metrics.count("NotificationsSent")
                sent += 1
        except (BotoCoreError, ClientError):
            deps.metrics.count("NotificationsFailed")
            logger.exception("delivery of %s failed; the sweeper retries it", notice_id)
            continue
        deps.inbox.delivered(account_id, notice_id)
    return sent


def deliver_pending(deps: Deps) -> int:
    return deliver(deps, list(deps.inbox.undelivered(deps.clock())))


def inbox(
    deps: Deps, principal: Principal, query: InboxQuery
) -> tuple[list[InboxItem], str | None]:
    return deps.inbox.newest_first(principal.account_id, query.cursor, limit=20)


def settings(deps: Deps, principal: Principal) -> NoticeSettings:
    return deps.accounts.get(principal.account_id).notices


def choose_settings(deps: Deps, principal: Principal, chosen: NoticeSettings) -> NoticeSettings:
    """Any account chooses how its notices reach it (every account has an e-mail and a phone)."""
    deps.accounts.set_notice_settings(principal.account_id, chosen)
    return chosen
