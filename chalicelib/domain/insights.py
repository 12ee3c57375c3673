"""Price insight: what a guest costs, per province and event type, over contracted tenders.

Pure. Each contract of a meal tender adds its per-guest price to the month it was contracted
in (``month_of``); a summary reads the last 12 months (``months_back``) and gives quartiles
once there are ``MIN_PRICES`` of them — fewer would show one family's price, not a typical one.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.domain.catalog import MOROCCO, PRODUCT_EVENTS, EventType, Province

MEAL_EVENTS = tuple(e for e in EventType if e not in PRODUCT_EVENTS)  # those with a guest price
MONTHS = 12
MIN_PRICES = 5
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Quartiles:
    p25: Decimal
    median: Decimal
    p75: Decimal


@dataclass(frozen=True)
class PriceInsight:
    count: int
    per_guest: Quartiles | None  # None under ``MIN_PRICES``
    months: int = MONTHS


def per_guest(event_type: EventType, amount: Decimal, guests: int) -> Decimal | None:
    """The contracted amount per guest, to the centime; None for a products tender (its
    ``guests`` is a quantity of goods, not people)."""
    if event_type not in MEAL_EVENTS or guests <= 0:
        return None
    return (amount / guests).quantize(CENT, ROUND_HALF_UP)


def month_of(moment: datetime) -> str:
    return moment.astimezone(MOROCCO).strftime("%Y-%m")


def months_back(now: datetime, count: int = MONTHS) -> list[str]:
    """This month and the ``count - 1`` before it, in Morocco time, newest first."""
    local = now.astimezone(MOROCCO)
    year, month = local.year, local.month
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def stat_key(province: Province, event_type: EventType, month: str) -> str:
    return f"{province.value}#{event_type.value}#{month}"


def summarize(prices: list[Decimal]) -> PriceInsight:
    """Count and quartiles (inclusive method: the median of the prices and of each half's
    ends, as a spreadsheet's QUARTILE gives them), to the centime."""
    if len(prices) < MIN_PRICES:
        return PriceInsight(len(prices), None)
    p25, median, p75 = statistics.quantiles(prices, n=4, method="inclusive")
    return PriceInsight(
        len(prices),
        Quartiles(*(Decimal(q).quantize(CENT, ROUND_HALF_UP) for q in (p25, median, p75))),
    )
