"""How bids are ranked: by price, or by best value (price and the caterer's record).

score = (1 − w) · (lowest amount ÷ this amount) + w · quality, with w from 0 to 0.4 and quality
in [0, 1]; the highest score wins, ties go to the earlier bid. Walima publishes this formula
(``GET /api/ranking``) so caterers know how they are ranked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from chalicelib.domain.bid import Bid

MAX_QUALITY_WEIGHT = Decimal("0.4")
PRIOR_STARS = Decimal("3.5")  # a newcomer is rated as an average caterer…
PRIOR_REVIEWS = Decimal(5)  # …as if by five reviews, until real ones outweigh them
FULL_RECORD_EVENTS = 10
LATE_CANCELLATION_PENALTY = Decimal("0.1")  # off quality, per late cancellation in a year
SCORE_PLACES = Decimal("0.0001")


class AwardCriteria(StrEnum):
    PRICE = "price"
    BEST_VALUE = "best_value"


@dataclass(frozen=True)
class CatererRecord:
    """What a caterer has shown so far; all zeros for a newcomer."""

    reviews: int = 0
    stars_total: int = 0
    completed_events: int = 0
    verified: bool = False
    late_cancellations: int = 0  # in the last 12 months, upheld disputes included


@dataclass(frozen=True)
class Ranked:
    """A live bid with its place in the ranking, frozen when the tender closes."""

    bid_id: str
    caterer_id: str
    amount: Decimal
    submitted_at: datetime
    score: Decimal
    quality: Decimal


def quality(record: CatererRecord) -> Decimal:
    """Quality in [0, 1]: 80 % the Bayesian average of stars, 10 % experience, 10 % verified,
    less 0.1 for each late cancellation of the last 12 months (never below 0).

    The Bayesian average starts every caterer at ``PRIOR_STARS`` as if rated by
    ``PRIOR_REVIEWS`` reviews, so one 5-star review cannot outrank a long good record.
    """
    stars = (PRIOR_STARS * PRIOR_REVIEWS + record.stars_total) / (PRIOR_REVIEWS + record.reviews)
    rating = (stars - 1) / 4
    experience = Decimal(min(record.completed_events, FULL_RECORD_EVENTS)) / FULL_RECORD_EVENTS
    verified = Decimal(1 if record.verified else 0)
    value = Decimal("0.8") * rating + Decimal("0.1") * experience + Decimal("0.1") * verified
    value = max(value - LATE_CANCELLATION_PENALTY * record.late_cancellations, Decimal(0))
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def rank(
    bids: Iterable[Bid],
    criteria: AwardCriteria,
    weight: Decimal,
    records: Mapping[str, CatererRecord],
) -> list[Ranked]:
    """Best first: highest exact score, then the earlier bid. Under ``price`` the weight is 0,
    so the lowest amount wins. Scores are rounded only for display, never for ranking."""
    live = list(bids)
    if not live:
        return []
    w = weight if criteria is AwardCriteria.BEST_VALUE else Decimal(0)
    lowest = min(b.amount for b in live)
    scored = []
    for bid in live:
        q = quality(records.get(bid.caterer_id, CatererRecord()))
        scored.append(((1 - w) * (lowest / bid.amount) + w * q, q, bid))
    scored.sort(key=lambda entry: (-entry[0], entry[2].submitted_at, entry[2].id))
    return [
        Ranked(
            bid.id,
            bid.caterer_id,
            bid.amount,
            bid.submitted_at,
            score.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP),
            q,
        )
        for score, q, bid in scored
    ]
