"""Open data on prices: what a guest typically costs, per province and event type."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from chalicelib.commands import PriceQuery
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.insights import MEAL_EVENTS, PriceInsight
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Result, Visit
from chalicelib.services import insights

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/insights/prices",
    methods=["GET"],
    query=PriceQuery,
    returns=(200, schemas.PriceInsightOut),
)
def price_insight(call: Call) -> Reply:
    """Anyone: the per-guest price of the meal tenders contracted in this province for this
    event type in the last 12 months (quartiles from 5 contracts on)."""
    return 200, schemas.PriceInsightOut.of(insights.prices(call.deps, call.query(PriceQuery)))


CHART_WIDTH = 300  # the SVG's user units; it scales to the phone's width


@pages.route("/insights", ["GET"])
def price_insights(visit: Visit) -> Result:
    """Anyone: what a guest costs in each province for one kind of event, as a chart drawn on
    the server (no script) and the same figures in a table."""
    chosen = visit.query("event_type") or EventType.WEDDING.value
    event = EventType(chosen) if chosen in {e.value for e in MEAL_EVENTS} else EventType.WEDDING
    found = insights.by_province(visit.deps, event)
    context = {"event": event, "events": MEAL_EVENTS, "rows": _rows(found), "width": CHART_WIDTH}
    return Html("insights.html", context)


def _rows(found: dict[Province, PriceInsight]) -> list[dict[str, Any]]:
    """Each province's figures and its bar's geometry (p25 to p75, the median's tick) on one
    scale: the highest p75 rounded up to 100 MAD is the chart's right end."""
    tops = [i.per_guest.p75 for i in found.values() if i.per_guest is not None]
    end = (max(tops, default=Decimal(1)) / 100).to_integral_value(ROUND_CEILING) * 100

    def x(amount: Decimal) -> float:
        return round(float(amount / end) * CHART_WIDTH, 1)

    rows = []
    for province, insight in found.items():
        q = insight.per_guest
        bar = None if q is None else {"x": x(q.p25), "w": x(q.p75) - x(q.p25), "m": x(q.median)}
        rows.append({"province": province, "insight": insight, "bar": bar})
    return rows
