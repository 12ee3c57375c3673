"""Tenders: what an organizer asks for, and the rules of its bidding window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.catalog import Dietary, EventType, Province, ServiceStyle
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.money import mad


class BidMode(StrEnum):
    """Sealed: amounts hidden until close. Open: a reverse auction, the best amount is public."""

    SEALED = "sealed"
    OPEN = "open"


@dataclass(frozen=True)
class Award:
    bid_id: str
    caterer_id: str
    amount: Decimal


@dataclass(frozen=True)
class TenderDraft:
    """What the organizer submits; validated for shape by the entry point, for rules here."""

    title: str
    event_type: EventType
    event_date: date
    province: Province
    venue: str
    guests: int
    menu: tuple[str, ...]
    dietary: tuple[Dietary, ...]
    service_style: ServiceStyle
    mode: BidMode
    bid_deadline: datetime
    budget_max: Decimal | None = None
    min_decrement: Decimal | None = None


@dataclass(frozen=True)
class Tender:
    id: str
    organizer_id: str
    draft: TenderDraft
    status: TenderStatus
    created_at: datetime
    bid_deadline: datetime
    best_amount: Decimal | None = None
    bidder_ids: frozenset[str] = field(default_factory=frozenset)
    award: Award | None = None
    closed_at: datetime | None = None
    notices_pending: bool = False

    @property
    def mode(self) -> BidMode:
        return self.draft.mode

    def is_open_at(self, now: datetime) -> bool:
        return self.status is TenderStatus.OPEN and now < self.bid_deadline

    def amounts_visible(self) -> bool:
        """Sealed tenders hide every amount until bidding has ended."""
        return self.mode is BidMode.OPEN or self.status not in (
            TenderStatus.DRAFT,
            TenderStatus.OPEN,
        )


TRANSIT_ALLOWANCE = timedelta(seconds=2)


def check_draft(draft: TenderDraft, now: datetime, minimum_window: timedelta) -> None:
    """Rules that need the clock or several fields at once; raises ``InvalidInput``.

    The minimum window allows ``TRANSIT_ALLOWANCE`` for the time a request spends in transit:
    an organizer who picks "now + 10 s" on a phone is not refused for the network's delay.
    """
    fields: dict[str, str] = {}
    if draft.bid_deadline - now < minimum_window - TRANSIT_ALLOWANCE:
        fields["bid_deadline"] = (
            f"must leave at least {int(minimum_window.total_seconds())} seconds of bidding"
        )
    if draft.event_date < draft.bid_deadline.date():
        fields["event_date"] = "must not be before the bidding deadline"
    if draft.min_decrement is not None and draft.mode is not BidMode.OPEN:
        fields["min_decrement_mad"] = "only open tenders have a minimum decrement"
    if fields:
        raise InvalidInput("the tender breaks a rule", fields)


DEFAULT_DECREMENT_RATE = Decimal("0.005")
DEFAULT_DECREMENT_FLOOR = Decimal("10.00")


def minimum_decrement(best: Decimal, fixed: Decimal | None) -> Decimal:
    """How much a new open-mode bid must undercut ``best`` by.

    The tender's own step if it set one, else the greater of 0.5 % of the best and 10 MAD
    (e-sourcing practice: 0.25–0.5 % of the reference price, with a floor so that steps on
    small tenders are not a few centimes).
    """
    if fixed is not None:
        return mad(fixed)
    return max(mad(best * DEFAULT_DECREMENT_RATE), DEFAULT_DECREMENT_FLOOR)


def highest_acceptable(best: Decimal, fixed: Decimal | None) -> Decimal:
    """The highest amount the next open-mode bid may have once ``best`` is the best.

    Stored on the tender with each new best so that a bid is checked by a single conditional
    write (``amount <= highest_acceptable``) without reading the tender first.
    """
    return mad(best - minimum_decrement(best, fixed))
