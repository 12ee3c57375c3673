"""Close tenders at their deadline, award them, tell everyone: exactly once, however often fired.

Both the one-time schedule and the every-minute sweeper call ``close_tender``; each step is a
conditional write that only one caller can win, and every later step is idempotent, so any
number of concurrent or repeated firings give one close, one award and one set of notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.bid import choose_award
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender
from chalicelib.services import notifications
from chalicelib.services.deps import Deps


@dataclass(frozen=True)
class SweepReport:
    closed: int
    messages_sent: int


def close_tender(deps: Deps, tender_id: str) -> Tender:
    """Drive one tender from open past its deadline to awarded or unsuccessful, with notices."""
    tender = deps.tenders.get(tender_id, consistent=True)
    if tender.status is TenderStatus.OPEN:
        if not deps.tenders.mark_closed(tender_id, deps.clock()):
            return deps.tenders.get(tender_id, consistent=True)  # not due yet, or raced
        tender = deps.tenders.get(tender_id, consistent=True)
    if tender.status is TenderStatus.CLOSED:
        deps.tenders.record_outcome(tender_id, choose_award(deps.tenders.live_bids(tender_id)))
        tender = deps.tenders.get(tender_id, consistent=True)
    if tender.notices_pending:
        _notify(deps, tender)
    return tender


def _notify(deps: Deps, tender: Tender) -> None:
    notices = notifications.write_close_notices(deps, tender, deps.tenders.live_bids(tender.id))
    deps.tenders.notices_written(tender.id)
    notifications.deliver(deps, [(n.recipient_id, n.id) for n in notices])


def sweep(deps: Deps) -> SweepReport:
    """Close every tender past its deadline and finish any interrupted notification."""
    now = deps.clock()
    due = set(deps.tenders.due(now)) | set(deps.tenders.with_pending_notices())
    for tender_id in sorted(due):
        close_tender(deps, tender_id)
    return SweepReport(closed=len(due), messages_sent=notifications.deliver_pending(deps))
