"""Domain objects for unit tests (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from chalicelib.domain.bid import Award, Bid
from chalicelib.domain.catalog import Dietary, EventType, Province, ServiceStyle
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.ranking import Ranked
from chalicelib.domain.tender import BidMode, Tender, TenderDraft

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def draft(**changes: object) -> TenderDraft:
    values: dict[str, object] = {
        "title": "Mariage",
        "event_type": EventType.WEDDING,
        "event_date": date(2026, 12, 20),
        "province": Province.TIZNIT,
        "venue": "Salle",
        "guests": 100,
        "menu": ("tajine",),
        "dietary": (Dietary.HALAL,),
        "service_style": ServiceStyle.BUFFET,
        "mode": BidMode.SEALED,
        "bid_deadline": NOW + timedelta(hours=2),
    }
    return TenderDraft(**(values | changes))  # type: ignore[arg-type]


def tender(
    status: TenderStatus = TenderStatus.OPEN,
    ranking: tuple[Ranked, ...] = (),
    award_index: int = 0,
    **changes: object,
) -> Tender:
    d = draft(**changes)
    award = None
    if ranking and status is TenderStatus.AWARDED:
        r = ranking[award_index]
        award = Award(r.bid_id, r.caterer_id, r.amount)
    return Tender(
        "t1",
        "org",
        d,
        status,
        NOW,
        d.bid_deadline,
        d.bid_deadline - timedelta(hours=1),
        award=award,
        award_index=award_index,
        ranking=ranking,
    )


def ranked(*caterers: str) -> tuple[Ranked, ...]:
    """A ranking of one bid per caterer, best first, 100 MAD apart."""
    return tuple(
        Ranked(f"b-{c}", c, Decimal(1000 + 100 * i), NOW, Decimal(1), Decimal("0.5"))
        for i, c in enumerate(caterers)
    )


def bid(caterer: str, amount: str, minute: int = 0, bid_id: str | None = None) -> Bid:
    return Bid(
        bid_id or f"b-{caterer}-{minute}",
        "t1",
        caterer,
        Decimal(amount),
        "",
        NOW + timedelta(minutes=minute),
    )
