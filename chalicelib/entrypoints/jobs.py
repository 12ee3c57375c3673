"""Scheduled entry points: the exact-time closer and the every-minute sweeper."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from chalicelib.bootstrap import deps
from chalicelib.entrypoints.views import utc
from chalicelib.services import closing

logger = logging.getLogger(__name__)


def close(event: dict[str, Any]) -> dict[str, Any]:
    """Invoked by the tender's one-time EventBridge Scheduler schedule with ``{"tender_id"}``."""
    tender_id = str(event.get("tender_id", ""))
    try:
        uuid.UUID(tender_id)
    except ValueError:
        logger.error("closer invoked without a tender id: %r", event)
        return {"closed": False, "reason": "no tender_id"}
    tender = closing.close_tender(deps(), tender_id)
    return {"tender_id": tender.id, "status": tender.status.value, "at": utc(deps().clock())}


def sweep() -> dict[str, Any]:
    report = closing.sweep(deps())
    return {"closed": report.closed, "messages_sent": report.messages_sent}
