"""Price insight: what a guest typically costs here, over the last 12 months' contracts."""

from __future__ import annotations

from chalicelib.commands import PriceQuery
from chalicelib.domain.insights import PriceInsight, months_back, stat_key, summarize
from chalicelib.services.deps import Deps


def prices(deps: Deps, query: PriceQuery) -> PriceInsight:
    keys = [stat_key(query.province, query.event_type, m) for m in months_back(deps.clock())]
    return summarize(deps.insights.per_guest(keys))
