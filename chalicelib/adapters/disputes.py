"""Dispute storage: the item written when a party opens one, the admins' queue (open first)
and a tender's disputes. The writes that touch the tender too are in ``adapters/deals.py``."""

from __future__ import annotations

from chalicelib.adapters import pagination
from chalicelib.adapters.models import DisputeModel
from chalicelib.domain.contract import Side
from chalicelib.domain.dispute import Dispute, DisputeStatus
from chalicelib.domain.errors import NotFound

QUEUE = "disputes"


def place(dispute: Dispute) -> str:
    """The queue's sort key: open disputes before decided ones, each oldest first."""
    rank = 0 if dispute.status is DisputeStatus.OPEN else 1
    return f"{rank}#{dispute.created_at.isoformat()}"


def dispute_item(dispute: Dispute) -> DisputeModel:
    return DisputeModel(
        id=dispute.id,
        tender_id=dispute.tender_id,
        opened_by=dispute.opened_by.value,
        reason=dispute.reason,
        status=dispute.status.value,
        created_at=dispute.created_at,
        queue=QUEUE,
        place=place(dispute),
    )


def to_domain(item: DisputeModel) -> Dispute:
    return Dispute(
        id=item.id,
        tender_id=item.tender_id,
        opened_by=Side(item.opened_by),
        reason=item.reason,
        created_at=item.created_at,
        status=DisputeStatus(item.status),
        note=item.note or "",
        decided_at=item.decided_at,
    )


class DisputeRepository:
    def get(self, dispute_id: str) -> Dispute:
        try:
            return to_domain(DisputeModel.get(dispute_id, consistent_read=True))
        except DisputeModel.DoesNotExist as error:
            raise NotFound("no dispute with this id") from error

    def of_tender(self, tender_id: str) -> list[Dispute]:
        return [to_domain(i) for i in DisputeModel.tender_index.query(tender_id)]

    def queue(self, cursor: str | None, limit: int) -> tuple[list[Dispute], str | None]:
        """Open disputes first, oldest first, then the decided ones."""
        start = pagination.decode(cursor, {"id": None, "queue": QUEUE, "place": None})
        result = DisputeModel.queue_index.query(QUEUE, limit=limit, last_evaluated_key=start)
        items, next_cursor = pagination.collect(result)
        return [to_domain(i) for i in items], next_cursor
