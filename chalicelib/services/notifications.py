"""Write close notices to inboxes and deliver their e-mail and SMS, each exactly once.

Crash safety: the tender's ``outbox`` flag is set in the same write as the award, and cleared
only after every notice is stored; each notice carries its own unsent channels. Whatever dies
halfway, the sweeper finds the flag or the undelivered notice and finishes the job.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import i18n
from chalicelib.adapters.inbox import InboxItem, NewNotice
from chalicelib.commands import InboxQuery
from chalicelib.domain.account import Account, Principal
from chalicelib.domain.bid import Bid
from chalicelib.domain.notices import Notice, close_notices
from chalicelib.domain.tender import Tender
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import TEXTS

logger = logging.getLogger(__name__)


def render(notice: Notice, tender: Tender, bid_count: int, account: Account) -> tuple[str, str]:
    """Title and body in the recipient's language."""
    title, body = TEXTS[notice.kind]
    language = account.language
    amount = tender.award.amount if tender.award else None
    values = {
        "title": tender.draft.title,
        "amount": i18n.money(amount, language) if amount is not None else "",
        "count": bid_count,
    }
    return (
        i18n.gettext_for(language, title) % values,
        i18n.gettext_for(language, body) % values,
    )


def write_close_notices(deps: Deps, tender: Tender, live_bids: list[Bid]) -> list[Notice]:
    notices = close_notices(tender, live_bids)
    accounts = deps.accounts.languages_and_contacts([n.recipient_id for n in notices])
    now = deps.clock()
    for notice in notices:
        account = accounts[notice.recipient_id]
        title, body = render(notice, tender, len(live_bids), account)
        deps.inbox.add(
            NewNotice(
                account_id=account.id,
                notice_id=notice.id,
                kind=notice.kind.value,
                tender_id=tender.id,
                title=title,
                body=body,
                language=account.language.value,
                created_at=now,
                email_to=account.email or None,
                sms_to=account.phone or None,
            )
        )
    return notices


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
                sent += 1
            if claimed.sms_to:
                deps.messenger.sms(claimed.sms_to, f"Walima: {claimed.body}")
                deps.inbox.tick(account_id, notice_id, sms=True)
                sent += 1
        except (BotoCoreError, ClientError):
            logger.exception("delivery of %s failed; the sweeper retries it", notice_id)
            continue
        deps.inbox.delivered(account_id, notice_id)
    return sent


def deliver_pending(deps: Deps) -> int:
    return deliver(deps, list(deps.inbox.undelivered()))


def inbox(
    deps: Deps, principal: Principal, query: InboxQuery
) -> tuple[list[InboxItem], str | None]:
    return deps.inbox.newest_first(principal.account_id, query.cursor, limit=20)
