"""Keep a tender's one-time schedule on its next timed step, without ever failing the caller.

The stored ``due_at`` is the truth and the every-minute sweeper reads it: a schedule that
could not be set costs at most a minute of lateness, never a lost step, so a scheduling error
is logged rather than turned into a 5xx for the user whose action is already stored.
"""

from __future__ import annotations

import logging
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.services.deps import Deps

logger = logging.getLogger(__name__)


def wake(deps: Deps, tender_id: str, when: datetime) -> None:
    try:
        deps.scheduler.wake_at(tender_id, when)
    except (BotoCoreError, ClientError):
        logger.exception("could not schedule tender %s at %s", tender_id, when.isoformat())


def forget(deps: Deps, tender_id: str) -> None:
    try:
        deps.scheduler.forget(tender_id)
    except (BotoCoreError, ClientError):
        logger.exception("could not delete the schedule of tender %s", tender_id)
