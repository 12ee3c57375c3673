"""Fixed-window rate limits as values: which counter a hit goes to, its limit, when it expires.

Pure: the counter's key carries the window's start, so the storage only adds 1 and compares;
a new window is a new counter, and an old one is never read again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# Counters outlive their window a little, so a clock slightly behind still finds its counter.
GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Quota:
    """One hit on the counter of the current window, with its limit.

    Another write can carry it (in its transaction), so that a bid and its rate limits are
    still one DynamoDB request: the hit counts only if the bid is written, and an over-limit
    bid is refused by the same transaction.
    """

    counter: str
    limit: int
    expires_at: int
    retry_after: timedelta


def quota(key: str, limit: int, window: timedelta, now: datetime) -> Quota:
    width = max(1, math.ceil(window.total_seconds()))
    epoch = now.timestamp()
    start = int(epoch // width) * width
    return Quota(
        counter=f"{key}@{start}",
        limit=limit,
        expires_at=start + width + int(GRACE.total_seconds()),
        retry_after=timedelta(seconds=max(1.0, start + width - epoch)),
    )


@dataclass(frozen=True)
class Backoff:
    """How long failed attempts make the next one wait (wrong passwords from one address at
    one login): the first ``free`` failures cost nothing, then each one doubles the wait after
    the last failure, from ``first`` up to ``longest``. A success forgets them all, and so
    does a day without failures (``KEPT``).

    Counted per (address, login), so a guesser slows only itself: the owner typing the right
    password from another address is never refused.
    """

    free: int
    first: timedelta
    longest: timedelta

    def wait(self, failures: int, last_at: datetime, now: datetime) -> timedelta | None:
        """How long until the next attempt may be made, or ``None`` if it may be made now."""
        if failures < self.free:
            return None
        doublings = min(failures - self.free, 30)  # 2**30 seconds is past any ``longest``
        left = last_at + min(self.first * 2**doublings, self.longest) - now
        return left if left > timedelta(0) else None


KEPT = timedelta(days=1)  # a failure counter is forgotten a day after its last failure
