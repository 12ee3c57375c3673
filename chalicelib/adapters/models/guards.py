"""Once-only requests (idempotency keys) and rate-limit counters."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
)

from chalicelib.adapters.models.base import OnDemand, Table, table_name


class IdempotencyModel(Table):
    """First response to a create request, replayed for the same ``Idempotency-Key`` for 24 h."""

    class Meta(OnDemand):
        table_name = table_name("idempotency")

    key = UnicodeAttribute(hash_key=True)
    request_hash = UnicodeAttribute()
    status_code = NumberAttribute(null=True)
    response = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()


class RateLimitModel(Table):
    """One counter per key and fixed window (``login:<who>@<window start>``).

    The window start is in the key, so a new window is a new item and nothing is ever reset or
    read back; TTL deletes old counters on AWS (moto never does, and nothing needs it to).
    """

    class Meta(OnDemand):
        table_name = table_name("rate-limits")

    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    expires_at = NumberAttribute()
    last_at = NumberAttribute(null=True)  # failure counters: when the last failure happened
