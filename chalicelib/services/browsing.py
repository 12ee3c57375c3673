"""What the pages show: read models assembled from the same repositories the API uses.

Each function is one screen's worth of reading (plus, for the inbox, marking what was seen),
so page handlers only format; every rule stays here or in the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from chalicelib.domain.account import Account, Principal, Role, Viewer
from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.errors import NotFound
from chalicelib.domain.inbox import InboxItem
from chalicelib.domain.joint import JointBid
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.question import Question
from chalicelib.domain.tender import Tender, TenderPage
from chalicelib.domain.thread import Thread
from chalicelib.services import bidding, joint_bids
from chalicelib.services.bidding import BidLine
from chalicelib.services.deps import Deps

PAGE_SIZE = 20
DECIDED = frozenset(
    {
        TenderStatus.AWARDED,
        TenderStatus.CONTRACTED,
        TenderStatus.COMPLETED,
        TenderStatus.UNSUCCESSFUL,
    }
)


class Outcome(StrEnum):
    """Where a caterer's bid stands, as its "my bids" list says it."""

    OPEN = "open"
    LEADING = "leading"
    CLOSING = "closing"
    WON = "won"
    NOT_SELECTED = "not_selected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Offer:
    """One bid in the organizer's side-by-side comparison."""

    line: BidLine
    caterer: Account | None
    awarded: bool


@dataclass(frozen=True)
class TenderScreen:
    tender: Tender
    is_organizer: bool
    can_bid: bool
    own_bid: Bid | None
    outcome: Outcome | None
    bid_ceiling: Decimal | None
    offers: list[Offer]
    winner: Account | None
    # The tender's rules, as this viewer may act on them now (each is one form on the page).
    questions: list[Question] = field(default_factory=list)
    can_ask: bool = False
    can_answer: bool = False
    can_withdraw: bool = False
    can_answer_award: bool = False
    can_extend: bool = False
    can_cancel: bool = False
    can_reject: bool = False
    can_message: bool = False  # its private thread(s): the organizer's list, a caterer's own
    joint_bids: list[JointBid] = field(default_factory=list)  # a caterer's, led or invited to
    names: dict[str, str] = field(default_factory=dict)  # their members' business names


@dataclass(frozen=True)
class MyBid:
    bid: Bid
    tender: Tender
    outcome: Outcome


@dataclass(frozen=True)
class Inbox:
    unread: list[InboxItem]
    earlier: list[InboxItem]


def signed_in(deps: Deps, principal: Principal) -> Account | None:
    """The signed-in account; None if it no longer exists (the session is then forgotten)."""
    try:
        return deps.accounts.get(principal.account_id)
    except NotFound:
        return None


def unread_count(deps: Deps, account: Account) -> int:
    """For the header's inbox badge."""
    return deps.inbox.unread_count(account.id)


def open_tenders(
    deps: Deps, province: Province | None, event_type: EventType | None, cursor: str | None
) -> TenderPage:
    return deps.tenders.page(TenderStatus.OPEN, province, cursor, PAGE_SIZE, event_type)


def outcome(tender: Tender, caterer_id: str, now_open: bool) -> Outcome:
    """A caterer's standing on a tender it bid on."""
    if tender.status is TenderStatus.CANCELLED:
        return Outcome.CANCELLED
    if tender.status in DECIDED:
        won = tender.award is not None and tender.award.caterer_id == caterer_id
        return Outcome.WON if won else Outcome.NOT_SELECTED
    if not now_open:
        return Outcome.CLOSING
    return Outcome.LEADING if tender.is_led_by(caterer_id) else Outcome.OPEN


def tender_screen(
    deps: Deps, viewer: Account | None, tender_id: str, tender: Tender | None = None
) -> TenderScreen:
    """The tender as ``viewer`` may see it: a caterer its own bid and whether it can bid, the
    organizer the ranked bids once bidding is over. What the viewer may do now is the
    tender's own rules (``Tender.may_*``); ``tender`` spares the read when the caller has it."""
    tender = tender or deps.tenders.get(tender_id)
    now = deps.clock()
    who = viewer.viewer if viewer is not None else None
    own: Bid | None = None
    standing: Outcome | None = None
    offers: list[Offer] = []
    is_organizer = tender.is_organized_by(who)
    if viewer is not None and viewer.role is Role.CATERER:
        own = deps.bids.own_bid(tender.id, viewer.id)
        standing = outcome(tender, viewer.id, tender.is_open_at(now)) if own else None
    if is_organizer and viewer is not None and tender.status not in _BIDDING:
        lines = bidding.visible_bids(deps, Principal(viewer.id, viewer.role), tender.id)
        names = deps.accounts.languages_and_contacts(sorted({x.bid.caterer_id for x in lines}))
        award = tender.award.bid_id if tender.award else None
        offers = [Offer(x, names.get(x.bid.caterer_id), x.bid.id == award) for x in lines]
    winner = None
    if is_organizer and tender.award is not None:
        winner = deps.accounts.languages_and_contacts([tender.award.caterer_id]).get(
            tender.award.caterer_id
        )
    return TenderScreen(
        tender=tender,
        is_organizer=is_organizer,
        can_bid=tender.may_bid(who, now),
        own_bid=own,
        outcome=standing,
        bid_ceiling=tender.next_ceiling,
        offers=offers,
        winner=winner,
        questions=deps.questions.of_tender(tender.id),
        can_ask=tender.may_ask(who, now),
        can_answer=tender.may_answer_questions(who),
        can_withdraw=tender.may_withdraw(who, own is not None, now),
        can_answer_award=tender.may_answer_award(who),
        can_extend=tender.may_extend(who, now),
        can_cancel=tender.may_cancel(who),
        can_reject=tender.may_reject_award(who),
        can_message=_may_message(tender, who, now),
        **_joint_bids(deps, tender, viewer),
    )


def _joint_bids(deps: Deps, tender: Tender, viewer: Account | None) -> dict[str, Any]:
    """A caterer's joint bids on a products lot, with their members' names."""
    if viewer is None or viewer.role is not Role.CATERER or tender.lot is None:
        return {}
    mine = joint_bids.of_member(deps, tender.id, viewer.id)
    members = deps.accounts.languages_and_contacts(sorted({m for j in mine for m in j.members}))
    names = {i: a.business_name or a.name for i, a in members.items()}
    return {"joint_bids": mine, "names": names}


def _may_message(tender: Tender, who: Viewer | None, now: datetime) -> bool:
    if tender.is_organized_by(who):
        return not tender.practice
    return who is not None and Thread(tender, who.account_id, started=False).may_write(who, now)


_BIDDING = frozenset({TenderStatus.DRAFT, TenderStatus.OPEN})


def fresh_tender(deps: Deps, tender_id: str) -> Tender:
    """A fresh read for the page's live countdown and best amount."""
    return deps.tenders.get(tender_id)


def my_tenders(deps: Deps, principal: Principal) -> list[Tender]:
    principal.require(Role.ORGANIZER)
    return deps.tenders.by_organizer(principal.account_id)


def my_bids(deps: Deps, principal: Principal) -> list[MyBid]:
    """The caterer's live bids, latest first, each with its tender and where it stands."""
    principal.require(Role.CATERER)
    bids = deps.bids.by_caterer(principal.account_id)
    tenders = deps.tenders.by_ids([b.tender_id for b in bids])
    now = deps.clock()
    return [
        MyBid(b, t, outcome(t, principal.account_id, t.is_open_at(now)))
        for b in bids
        if (t := tenders.get(b.tender_id)) is not None
    ]


def read_inbox(deps: Deps, principal: Principal) -> Inbox:
    """Unread notices first, then the latest read ones; what is shown unread is now read."""
    unread = deps.inbox.unread(principal.account_id)
    earlier, _ = deps.inbox.newest_first(principal.account_id, None, limit=PAGE_SIZE)
    shown = {n.id for n in unread}
    for notice in unread:
        deps.inbox.mark_read(principal.account_id, notice.id)
    return Inbox(unread, [n for n in earlier if n.id not in shown])
