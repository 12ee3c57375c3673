"""Open data: a tender's OCDS releases and record, the index of every public release, and
its history for the people concerned. Everything is read as it was written at each step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain import ocds
from chalicelib.domain.account import Principal, Viewer
from chalicelib.domain.bid import Bid
from chalicelib.domain.errors import Forbidden, NotFound
from chalicelib.domain.history import Release, Step, may_read_history
from chalicelib.domain.tender import Tender
from chalicelib.services.deps import Deps

INDEX_PAGE = 100


def _published(deps: Deps, steps: list[Step]) -> list[Release]:
    prefix = deps.settings.ocid_prefix
    return [
        ocds.stamped(prefix, s.tender_id, s.seq, s.at, s.release)
        for s in steps
        if s.release is not None
    ]


def releases(deps: Deps, tender_id: str) -> list[Release]:
    """Anyone: the tender's releases, oldest first (404 for a tender with none)."""
    found = _published(deps, deps.history.steps(tender_id))
    if not found:
        raise NotFound("no such tender")
    return found


def record(deps: Deps, tender_id: str) -> tuple[list[Release], Release]:
    """The releases and their compiled release (OCDS's merge, tested equal to ocdsmerge's)."""
    found = releases(deps, tender_id)
    return found, ocds.compiled(found)


def index(
    deps: Deps, since: datetime | None, cursor: str | None
) -> tuple[list[Release], str | None]:
    """Every public release from ``since`` on, oldest first, a page at a time."""
    steps, following = deps.history.releases(since, cursor, INDEX_PAGE, deps.clock())
    return _published(deps, steps), following


@dataclass(frozen=True)
class TenderHistory:
    tender: Tender
    steps: list[Step]
    revisions: list[tuple[Bid, bool]]  # the organizer's, once bidding closed: (bid, withdrawn)


def history(deps: Deps, principal: Principal, tender_id: str) -> TenderHistory:
    tender = deps.tenders.get(tender_id, consistent=True)
    found = visible_history(deps, Viewer(principal.account_id, principal.role), tender)
    if found is None:
        raise Forbidden("a tender's history is for its organizer, its bidders and admins")
    return found


def visible_history(deps: Deps, viewer: Viewer | None, tender: Tender) -> TenderHistory | None:
    """Its organizer, its bidders and admins (None for anyone else): every step, but a
    dispute's only to the parties; every bid's revisions to the organizer once bidding has
    closed."""
    if viewer is None or tender.practice:
        return None
    if not may_read_history(viewer, tender.organizer_id, tender.bidder_ids):
        return None
    parties = frozenset(i for i in (tender.organizer_id, tender.winner_id) if i)
    steps = [s for s in deps.history.steps(tender.id) if s.visible_to(viewer, parties)]
    revisions: list[tuple[Bid, bool]] = []
    organizer = viewer.account_id == tender.organizer_id
    if organizer and tender.closed_at is not None:  # once bidding closed
        revisions = deps.bids.revisions(tender.id)
    return TenderHistory(tender, steps, revisions)
