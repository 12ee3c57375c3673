"""How Walima ranks bids, in the reader's language (``GET /api/ranking``, the ranking page).

Published because caterers must know how they are ranked (as Glovo agreed to in Morocco in
2025): the numbers here are the domain's own constants, so the explanation cannot drift.
"""

from __future__ import annotations

from typing import Any

from chalicelib import i18n
from chalicelib.domain.catalog import Language
from chalicelib.domain.contract import LATE_NOTICE
from chalicelib.domain.ranking import (
    FULL_RECORD_EVENTS,
    LATE_CANCELLATION_PENALTY,
    MAX_QUALITY_WEIGHT,
    PRIOR_REVIEWS,
    PRIOR_STARS,
)


def _(message: str) -> str:
    return message


PARAGRAPHS = (
    _(
        "Price tenders: the lowest bid wins. If two bids have the same amount, the one "
        "placed first wins."
    ),
    _(
        "Best-value tenders: each bid gets a score = (1 − w) × (lowest amount ÷ this amount) "
        "+ w × quality. The organizer chooses the weight w, from 0 to %(max_weight)s. The "
        "highest score wins; on a tie, the bid placed first."
    ),
    _(
        "Quality, from 0 to 1: 80%% your average rating, 10%% your experience (completed "
        "Walima events, full at %(events)s), 10%% being verified. Until you have reviews, "
        "you are rated %(prior)s out of 5 as if by %(reviews)s reviews, so one review "
        "cannot make or break you."
    ),
    _(
        "Each contract you cancelled within %(days)s days of the event, and each dispute "
        "upheld against you, in the last 12 months takes %(penalty)s off your quality "
        "(never below 0); your public profile shows how many."
    ),
    _("After the close the organizer sees every bid's score and rank; other caterers never do."),
)


def ranking_explained(language: Language) -> dict[str, Any]:
    values = {
        "max_weight": str(MAX_QUALITY_WEIGHT),
        "events": FULL_RECORD_EVENTS,
        "prior": str(PRIOR_STARS),
        "reviews": str(PRIOR_REVIEWS),
        "days": LATE_NOTICE.days,
        "penalty": str(LATE_CANCELLATION_PENALTY),
    }
    return {
        "language": language.value,
        "formula": "score = (1 - w) * (lowest_amount / amount) + w * quality",
        "max_quality_weight": str(MAX_QUALITY_WEIGHT),
        "quality": {
            "rating_share": "0.8",
            "experience_share": "0.1",
            "verified_share": "0.1",
            "prior_stars": str(PRIOR_STARS),
            "prior_reviews": str(PRIOR_REVIEWS),
            "full_record_events": FULL_RECORD_EVENTS,
            "late_cancellation_penalty": str(LATE_CANCELLATION_PENALTY),
        },
        "tie_break": "earlier_bid",
        "explanation": [i18n.gettext_for(language, p) % values for p in PARAGRAPHS],
    }
