"""Fixed-window rate limits on a DynamoDB counter: one ``UpdateItem`` per hit, no read.

Why a table and not memory: Lambda runs many short-lived copies of the app, so a counter in
process memory would limit nothing. Each hit atomically adds 1 to the counter of the current
window (``ADD`` creates the item when absent) and gets the new value back in the same request,
so concurrent hits are all counted. The window's start is part of the key: a new window is a
new item, old ones are never read again and DynamoDB's TTL removes them (on AWS; moto keeps
them, which changes nothing).

Generic on purpose: ``hit(key, limit, window, now)`` serves the login throttle of the pages
today and can serve the API's rate limits (``rate_limited`` 429) with other keys later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.models import RateLimitModel

# Counters outlive their window a little, so a clock slightly behind still finds its counter.
GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Quota:
    """One hit on the counter of the current window, with its limit.

    Another write can carry it (``actions`` + ``condition`` in its transaction), so that a bid
    and its rate limits are still one DynamoDB request: the hit counts only if the bid is
    written, and an over-limit bid is refused by the same transaction.
    """

    counter: str
    limit: int
    expires_at: int
    retry_after: timedelta

    def actions(self) -> list[Action]:
        return [RateLimitModel.hits.add(1), RateLimitModel.expires_at.set(self.expires_at)]

    def condition(self) -> Condition:
        under: Condition = RateLimitModel.hits.does_not_exist() | (RateLimitModel.hits < self.limit)
        return under


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


class RateLimiter:
    def hit(self, key: str, limit: int, window: timedelta, now: datetime) -> timedelta | None:
        """Count one hit on ``key``; ``None`` while at most ``limit`` hits fell in the current
        window, else how long until the window ends (the caller's "retry after")."""
        q = quota(key, limit, window, now)
        counter = RateLimitModel(key=q.counter)
        counter.update(actions=q.actions())
        return None if int(counter.hits) <= limit else q.retry_after
