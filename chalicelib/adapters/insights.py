"""The price insight's aggregate items (``price-stats``), read 12 at a time."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.adapters.models import PriceStatModel


class PriceStats:
    def per_guest(self, keys: list[str]) -> list[Decimal]:
        """Every per-guest price stored under ``keys`` (one batch read; absent keys add none)."""
        return [Decimal(str(p)) for item in PriceStatModel.batch_get(keys) for p in item.per_guest]
