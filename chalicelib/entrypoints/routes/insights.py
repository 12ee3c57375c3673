"""Open data on prices: what a guest typically costs, per province and event type."""

from __future__ import annotations

from chalicelib.commands import PriceQuery
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
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
