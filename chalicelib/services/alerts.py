"""Tender alerts: tell the caterers a new tender concerns, at once or in a daily digest.

The fan-out is not done in the organizer's request: ``post_tender`` records the ``opened``
event in the tender's outbox, and the closer/sweeper pass (``notifications.send_pending``)
calls ``announce``. A caterer's alert has one deterministic id per tender
(``<tender>:opened:tender_alert:<caterer>``), written once, so its SMS or e-mail goes out at
most once however often the tender is announced again (an extension) or the pass retried.
Beyond the inbox, an alert follows the one notice policy (``domain/notice_policy.py``): the
channel the caterer chose for alerts, if its notice settings allow it, held past quiet hours.
"""

from __future__ import annotations

from chalicelib import i18n
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.alerts import (
    DigestEntry,
    Preferences,
    Subscriber,
    caterer_keys,
    concerns,
    digest_cutoff,
    digest_day,
    digest_selection,
    tender_keys,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notice_policy import Channel
from chalicelib.domain.notices import Event, Notice, NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import compose

Recipients = list[tuple[str, str]]  # (account, notice): what ``notifications.deliver`` sends


def sync(deps: Deps, caterer_id: str) -> None:
    """Rewrite the caterer's match keys from its account (after verification or an edit of
    its provinces or categories)."""
    deps.alerts.set_keys(caterer_id, caterer_keys(deps.accounts.get(caterer_id)))


def announce(deps: Deps, tender: Tender) -> Recipients:
    """Alert every caterer the open tender concerns (or queue it for their digest); returns
    the notices whose e-mail/SMS are to be delivered."""
    if tender.status is not TenderStatus.OPEN or tender.practice:
        return []
    candidates = deps.alerts.subscribers(deps.alerts.caterers_under(tender_keys(tender)))
    recipients: Recipients = []
    for subscriber in candidates:
        if not concerns(subscriber.account, tender):
            continue
        if subscriber.preferences.digest:
            entry = DigestEntry(subscriber.account.id, tender.id, tender.draft.title, deps.clock())
            deps.alerts.queue(entry)
        else:
            recipients.append(_alert(deps, subscriber, tender))
    deps.metrics.count("TenderAlerts", len(recipients))
    return recipients


def _alert(deps: Deps, subscriber: Subscriber, tender: Tender) -> tuple[str, str]:
    account = subscriber.account
    notice = Notice(account.id, NoticeKind.TENDER_ALERT, tender.id, Event.OPENED.value)
    values = {
        "title": tender.draft.title,
        "deadline": i18n.moment(tender.bid_deadline, account.language),
    }
    _store(deps, subscriber, notice.id, NoticeKind.TENDER_ALERT, values, tender.id)
    return account.id, notice.id


def _store(
    deps: Deps,
    subscriber: Subscriber,
    notice_id: str,
    kind: NoticeKind,
    values: dict[str, str],
    tender_id: str | None,
) -> bool:
    """Write the notice once, in the caterer's language, by the one channel it chose for alerts
    (if its notice settings allow it), held past quiet hours; True when this call wrote it."""
    account, now = subscriber.account, deps.clock()
    sent = account.reach(now, only=subscriber.preferences.channel)
    return deps.inbox.add(compose(account, notice_id, kind, tender_id, values, now, sent))


def send_digests(deps: Deps) -> Recipients:
    """Once a day from 08:00 Morocco time: one digest per caterer with queued tenders (none
    when nothing is queued). The notice id names the day, so a second pass that day, or a
    retry, stores nothing new; an entry leaves the queue only with the digest that names it.
    An entry dated before 08:00 but queued after that day's digest was written stays for the
    next day's: named a day late (or, after a crash mid-pass, twice), never dropped."""
    cutoff = digest_cutoff(deps.clock())
    recipients: Recipients = []
    waiting = deps.alerts.waiting(cutoff)
    for subscriber in deps.alerts.subscribers(waiting):
        account = subscriber.account
        entries = digest_selection(deps.alerts.queued(account.id), cutoff)
        if not entries:
            continue
        notice_id = f"digest:{account.id}:{digest_day(cutoff).isoformat()}"
        values = {
            "count": i18n.number(len(entries), account.language),
            "titles": "; ".join(f"“{e.title}”" for e in entries),
        }
        if not _store(deps, subscriber, notice_id, NoticeKind.TENDER_DIGEST, values, None):
            continue
        for entry in entries:
            deps.alerts.digested(entry)
        recipients.append((account.id, notice_id))
    return recipients


def preferences(deps: Deps, principal: Principal) -> Preferences:
    principal.require(Role.CATERER)
    return deps.alerts.preferences(principal.account_id)


def set_preferences(
    deps: Deps, principal: Principal, channel: Channel, digest: bool
) -> Preferences:
    """Choose how alerts come; a channel needs the contact it sends to."""
    principal.require(Role.CATERER)
    account: Account = deps.accounts.get(principal.account_id)
    if (channel is Channel.EMAIL and not account.email) or (
        channel is Channel.SMS and not account.phone
    ):
        raise InvalidInput("no contact for this channel", {"channel": "add it to your account"})
    chosen = Preferences(channel=channel, digest=digest)
    deps.alerts.set_preferences(principal.account_id, chosen)
    return chosen
