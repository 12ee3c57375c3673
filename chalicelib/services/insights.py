"""Price insight: what a guest typically costs here, over the last 12 months' contracts."""

from __future__ import annotations

from chalicelib.commands import PriceQuery
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.insights import PriceInsight, months_back, stat_key, summarize
from chalicelib.services.deps import Deps


def prices(deps: Deps, query: PriceQuery) -> PriceInsight:
    return by_province(deps, query.event_type, (query.province,))[query.province]


def by_province(
    deps: Deps, event_type: EventType, provinces: tuple[Province, ...] = tuple(Province)
) -> dict[Province, PriceInsight]:
    """The insight of each province for one event type (one batch read of their 12 months)."""
    months = months_back(deps.clock())
    keys = {p: [stat_key(p, event_type, m) for m in months] for p in provinces}
    found = deps.insights.per_guest_by_key([k for ks in keys.values() for k in ks])
    return {p: summarize([x for k in ks for x in found.get(k, [])]) for p, ks in keys.items()}
