"""Private threads: a caterer and a tender's organizer write to each other.

Writing reads the tender and the thread, decides by ``Thread.may_write``, masks contacts
before the contract, and writes the message with the other side's notice in one
transaction; if the tender or the thread moved meanwhile, it reads again.
"""

from __future__ import annotations

import uuid

from chalicelib import i18n
from chalicelib.commands import MessagesQuery, WriteMessage
from chalicelib.domain.account import Principal, Role, Viewer
from chalicelib.domain.contract import Side
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.notice_policy import message_reach, told_at
from chalicelib.domain.notices import Notice, NoticeKind
from chalicelib.domain.thread import (
    Message,
    Thread,
    ThreadMoved,
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
    people = deps.accounts.languages_and_contacts(sorted({tender.organizer_id, caterer_id}))
    caterer = people[caterer_id]
    business = caterer.business_name or caterer.name
    recipient = people[tender.organizer_id if side is Side.CATERER else caterer_id]
    sender = business
    if side is Side.ORGANIZER:
        sender = i18n.gettext_for(recipient.language, THE_ORGANIZER)
    sent = message_reach(
        recipient.notices,
        recipient.email,
        recipient.phone,
        now,
        seen.told_at[side.other] if seen else None,
    )
    values = {"title": tender.draft.title, "sender": sender, "text": excerpt(text)}
    notice_id = Notice(recipient.id, NoticeKind.MESSAGE, tender_id, f"message:{message.id}").id
    notice = compose(recipient, notice_id, NoticeKind.MESSAGE, tender_id, values, now, sent)
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
        notifications.deliver(deps, [(recipient.id, notice_id)])
    return message


def thread(
    deps: Deps, principal: Principal, tender_id: str, query: MessagesQuery
) -> tuple[list[Message], str | None]:
    """One thread, newest first; opening its first page marks what was unread as read."""
    caterer_id = _caterer_of(principal, query.caterer_id)
    tender = deps.tenders.get(tender_id, consistent=True)
    seen = deps.threads.state(tender_id, caterer_id)
    side = Thread(tender, caterer_id, seen is not None).side_of(_viewer(deps, principal))
    if side is None:
        raise Forbidden("this thread is not yours")
    page = deps.threads.messages(tender_id, caterer_id, query.cursor, PAGE)
    if seen is not None and query.cursor is None:
        deps.threads.read(tender_id, caterer_id, side, seen.unread[side])
    return page


def threads(
    deps: Deps, principal: Principal, tender_id: str, cursor: str | None
) -> tuple[list[ThreadSummary], str | None]:
    """The organizer's threads on its tender, the latest first, with its unread counts."""
    tender = deps.tenders.get(tender_id)
    if principal.account_id != tender.organizer_id:
        raise Forbidden("only the tender's organizer sees its threads")
    return deps.threads.threads(tender_id, cursor, PAGE)
