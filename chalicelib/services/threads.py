"""Private threads: a caterer and a tender's organizer write to each other.

Writing reads the tender and the thread, decides by ``Thread.may_write``, masks contacts
before the contract, and writes the message with the other side's notice in one
transaction; if the tender or the thread moved meanwhile, it reads again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from chalicelib import i18n
from chalicelib.commands import MessagesQuery, WriteMessage
from chalicelib.domain.account import Principal, Role, Viewer
from chalicelib.domain.contract import Side
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.notice_policy import Reach, told_at
from chalicelib.domain.notices import Notice, NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.domain.thread import (
    Message,
    Thread,
    ThreadMoved,
    ThreadState,
    ThreadSummary,
    excerpt,
    mask_contacts,
)
from chalicelib.services import notifications, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import THE_ORGANIZER, compose
from chalicelib.services.throttles import Throttle

PAGE = 20
ATTEMPTS = 3
NOT_YOURS = "you may not write in this thread"


def _viewer(deps: Deps, principal: Principal) -> Viewer:
    return deps.accounts.get(principal.account_id).viewer


def _caterer_of(principal: Principal, caterer_id: str | None) -> str:
    """Whose thread: a caterer's own; the organizer names the caterer (admins have none)."""
    principal.require(Role.CATERER, Role.ORGANIZER)
    if principal.role is Role.CATERER:
        return principal.account_id
    if not caterer_id:
        raise InvalidInput("name the caterer", {"caterer_id": "required for the organizer"})
    return caterer_id


def write(deps: Deps, principal: Principal, tender_id: str, command: WriteMessage) -> Message:
    caterer_id = _caterer_of(principal, command.caterer_id)
    viewer = _viewer(deps, principal)
    deps.tenders.get(tender_id)  # 404 before the rate limit
    throttles.enforce(deps, Throttle.MESSAGE, "", principal.account_id)
    for _ in range(ATTEMPTS):
        try:
            return _write_once(deps, viewer, tender_id, caterer_id, command.text)
        except ThreadMoved:
            continue
    raise Conflict("the thread changed while you wrote; try again")


def _write_once(deps: Deps, viewer: Viewer, tender_id: str, caterer_id: str, text: str) -> Message:
    tender = deps.tenders.get(tender_id, consistent=True)
    seen = deps.threads.state(tender_id, caterer_id)
    thread, now = Thread(tender, caterer_id, seen is not None), deps.clock()
    side = thread.side_of(viewer)
    if side is None or not thread.may_write(viewer, now):
        raise Forbidden(NOT_YOURS)
    if thread.masks_contacts:
        text = mask_contacts(text)
    message = Message(str(uuid.uuid4()), tender_id, caterer_id, side, text, now)
    business, notice, sent = _notice(deps, tender, message, seen)
    relies_on_open = side is Side.CATERER and caterer_id not in tender.bidder_ids
    deps.threads.post(
        message,
        business,
        seen,
        told_at(sent, now),
        notice,
        tender.status,
        now if relies_on_open else None,
    )
    if sent.sends:
        notifications.deliver(deps, [(notice.account_id, notice.notice_id)])
    return message


def _notice(
    deps: Deps, tender: Tender, message: Message, seen: ThreadState | None
) -> tuple[str, NewNotice, Reach]:
    """The caterer's business name, and the other side's notice of ``message`` with how it
    reaches them (by e-mail/SMS only if that side was not told in the last 15 minutes)."""
    side, now = message.sender, message.created_at
    people = deps.accounts.languages_and_contacts(sorted({tender.organizer_id, message.caterer_id}))
    caterer = people[message.caterer_id]
    business = caterer.business_name or caterer.name
    recipient = people[tender.organizer_id if side is Side.CATERER else message.caterer_id]
    sender = business
    if side is Side.ORGANIZER:
        sender = i18n.gettext_for(recipient.language, THE_ORGANIZER)
    last_told = seen.told_at[side.other] if seen else None
    sent = recipient.message_reach(now, last_told)
    values = {"title": tender.draft.title, "sender": sender, "text": excerpt(message.text)}
    event = f"message:{message.id}"
    notice_id = Notice(recipient.id, NoticeKind.MESSAGE, tender.id, event).id
    notice = compose(recipient, notice_id, NoticeKind.MESSAGE, tender.id, values, now, sent)
    return business, notice, sent


@dataclass(frozen=True)
class ThreadPage:
    tender: Tender
    messages: list[Message]  # newest first
    next: str | None  # to older ones
    can_write: bool


@dataclass(frozen=True)
class ThreadList:
    tender: Tender
    threads: list[ThreadSummary]  # the latest message first
    next: str | None


def thread(deps: Deps, principal: Principal, tender_id: str, query: MessagesQuery) -> ThreadPage:
    """One thread, newest first; opening its first page marks what was unread as read."""
    caterer_id = _caterer_of(principal, query.caterer_id)
    tender = deps.tenders.get(tender_id, consistent=True)
    seen = deps.threads.state(tender_id, caterer_id)
    thread, viewer = Thread(tender, caterer_id, seen is not None), _viewer(deps, principal)
    side = thread.side_of(viewer)
    if side is None:
        raise Forbidden("this thread is not yours")
    messages, cursor = deps.threads.messages(tender_id, caterer_id, query.cursor, PAGE)
    if seen is not None and query.cursor is None:
        deps.threads.read(tender_id, caterer_id, side, seen.unread[side])
    return ThreadPage(tender, messages, cursor, thread.may_write(viewer, deps.clock()))


def threads(deps: Deps, principal: Principal, tender_id: str, cursor: str | None) -> ThreadList:
    """The organizer's threads on its tender, the latest first, with its unread counts."""
    tender = deps.tenders.get(tender_id)
    if principal.account_id != tender.organizer_id:
        raise Forbidden("only the tender's organizer sees its threads")
    return ThreadList(tender, *deps.threads.threads(tender_id, cursor, PAGE))
