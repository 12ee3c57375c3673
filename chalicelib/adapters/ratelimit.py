"""Fixed-window rate limits on a DynamoDB counter: one ``UpdateItem`` per hit, no read; and
failure counters for the log-in back-off (``domain.quota.Backoff``), in the same table.

Why a table and not memory: Lambda runs many short-lived copies of the app, so a counter in
process memory would limit nothing. Each hit atomically adds 1 to the counter of the current
window (``ADD`` creates the item when absent) and gets the new value back in the same request,
so concurrent hits are all counted. DynamoDB's TTL removes old windows (on AWS; moto keeps
them, which changes nothing). Which limits apply to what is ``services/throttles.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.models import RateLimitModel
from chalicelib.domain.quota import KEPT, Quota


def hit_actions(q: Quota) -> list[Action]:
    """What another write adds to carry the hit (a bid's transaction)."""
    return [RateLimitModel.hits.add(1), RateLimitModel.expires_at.set(q.expires_at)]


def under_limit(q: Quota) -> Condition:
    """The condition that refuses a carried hit once the counter is at its limit."""
    under: Condition = RateLimitModel.hits.does_not_exist() | (RateLimitModel.hits < q.limit)
    return under


class RateLimiter:
    def hit(self, q: Quota) -> timedelta | None:
        """Count one hit; ``None`` while at most ``q.limit`` hits fell in the current window,
        else how long until the window ends (the caller's "retry after")."""
        counter = RateLimitModel(key=q.counter)
        counter.update(actions=hit_actions(q))
        return None if int(counter.hits) <= q.limit else q.retry_after

    def failures(self, key: str) -> tuple[int, datetime] | None:
        """How many failures ``key`` has had, and when the last one was (``None``: none)."""
        try:
            item = RateLimitModel.get(key, consistent_read=True)
        except RateLimitModel.DoesNotExist:
            return None
        return int(item.hits), datetime.fromtimestamp(float(item.last_at or 0), UTC)

    def fail(self, key: str, now: datetime) -> None:
        """Count one failure (concurrent ones all count: ``ADD``)."""
        RateLimitModel(key=key).update(
            actions=[
                RateLimitModel.hits.add(1),
                RateLimitModel.last_at.set(now.timestamp()),
                RateLimitModel.expires_at.set(int((now + KEPT).timestamp())),
            ]
        )

    def forget(self, key: str) -> None:
        """A success: the failures no longer count."""
        RateLimitModel(key=key).delete()
