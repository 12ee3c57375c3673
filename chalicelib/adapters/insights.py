"""The price insight's aggregate items (``price-stats``), read 12 at a time."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.adapters.models import PriceStatModel


class PriceStats:
    def per_guest_by_key(self, keys: list[str]) -> dict[str, list[Decimal]]:
        """The per-guest prices stored under each of ``keys`` that exists (one batch read,
        split by DynamoDB's 100 keys a request)."""
        return {
            item.key: [Decimal(str(p)) for p in item.per_guest]
            for item in PriceStatModel.batch_get(keys)
        }
