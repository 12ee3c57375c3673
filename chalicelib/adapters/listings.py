"""Read-only queries the pages need beyond the API's: open tenders filtered by province *and*
event type, and tenders by id in one batch (a caterer's bids name their tenders).

Kept apart from ``tenders.py``, which holds the tender's state changes: nothing here writes.
"""

from __future__ import annotations

from chalicelib.adapters import pagination
from chalicelib.adapters.models import TenderModel
from chalicelib.adapters.tenders import Page, not_practice, to_domain
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender


class Listings:
    def browse(
        self,
        status: TenderStatus,
        province: Province | None,
        event_type: EventType | None,
        cursor: str | None,
        limit: int,
    ) -> Page:
        """Tenders in one status, newest first (GSI ``by-status``), filtered.

        DynamoDB applies ``limit`` before the filter, so a filtered page may hold fewer items
        than ``limit`` and still have a next cursor: the page offers "more" with it.
        """
        condition = not_practice()  # the onboarding practice tender is never listed
        if province is not None:
            condition &= TenderModel.province == province.value
        if event_type is not None:
            condition &= TenderModel.event_type == event_type.value
        result = TenderModel.status_index.query(
            status.value,
            filter_condition=condition,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=pagination.decode(
                cursor, {"id": None, "status": status.value, "created_at": None}
            ),
        )
        items, next_cursor = pagination.collect(result)
        return Page([to_domain(i) for i in items], next_cursor)

    def tenders(self, tender_ids: list[str]) -> dict[str, Tender]:
        """Tenders by id in one ``BatchGetItem`` (missing ids are simply absent)."""
        if not tender_ids:
            return {}
        return {i.id: to_domain(i) for i in TenderModel.batch_get(sorted(set(tender_ids)))}
