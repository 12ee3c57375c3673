"""Domain objects for unit tests (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from chalicelib.domain.bid import Bid
from chalicelib.domain.catalog import Dietary, EventType, Province, ServiceStyle
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Award, BidMode, Tender, TenderDraft

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
    status: TenderStatus = TenderStatus.OPEN, award: Award | None = None, **changes: object
) -> Tender:
    d = draft(**changes)
    return Tender("t1", "org", d, status, NOW, d.bid_deadline, award=award)


def bid(caterer: str, amount: str, minute: int = 0, bid_id: str | None = None) -> Bid:
    return Bid(
        bid_id or f"b-{caterer}-{minute}",
        "t1",
        caterer,
        Decimal(amount),
        "",
        NOW + timedelta(minutes=minute),
    )
