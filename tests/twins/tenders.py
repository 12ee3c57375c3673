"""The tender and bid repositories in memory: the same items (``tender_items``), the same
rules (the lifecycle table, ``auction.refusal``), the same refusals, no DynamoDB.

Each write checks its whole condition before changing anything, so like a DynamoDB
transaction it happens entirely or not at all. Items are PynamoDB models that are never saved:
``to_domain`` reads them back exactly as the real repository does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from chalicelib.adapters import pagination
from chalicelib.adapters.bids import tender_refusal
from chalicelib.adapters.models import TenderModel
from chalicelib.adapters.tender_items import (
    DUE,
    PENDING,
    as_practice,
    ranking_to_json,
    tender_item,
    to_domain,
)
from chalicelib.domain.account import Role
from chalicelib.domain.auction import OpenTerms
from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized
from chalicelib.domain.history import Step
from chalicelib.domain.lifecycle import CANCELLABLE, TenderStatus, check_move
from chalicelib.domain.onboarding import PRACTICE_BID
from chalicelib.domain.quota import Quota
from chalicelib.domain.ranking import Ranked
from chalicelib.domain.tender import BidMode, Tender, TenderPage
from tests.twins.accounts import MemoryAccounts, MemoryRateLimits


class MemoryHistory:
    """Each tender's steps as the real history numbers them: after the last, never earlier."""

    def __init__(self) -> None:
        self.by_tender: dict[str, list[Step]] = {}

    def append(self, step: Step) -> bool:
        kept = self.by_tender.setdefault(step.tender_id, [])
        at = max(step.at, kept[-1].at) if kept else step.at
        kept.append(replace(step, seq=len(kept) + 1, at=at.astimezone(UTC)))
        return True

    def steps(self, tender_id: str) -> list[Step]:
        return list(self.by_tender.get(tender_id, []))

    def releases(
        self, since: datetime | None, cursor: str | None, limit: int, now: datetime
    ) -> tuple[list[Step], str | None]:
        public = sorted(
            (s for kept in self.by_tender.values() for s in kept if s.release is not None),
            key=lambda s: (s.at, s.tender_id, s.seq),
        )
        public = [s for s in public if since is None or s.at >= since]
        start = pagination.decode(cursor, {"after": None})
        skip = int(start["after"]["S"]) if start else 0
        page = public[skip : skip + limit]
        more = skip + limit < len(public)
        return page, pagination.encode({"after": {"S": str(skip + limit)}}) if more else None


class MemoryTenders:
    def __init__(self, history: MemoryHistory | None = None) -> None:
        self.items: dict[str, TenderModel] = {}
        self.history = history or MemoryHistory()

    def item(self, tender_id: str) -> TenderModel:
        if tender_id not in self.items:
            raise NotFound("no such tender")
        return self.items[tender_id]

    def add_practice(self, tender: Tender, due_at: datetime) -> bool:
        if tender.id in self.items:
            return False
        self.items[tender.id] = as_practice(tender_item(tender, due_at))
        return True

    def add_order(self, order: Sequence[tuple[Tender, Step]], due_at: datetime) -> None:
        if any(tender.id in self.items for tender, _ in order):
            raise Conflict("a tender with this id exists")
        for tender, step in order:
            self.items[tender.id] = tender_item(tender, due_at)
            self.history.append(step)

    def get(self, tender_id: str, *, consistent: bool = False) -> Tender:
        return to_domain(self.item(tender_id))

    def page(
        self,
        status: TenderStatus | None,
        province: Province | None,
        cursor: str | None,
        limit: int,
        event_type: EventType | None = None,
    ) -> TenderPage:
        """Newest first; like DynamoDB, ``limit`` counts the items read before the filters."""
        index = sorted(
            (i for i in self.items.values() if status is None or i.status == status.value),
            key=lambda i: (i.created_at, i.id),
            reverse=True,
        )
        start = pagination.decode(cursor, {"id": None})
        if start is not None:
            ids = [i.id for i in index]
            after = start["id"]["S"]
            index = index[ids.index(after) + 1 :] if after in ids else []
        read = index[:limit]
        shown = [
            to_domain(i)
            for i in read
            if not i.practice
            and (province is None or i.province == province.value)
            and (event_type is None or i.event_type == event_type.value)
        ]
        more = len(read) == limit
        return TenderPage(shown, pagination.encode({"id": {"S": read[-1].id}}) if more else None)

    def by_ids(self, tender_ids: list[str]) -> dict[str, Tender]:
        return {i: to_domain(self.items[i]) for i in set(tender_ids) if i in self.items}

    def by_organizer(self, organizer_id: str, limit: int = 100) -> list[Tender]:
        mine = [i for i in self.items.values() if i.organizer_id == organizer_id]
        mine.sort(key=lambda i: i.created_at, reverse=True)
        return [to_domain(i) for i in mine[:limit]]

    def due(self, now: datetime) -> Iterator[str]:
        for item in list(self.items.values()):
            if item.due == DUE and item.due_at is not None and item.due_at <= now:
                yield item.id

    def with_pending_events(self, limit: int | None = None) -> Iterator[str]:
        pending = [i for i in self.items.values() if i.outbox == PENDING]
        pending.sort(key=lambda i: i.outbox_at)
        yield from (i.id for i in pending[:limit])

    # --- state changes: check everything, then change ------------------------------------

    def _moves(self, tender_id: str, current: frozenset[TenderStatus], to: TenderStatus) -> bool:
        for status in current:
            check_move(status, to)
        item = self.items.get(tender_id)
        return item is not None and TenderStatus(item.status) in current

    @staticmethod
    def event(item: TenderModel, key: str, now: datetime) -> None:
        item.events = (item.events or set()) | {key}
        item.outbox, item.outbox_at = PENDING, now

    @staticmethod
    def not_due(item: TenderModel) -> None:
        item.due = item.due_at = None

    @staticmethod
    def _award(item: TenderModel, ranked: Ranked, index: int, confirm_by: datetime) -> None:
        item.award_index = index
        item.award_bid_id, item.award_caterer_id = ranked.bid_id, ranked.caterer_id
        item.award_amount, item.confirm_by = ranked.amount, confirm_by
        item.due, item.due_at = DUE, confirm_by

    def mark_closed(self, tender_id: str, now: datetime, step: Step) -> bool:
        open_ = frozenset({TenderStatus.OPEN})
        if not self._moves(tender_id, open_, TenderStatus.CLOSED):
            return False
        item = self.items[tender_id]
        if item.bid_deadline > now or item.practice:
            return False
        item.status, item.closed_at = TenderStatus.CLOSED.value, now
        return self.history.append(step)

    def record_outcome(
        self,
        tender_id: str,
        ranking: list[Ranked],
        confirm_by: datetime,
        now: datetime,
        step: Step,
    ) -> bool:
        target = TenderStatus.AWARDED if ranking else TenderStatus.UNSUCCESSFUL
        if not self._moves(tender_id, frozenset({TenderStatus.CLOSED}), target):
            return False
        item = self.items[tender_id]
        item.status = target.value
        self.event(item, "closed", now)
        if ranking:
            item.ranking = ranking_to_json(ranking)
            self._award(item, ranking[0], 0, confirm_by)
        else:
            self.not_due(item)
        return self.history.append(step)

    def pass_award(
        self,
        tender: Tender,
        outcome: str,
        reason: str,
        confirm_by: datetime,
        now: datetime,
        step: Step,
    ) -> bool:
        """As the real one, without the award log (which nothing reads back)."""
        if tender.award is None:
            raise ValueError("only an awarded tender can pass its award on")
        following = tender.runner_up()
        target = TenderStatus.AWARDED if following is not None else TenderStatus.UNSUCCESSFUL
        if not self._moves(tender.id, frozenset({TenderStatus.AWARDED}), target):
            return False
        item = self.items[tender.id]
        if item.award_bid_id != tender.award.bid_id:
            return False
        if following is not None:
            index = tender.award_index + 1
            self._award(item, following, index, confirm_by)
            self.event(item, f"passed:{index}", now)
        else:
            item.status = target.value
            item.award_bid_id = item.award_caterer_id = item.award_amount = None
            item.confirm_by = None
            self.not_due(item)
            self.event(item, "exhausted", now)
        return self.history.append(step)

    def cancel(
        self, tender_id: str, organizer_id: str, reason: str, now: datetime, step: Step
    ) -> bool:
        target = TenderStatus.CANCELLED
        current = frozenset({step.before}) & CANCELLABLE if step.before else frozenset()
        if not current:
            raise ValueError("a tender is cancelled from a status it can be cancelled from")
        if not self._moves(tender_id, current, target):
            return False
        item = self.items[tender_id]
        if item.organizer_id != organizer_id:
            return False
        item.status, item.cancel_reason, item.confirm_by = target.value, reason, None
        self.not_due(item)
        self.event(item, "cancelled", now)
        return self.history.append(step)

    def extend_deadline(
        self, tender: Tender, new_deadline: datetime, now: datetime, step: Step
    ) -> bool:
        item = self.items.get(tender.id)
        if (
            item is None
            or item.status != TenderStatus.OPEN.value
            or item.organizer_id != tender.organizer_id
            or item.bid_deadline != tender.bid_deadline
            or item.bid_deadline <= now
        ):
            return False
        item.bid_deadline = new_deadline
        item.due, item.due_at = DUE, new_deadline
        self.event(item, f"extended:{new_deadline.isoformat()}", now)
        return self.history.append(step)

    def event_done(self, tender_id: str, key: str) -> None:
        item = self.item(tender_id)
        item.events = (item.events or set()) - {key} or None
        if not item.events:
            item.outbox = item.outbox_at = None


class MemoryBids:
    """Live bids (one per tender and caterer) and every revision, beside the tenders,
    accounts and rate-limit counters a bid's transaction touches."""

    def __init__(
        self, tenders: MemoryTenders, accounts: MemoryAccounts, limits: MemoryRateLimits
    ) -> None:
        self.tenders, self.accounts, self.limits = tenders, accounts, limits
        self.live: dict[tuple[str, str], Bid] = {}
        self.history: dict[str, list[tuple[str, Bid, bool]]] = {}

    def place(
        self,
        bid: Bid,
        open_terms: OpenTerms | None,
        quotas: Sequence[Quota] = (),
        session_id: str = "",
    ) -> None:
        account = self.accounts.items.get(bid.caterer_id)
        if account is None or account.role != Role.CATERER.value or not account.verified:
            raise Forbidden("only verified caterers can bid")
        if session_id:  # the twins keep no sessions: a token's session is never live here
            raise Unauthorized("this session has ended: log in again")
        spent = next((q for q in quotas if self.limits.hits(q.counter) >= q.limit), None)
        if spent is not None:
            raise RateLimited("too many requests: slow down and try again later", spent.retry_after)
        item = self.tenders.item(bid.tender_id)
        refused = tender_refusal(item, bid, open_terms)
        if refused is not None:
            raise refused
        item.bidder_ids = (item.bidder_ids or set()) | {bid.caterer_id}
        if open_terms is not None:
            item.best_amount, item.best_caterer_id = bid.amount, bid.caterer_id
            item.accept_at_most = open_terms.ceiling
            if open_terms.extend_to is not None:
                item.bid_deadline = item.due_at = open_terms.extend_to
            if open_terms.outbid is not None:
                self.tenders.event(item, open_terms.outbid, bid.submitted_at)
        self.live[bid.tender_id, bid.caterer_id] = bid
        self._revise(bid, withdrawn=False)
        for q in quotas:
            self.limits.add(q.counter)

    def _revise(self, bid: Bid, withdrawn: bool) -> None:
        key = f"{bid.submitted_at.isoformat()}#{bid.id}{'#withdrawn' if withdrawn else ''}"
        revisions = self.history.setdefault(bid.tender_id, [])
        revisions.append((key, bid, withdrawn))
        revisions.sort(key=lambda r: r[0])

    def place_practice(self, bid: Bid) -> None:
        account = self.accounts.items.get(bid.caterer_id)
        if account is None or account.role != Role.CATERER.value:
            raise Forbidden("only caterers can bid")
        item = self.tenders.items.get(bid.tender_id)
        if item is None or item.status != TenderStatus.OPEN.value or not item.practice:
            raise NotFound("no such practice tender")
        account.learned = (account.learned or set()) | {PRACTICE_BID}
        item.bidder_ids = (item.bidder_ids or set()) | {bid.caterer_id}
        self.live[bid.tender_id, bid.caterer_id] = bid
        self._revise(bid, withdrawn=False)

    def withdraw(self, bid: Bid, now: datetime) -> None:
        item = self.tenders.items.get(bid.tender_id)
        live = self.live.get((bid.tender_id, bid.caterer_id))
        changed = Conflict("your bid changed meanwhile; look again before withdrawing")
        if item is None:
            raise changed
        if item.status != TenderStatus.OPEN.value or item.bid_deadline <= now:
            raise Conflict("bidding has ended: a bid can no longer be withdrawn")
        if item.mode == BidMode.OPEN.value and item.best_caterer_id == bid.caterer_id:
            raise Conflict("the best bid of an open auction cannot be withdrawn")
        if live is None or live.id != bid.id:
            raise changed
        item.bidder_ids = (item.bidder_ids or set()) - {bid.caterer_id} or None
        del self.live[bid.tender_id, bid.caterer_id]
        self._revise(Bid(bid.id, bid.tender_id, bid.caterer_id, bid.amount, "", now), True)

    def live_bids(self, tender_id: str) -> list[Bid]:
        found = [b for (t, _), b in self.live.items() if t == tender_id]
        return sorted(found, key=lambda b: b.caterer_id)

    def own_bid(self, tender_id: str, caterer_id: str) -> Bid | None:
        return self.live.get((tender_id, caterer_id))

    def revisions(self, tender_id: str) -> list[tuple[Bid, bool]]:
        return [(bid, withdrawn) for _, bid, withdrawn in self.history.get(tender_id, [])]

    def by_caterer(self, caterer_id: str, limit: int = 100) -> list[Bid]:
        mine = [b for (_, c), b in self.live.items() if c == caterer_id]
        return sorted(mine, key=lambda b: b.submitted_at, reverse=True)[:limit]
