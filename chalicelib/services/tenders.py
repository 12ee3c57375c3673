"""Post tenders, read them, list them."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.adapters.tenders import Page
from chalicelib.commands import PostTender, TenderQuery
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender, TenderDraft, check_draft
from chalicelib.services.deps import Deps

logger = logging.getLogger(__name__)


def post_tender(deps: Deps, principal: Principal, command: PostTender) -> Tender:
    """Open a tender for bids and schedule its close at the deadline."""
    principal.require(Role.ORGANIZER)
    now = deps.clock()
    draft = TenderDraft(
        title=command.title,
        event_type=command.event_type,
        event_date=command.event_date,
        province=command.province,
        venue=command.venue,
        guests=command.guests,
        menu=tuple(command.menu),
        dietary=tuple(dict.fromkeys(command.dietary)),
        service_style=command.service_style,
        mode=command.mode,
        bid_deadline=command.bid_deadline.astimezone(UTC),
        budget_max=command.budget_max_mad,
        min_decrement=command.min_decrement_mad,
    )
    check_draft(draft, now, deps.settings.minimum_bidding_window)
    tender = Tender(
        id=str(uuid.uuid4()),
        organizer_id=principal.account_id,
        draft=draft,
        status=TenderStatus.OPEN,
        created_at=now,
        bid_deadline=draft.bid_deadline,
    )
    deps.tenders.add(tender)
    try:
        deps.scheduler.close_at(tender.id, tender.bid_deadline)
    except (BotoCoreError, ClientError):
        # The tender is stored and open; the every-minute sweeper closes it if no schedule does.
        logger.exception("could not schedule the close of tender %s", tender.id)
    return tender


def get_tender(deps: Deps, tender_id: str) -> Tender:
    return deps.tenders.get(tender_id)


def list_tenders(deps: Deps, query: TenderQuery) -> Page:
    status = TenderStatus(query.status) if query.status else None
    return deps.tenders.page(status, query.province, query.cursor, query.limit)
