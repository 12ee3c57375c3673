"""Scheduled entry points: the exact-time closer and the every-minute sweeper."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from chalicelib.adapters import telemetry
from chalicelib.bootstrap import deps
from chalicelib.entrypoints.wire import utc
from chalicelib.services import closing

logger = logging.getLogger(__name__)


def job_id(context: Any, fallback: str | None = None) -> str:
    """A job's correlation id: Lambda's request id (also in its START/REPORT log lines)."""
    return str(getattr(context, "aws_request_id", None) or fallback or uuid.uuid4())


def close(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Invoked by the tender's one-time EventBridge Scheduler schedule with ``{"tender_id"}``."""
    tender_id = str(event.get("tender_id", ""))
    with telemetry.invocation(job_id(context), "close_tender", job="close_tender") as log:
        try:
            uuid.UUID(tender_id)
        except ValueError:
            logger.error("closer invoked without a tender id: %r", event)
            return {"closed": False, "reason": "no tender_id"}
        log.thread_safe_append_keys(tender_id=tender_id)
        tender = closing.close_tender(deps(), tender_id)
        log.info("tender stepped", extra={"status": tender.status.value})
        return {"tender_id": tender.id, "status": tender.status.value, "at": utc(deps().clock())}


def sweep(event: Any = None) -> dict[str, Any]:
    """Every minute: whatever a schedule missed, and notices not yet delivered."""
    fallback = getattr(event, "event_id", None)
    with telemetry.invocation(job_id(getattr(event, "context", None), fallback), "sweep") as log:
        log.thread_safe_append_keys(job="sweep")
        report = closing.sweep(deps())
        log.info("swept", extra={"stepped": report.stepped, "messages_sent": report.messages_sent})
        return {"stepped": report.stepped, "messages_sent": report.messages_sent}
