"""Tenders, with the indexes the closer, the feeds and the organizers read, and their public
questions."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    KeysOnlyProjection,
)

from chalicelib.adapters.models.base import MoneyAttribute, OnDemand, Table, table_name


class DueIndex(GlobalSecondaryIndex["TenderModel"]):
    """Sparse: a tender with a timed step ahead carries ``due`` and ``due_at`` (its next check:
    the bid deadline, the award's confirmation deadline, the day after the event); the
    sweeper asks ``due_at <= now``. Terminal tenders drop out of the index."""

    class Meta:
        index_name = "due"
        projection = KeysOnlyProjection()

    due = UnicodeAttribute(hash_key=True)
    due_at = UTCDateTimeAttribute(range_key=True)


class OutboxIndex(GlobalSecondaryIndex["TenderModel"]):
    """Sparse: tenders with events whose notices are not all written yet (crash-safe fan-out)."""

    class Meta:
        index_name = "outbox"
        projection = KeysOnlyProjection()

    outbox = UnicodeAttribute(hash_key=True)
    outbox_at = UTCDateTimeAttribute(range_key=True)


class StatusIndex(GlobalSecondaryIndex["TenderModel"]):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class FeedIndex(GlobalSecondaryIndex["TenderModel"]):
    """Every tender, newest first (``feed`` is a constant): the unfiltered list without a scan."""

    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class OrganizerIndex(GlobalSecondaryIndex["TenderModel"]):
    class Meta:
        index_name = "by-organizer"
        projection = AllProjection()

    organizer_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class TenderModel(Table):
    class Meta(OnDemand):
        table_name = table_name("tenders")

    id = UnicodeAttribute(hash_key=True)
    organizer_id = UnicodeAttribute()
    title = UnicodeAttribute()
    event_type = UnicodeAttribute()
    event_date = UnicodeAttribute()
    province = UnicodeAttribute(null=True)  # absent: a products tender naming its region only
    delivery_region = UnicodeAttribute(null=True)  # absent: the province's region
    lots = UnicodeAttribute(null=True)  # JSON, the order's lots; absent before lots existed
    venue = UnicodeAttribute()
    guests = NumberAttribute()
    menu = ListAttribute(of=UnicodeAttribute, default=list)
    dietary = ListAttribute(of=UnicodeAttribute, default=list)
    service_style = UnicodeAttribute()
    mode = UnicodeAttribute()
    budget_max = MoneyAttribute(null=True)
    min_decrement = MoneyAttribute(null=True)
    award_criteria = UnicodeAttribute(default="price")
    quality_weight = MoneyAttribute(null=True)
    min_bids = NumberAttribute(default=1)
    deposit_percent = NumberAttribute(null=True)  # absent: the default, 30
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    original_deadline = UTCDateTimeAttribute()
    bid_deadline = UTCDateTimeAttribute()
    questions_deadline = UTCDateTimeAttribute()
    best_amount = MoneyAttribute(null=True)
    best_caterer_id = UnicodeAttribute(null=True)
    accept_at_most = MoneyAttribute(null=True)
    bidder_ids = UnicodeSetAttribute(null=True)
    ranking = UnicodeAttribute(null=True)  # JSON, frozen at close
    award_index = NumberAttribute(null=True)
    award_bid_id = UnicodeAttribute(null=True)
    award_caterer_id = UnicodeAttribute(null=True)
    award_amount = MoneyAttribute(null=True)
    confirm_by = UTCDateTimeAttribute(null=True)
    award_log = ListAttribute(of=UnicodeAttribute, null=True)  # JSON lines: who lapsed, why
    closed_at = UTCDateTimeAttribute(null=True)
    cancel_reason = UnicodeAttribute(null=True)
    categories = ListAttribute(of=UnicodeAttribute, null=True)  # absent: ["catering"]
    practice = BooleanAttribute(null=True)  # the onboarding demo tender: never closed
    delivered = BooleanAttribute(null=True)  # completed by the organizer's delivery code
    cancelled_by = UnicodeAttribute(null=True)  # a cancelled contract: "organizer" or "caterer"
    open_dispute = UnicodeAttribute(null=True)  # the id of its one open dispute
    organizer_late_cancellations = NumberAttribute(null=True)  # as the organizer posted it
    feed = UnicodeAttribute(default="tenders")
    due = UnicodeAttribute(null=True)
    due_at = UTCDateTimeAttribute(null=True)
    events = UnicodeSetAttribute(null=True)
    outbox = UnicodeAttribute(null=True)
    outbox_at = UTCDateTimeAttribute(null=True)

    due_index = DueIndex()
    outbox_index = OutboxIndex()
    status_index = StatusIndex()
    feed_index = FeedIndex()
    organizer_index = OrganizerIndex()


class QuestionModel(Table):
    """Questions in the enquiry period; the asker is stored but never shown to others."""

    class Meta(OnDemand):
        table_name = table_name("questions")

    tender_id = UnicodeAttribute(hash_key=True)
    question_id = UnicodeAttribute(range_key=True)
    asker_id = UnicodeAttribute()
    text = UnicodeAttribute()
    asked_at = UTCDateTimeAttribute()
    answer = UnicodeAttribute(null=True)
    answered_at = UTCDateTimeAttribute(null=True)
