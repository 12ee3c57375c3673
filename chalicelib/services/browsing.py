"""What the pages show: read models assembled from the same repositories the API uses.

Each function is one screen's worth of reading (plus, for the inbox, marking what was seen),
so page handlers only format; every rule stays here or in the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from chalicelib.adapters.inbox import InboxItem
from chalicelib.adapters.questions import Question
from chalicelib.adapters.tenders import Page
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.errors import NotFound
from chalicelib.domain.lifecycle import CANCELLABLE, TenderStatus
from chalicelib.domain.tender import BidMode, Tender, highest_acceptable
from chalicelib.services import bidding
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
    within_budget: bool | None


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
) -> Page:
    return deps.listings.browse(TenderStatus.OPEN, province, event_type, cursor, PAGE_SIZE)


def outcome(tender: Tender, caterer_id: str, now_open: bool) -> Outcome:
    """A caterer's standing on a tender it bid on."""
    if tender.status is TenderStatus.CANCELLED:
        return Outcome.CANCELLED
    if tender.status in DECIDED:
        won = tender.award is not None and tender.award.caterer_id == caterer_id
        return Outcome.WON if won else Outcome.NOT_SELECTED
    if not now_open:
        return Outcome.CLOSING
    return Outcome.LEADING if bidding.is_best(tender, caterer_id) else Outcome.OPEN


def tender_screen(deps: Deps, viewer: Account | None, tender_id: str) -> TenderScreen:
    """The tender as ``viewer`` may see it: a caterer its own bid and whether it can bid, the
    organizer the ranked bids once bidding is over."""
    tender = deps.tenders.get(tender_id)
    now = deps.clock()
    is_open = tender.is_open_at(now)
    own: Bid | None = None
    standing: Outcome | None = None
    offers: list[Offer] = []
    is_organizer = viewer is not None and viewer.id == tender.organizer_id
    if viewer is not None and viewer.role is Role.CATERER:
        own = deps.bids.own_bid(tender.id, viewer.id)
        standing = outcome(tender, viewer.id, is_open) if own else None
    if is_organizer and viewer is not None and tender.status not in _BIDDING:
        lines = bidding.visible_bids(deps, Principal(viewer.id, viewer.role), tender.id)
        names = deps.accounts.languages_and_contacts(sorted({x.bid.caterer_id for x in lines}))
        award = tender.award.bid_id if tender.award else None
        budget = tender.draft.budget_max
        offers = [
            Offer(
                x,
                names.get(x.bid.caterer_id),
                x.bid.id == award,
                None if budget is None else x.bid.amount <= budget,
            )
            for x in lines
        ]
    winner = None
    if is_organizer and tender.award is not None:
        winner = deps.accounts.languages_and_contacts([tender.award.caterer_id]).get(
            tender.award.caterer_id
        )
    is_caterer = viewer is not None and viewer.role is Role.CATERER
    awarded = tender.status is TenderStatus.AWARDED and tender.award is not None
    return TenderScreen(
        tender=tender,
        is_organizer=is_organizer,
        can_bid=bool(
            viewer
            and viewer.role is Role.CATERER
            and (viewer.verified or tender.practice)  # anyone may practise
            and is_open
        ),
        own_bid=own,
        outcome=standing,
        bid_ceiling=bid_ceiling(tender),
        offers=offers,
        winner=winner,
        questions=deps.questions.of_tender(tender.id),
        can_ask=is_caterer
        and not tender.practice
        and tender.status is TenderStatus.OPEN
        and now < tender.questions_deadline,
        can_answer=is_organizer and tender.status is not TenderStatus.CANCELLED,
        # the best bid of an open auction stays: the auction's price never goes back up
        can_withdraw=own is not None and is_open and standing is not Outcome.LEADING,
        can_answer_award=is_caterer
        and awarded
        and tender.award is not None
        and viewer is not None
        and tender.award.caterer_id == viewer.id,
        can_extend=is_organizer and is_open,
        can_cancel=is_organizer and tender.status in CANCELLABLE,
        can_reject=is_organizer and awarded,
    )


_BIDDING = frozenset({TenderStatus.DRAFT, TenderStatus.OPEN})


def bid_ceiling(tender: Tender) -> Decimal | None:
    """Open mode: the highest amount the next bid may have, once someone has bid."""
    if tender.mode is not BidMode.OPEN or tender.best_amount is None:
        return None
    return highest_acceptable(tender.best_amount, tender.draft.min_decrement)


def live(deps: Deps, tender_id: str) -> Tender:
    """A fresh read for the page's live countdown and best amount."""
    return deps.tenders.get(tender_id)


def my_tenders(deps: Deps, principal: Principal) -> list[Tender]:
    principal.require(Role.ORGANIZER)
    return deps.tenders.by_organizer(principal.account_id)


def my_bids(deps: Deps, principal: Principal) -> list[MyBid]:
    """The caterer's live bids, latest first, each with its tender and where it stands."""
    principal.require(Role.CATERER)
    bids = deps.bids.by_caterer(principal.account_id)
    tenders = deps.listings.tenders([b.tender_id for b in bids])
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
