"""Tenders: what an organizer asks for, and the rules of its bidding window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from chalicelib.domain.account import Role, Viewer
from chalicelib.domain.bid import Award
from chalicelib.domain.catalog import (
    MEAL_CATEGORIES,
    MOROCCO,
    PRODUCT_EVENTS,
    SOUSS_MASSA,
    Category,
    Dietary,
    EventType,
    Province,
    Region,
    ServiceStyle,
)
from chalicelib.domain.errors import (
    EXTEND_BY_A_DAY,
    EXTEND_LATER,
    MEALS_IN_SOUSS_MASSA,
    OVER_BUDGET,
    PRODUCTS_NEEDED,
    Conflict,
    InvalidInput,
)
from chalicelib.domain.lifecycle import CANCELLABLE, TenderStatus
from chalicelib.domain.lots import Lot
from chalicelib.domain.money import mad
from chalicelib.domain.morocco import region_of
from chalicelib.domain.ranking import AwardCriteria, Ranked

TRANSIT_ALLOWANCE = timedelta(seconds=2)
QUESTIONS_LEAD = timedelta(hours=24)
LATE_CHANGE = timedelta(hours=24)
COMPLETION_GRACE = timedelta(days=7)
DEFAULT_DECREMENT_RATE = Decimal("0.005")
DEFAULT_DECREMENT_FLOOR = Decimal("10.00")
DEFAULT_DEPOSIT_PERCENT = 30
MAX_DEPOSIT_PERCENT = 50


class BidMode(StrEnum):
    """Sealed: amounts hidden until close. Open: a reverse auction, the best amount is public."""

    SEALED = "sealed"
    OPEN = "open"


@dataclass(frozen=True)
class TenderDraft:
    """What the organizer submits; validated for shape by the entry point, for rules here."""

    title: str
    event_type: EventType
    event_date: date
    province: Province | None  # a products tender may name its region only
    venue: str
    guests: int
    menu: tuple[str, ...]
    dietary: tuple[Dietary, ...]
    service_style: ServiceStyle
    mode: BidMode
    bid_deadline: datetime
    budget_max: Decimal | None = None
    min_decrement: Decimal | None = None
    award_criteria: AwardCriteria = AwardCriteria.PRICE
    quality_weight: Decimal = Decimal(0)
    min_bids: int = 1
    deposit_percent: int = DEFAULT_DEPOSIT_PERCENT
    questions_deadline: datetime | None = None
    categories: tuple[Category, ...] = MEAL_CATEGORIES  # what is asked for (alerts match it)
    delivery_region: Region | None = None  # as sent; ``region`` is the one to read
    lots: tuple[Lot, ...] = ()  # products: the order's lots, this tender's among them

    @property
    def region(self) -> Region:
        """Where the event is held or the products delivered (``check_draft`` makes sure one of
        the province and the region is given, and that they agree)."""
        if self.province is not None:
            return region_of(self.province)
        return self.delivery_region or Region.SOUSS_MASSA


@dataclass(frozen=True)
class Tender:
    id: str
    organizer_id: str
    draft: TenderDraft
    status: TenderStatus
    created_at: datetime
    bid_deadline: datetime
    questions_deadline: datetime
    best_amount: Decimal | None = None
    best_caterer_id: str | None = None
    bidder_ids: frozenset[str] = field(default_factory=frozenset)
    award: Award | None = None
    award_index: int = 0
    confirm_by: datetime | None = None
    ranking: tuple[Ranked, ...] = ()
    closed_at: datetime | None = None
    cancel_reason: str | None = None
    pending_events: frozenset[str] = field(default_factory=frozenset)
    # Onboarding: the demo tender caterers learn to bid on. Never listed, never
    # closed or awarded, open to unverified caterers; see ``domain/onboarding.py``.
    practice: bool = False
    delivered: bool = False  # completed by the organizer's delivery code, not by the calendar
    cancelled_by: str | None = None  # "organizer" or "caterer", for a cancelled contract
    open_dispute: str | None = None  # the id of its one open dispute
    # the organizer's late cancellations in the 12 months before it posted, shown to caterers
    organizer_late_cancellations: int = 0

    @property
    def mode(self) -> BidMode:
        return self.draft.mode

    @property
    def lot(self) -> Lot | None:
        """The lot this tender is, for a products tender."""
        return next((lot for lot in self.draft.lots if lot.id == self.id), None)

    @property
    def order_id(self) -> str | None:
        """The order this tender is a lot of: its first lot's id."""
        return self.draft.lots[0].id if self.draft.lots else None

    def lot_for(self, lot_id: str | None) -> str:
        """The tender a bid sent here for ``lot_id`` goes to: that lot of the order, or this
        tender when it names none."""
        if lot_id is None or lot_id == self.id:
            return self.id
        if lot_id not in {lot.id for lot in self.draft.lots}:
            raise InvalidInput("no such lot", {"lot_id": "not a lot of this tender"})
        return lot_id

    @property
    def original_deadline(self) -> datetime:
        return self.draft.bid_deadline

    def is_open_at(self, now: datetime) -> bool:
        # the practice tender takes bids whatever its deadline says (it is never closed)
        return self.status is TenderStatus.OPEN and (self.practice or now < self.bid_deadline)

    # --- what a viewer may do on this tender now (each is one form on the tender page) -----

    def is_organized_by(self, viewer: Viewer | None) -> bool:
        return viewer is not None and viewer.account_id == self.organizer_id

    def may_bid(self, viewer: Viewer | None, now: datetime) -> bool:
        """Verified caterers while it is open; anyone may practise on the practice tender."""
        return (
            viewer is not None
            and viewer.role is Role.CATERER
            and (viewer.verified or self.practice)
            and self.is_open_at(now)
        )

    def may_ask(self, viewer: Viewer | None, now: datetime) -> bool:
        """Verified caterers, in the enquiry period (never on the practice tender): public
        questions are the organizer's to answer, so strangers do not get to fill its page."""
        return (
            viewer is not None
            and viewer.role is Role.CATERER
            and viewer.verified
            and not self.practice
            and self.status is TenderStatus.OPEN
            and now < self.questions_deadline
        )

    def may_withdraw(self, viewer: Viewer | None, has_bid: bool, now: datetime) -> bool:
        """A caterer's live bid while bidding is open, except the best bid of an open auction
        (the auction's price never goes back up)."""
        leading = viewer is not None and self.is_led_by(viewer.account_id)
        return viewer is not None and has_bid and self.is_open_at(now) and not leading

    def is_led_by(self, caterer_id: str) -> bool:
        """ "Yours is the lowest": an open auction tells each caterer whether it leads."""
        return self.mode is BidMode.OPEN and self.best_caterer_id == caterer_id

    def may_extend(self, viewer: Viewer | None, now: datetime) -> bool:
        return self.is_organized_by(viewer) and self.is_open_at(now)

    def may_cancel(self, viewer: Viewer | None) -> bool:
        return self.is_organized_by(viewer) and self.status in CANCELLABLE

    def may_answer_questions(self, viewer: Viewer | None) -> bool:
        return self.is_organized_by(viewer) and self.status is not TenderStatus.CANCELLED

    def may_reject_award(self, viewer: Viewer | None) -> bool:
        return self.is_organized_by(viewer) and self.is_awarded

    def may_answer_award(self, viewer: Viewer | None) -> bool:
        """The awarded caterer, while its confirmation is awaited."""
        return (
            viewer is not None
            and self.is_awarded
            and self.award is not None
            and self.award.caterer_id == viewer.account_id
        )

    def check_within_budget(self, amount: Decimal) -> None:
        """A bid above the organizer's maximum budget is refused, not merely flagged."""
        budget = self.draft.budget_max
        if budget is not None and amount > budget:
            raise Conflict(
                f"the bid is above the tender's maximum budget of {budget} MAD",
                reason=OVER_BUDGET,
            )

    @property
    def winner_id(self) -> str | None:
        """The caterer the tender is awarded to, if any (the contracted one, after it)."""
        return self.award.caterer_id if self.award else None

    @property
    def is_awarded(self) -> bool:
        return self.status is TenderStatus.AWARDED and self.award is not None

    @property
    def next_ceiling(self) -> Decimal | None:
        """Open mode: the highest amount the next bid may have, once someone has bid."""
        if self.mode is not BidMode.OPEN or self.best_amount is None:
            return None
        return highest_acceptable(self.best_amount, self.draft.min_decrement)

    def runner_up(self) -> Ranked | None:
        """The next ranked bid after the current award, if any remains."""
        following = self.award_index + 1
        return self.ranking[following] if following < len(self.ranking) else None


def default_questions_deadline(now: datetime, bid_deadline: datetime) -> datetime:
    """24 h before the bid deadline, or the window's midpoint when the window is shorter."""
    if bid_deadline - now > QUESTIONS_LEAD:
        return bid_deadline - QUESTIONS_LEAD
    return now + (bid_deadline - now) / 2


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
    if draft.award_criteria is AwardCriteria.PRICE and draft.quality_weight:
        fields["quality_weight"] = "only best_value tenders weigh quality"
    asked = draft.questions_deadline
    if asked is not None and not now < asked <= draft.bid_deadline:
        fields["questions_deadline"] = "must be after now and not after the bidding deadline"
    reasons = {}
    if draft.event_type in PRODUCT_EVENTS and not draft.categories:
        fields["categories"] = "say which products the tender asks for"
        reasons["categories"] = PRODUCTS_NEEDED
    fields |= _quantity_faults(draft)
    faults = _place_faults(draft)
    if "province" in faults:
        reasons["province"] = MEALS_IN_SOUSS_MASSA
    fields |= faults
    if fields:
        raise InvalidInput("the tender breaks a rule", fields, field_reasons=reasons)


def _quantity_faults(draft: TenderDraft) -> dict[str, str]:
    """A meal counts guests; a products tender counts items, in lots."""
    if draft.event_type in PRODUCT_EVENTS:
        return {} if draft.lots else {"lots": "say what the order is: lots of items"}
    if draft.lots:
        return {"lots": "only a products tender has lots"}
    return {} if draft.guests >= 1 else {"guests": "say how many guests"}


def _place_faults(draft: TenderDraft) -> dict[str, str]:
    """Meals are held in Souss-Massa, where caterers serve; products go anywhere in Morocco."""
    province, region = draft.province, draft.delivery_region
    if draft.event_type not in PRODUCT_EVENTS:
        if province not in SOUSS_MASSA:
            return {"province": "a meal is held in one of the six provinces of Souss-Massa"}
        if region not in (None, Region.SOUSS_MASSA):
            return {"delivery_region": "a meal is held in Souss-Massa"}
        return {}
    if province is None and region is None:
        return {"delivery_region": "say where the products are delivered"}
    if province is not None and region is not None and region_of(province) is not region:
        return {"delivery_region": f"{province.value} is not in {region.value}"}
    return {}


def check_deadline_change(current: datetime, new: datetime, now: datetime) -> None:
    """Deadlines only move later; inside the last 24 h, by at least 24 h more (Prozorro's rule,
    so bidders who planned for the old deadline are never squeezed)."""
    if new <= current:
        raise InvalidInput(
            "a deadline can only be extended",
            {"bid_deadline": "must be after the current one"},
            field_reasons={"bid_deadline": EXTEND_LATER},
        )
    if current - now < LATE_CHANGE and new - current < LATE_CHANGE:
        raise InvalidInput(
            "too late for a small extension",
            {"bid_deadline": "inside the last 24 hours, extend by at least 24 hours"},
            field_reasons={"bid_deadline": EXTEND_BY_A_DAY},
        )


def completion_due(event_date: date) -> datetime:
    """Without its delivery code, a contracted tender completes by itself once a week has
    passed after its event (time to dispute it): at the start of the eighth day after the
    event day, Moroccan time."""
    return datetime.combine(
        event_date + timedelta(days=1) + COMPLETION_GRACE, time(0, 0), tzinfo=MOROCCO
    )


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
    write (``amount <= highest_acceptable``) without reading the current best.
    """
    return mad(best - minimum_decrement(best, fixed))


@dataclass(frozen=True)
class TenderPage:
    """Tenders, newest first, and the cursor of the next page (None: this is the last)."""

    items: list[Tender]
    next: str | None
