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
from datetime import datetime, timedelta

from chalicelib.adapters.models import RateLimitModel

# Counters outlive their window a little, so a clock slightly behind still finds its counter.
GRACE = timedelta(minutes=5)


class RateLimiter:
    def hit(self, key: str, limit: int, window: timedelta, now: datetime) -> timedelta | None:
        """Count one hit on ``key``; ``None`` while at most ``limit`` hits fell in the current
        window, else how long until the window ends (the caller's "retry after")."""
        width = max(1, math.ceil(window.total_seconds()))
        epoch = now.timestamp()
        start = int(epoch // width) * width
        counter = RateLimitModel(key=f"{key}@{start}")
        counter.update(
            actions=[
                RateLimitModel.hits.add(1),
                RateLimitModel.expires_at.set(start + width + int(GRACE.total_seconds())),
            ]
        )
        if int(counter.hits) <= limit:
            return None
        return timedelta(seconds=max(1.0, start + width - epoch))
