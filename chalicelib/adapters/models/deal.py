"""After the award: contracts, disputes and reviews."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    LocalSecondaryIndex,
)

from chalicelib.adapters.models.base import MoneyAttribute, OnDemand, Table, table_name


class ContractModel(Table):
    """One contract per contracted tender (the key), put in the confirmation's transaction.
    ``document`` (JSON: both parties and the terms) never changes; the milestones' and the
    delivery's attributes are each set once, by a conditional update."""

    class Meta(OnDemand):
        table_name = table_name("contracts")

    tender_id = UnicodeAttribute(hash_key=True)
    organizer_id = UnicodeAttribute()
    caterer_id = UnicodeAttribute()
    amount = MoneyAttribute()
    deposit_percent = NumberAttribute()
    deposit_amount = MoneyAttribute()
    document = UnicodeAttribute()
    delivery_code = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    deposit_method = UnicodeAttribute(null=True)
    deposit_paid_at = UTCDateTimeAttribute(null=True)
    balance_method = UnicodeAttribute(null=True)
    balance_paid_at = UTCDateTimeAttribute(null=True)
    wrong_codes = NumberAttribute(default=0)
    delivered_at = UTCDateTimeAttribute(null=True)
    # products: the shipment, moved by conditional updates from the status it was seen in
    shipment_mode = UnicodeAttribute(null=True)
    shipment_status = UnicodeAttribute(null=True)  # absent: not prepared yet
    shipment_log = ListAttribute(of=UnicodeAttribute, null=True)  # "<status>#<moment>"
    tracking_carrier = UnicodeAttribute(null=True)
    tracking_reference = UnicodeAttribute(null=True)


class DisputeQueueIndex(GlobalSecondaryIndex["DisputeModel"]):
    """Every dispute in one partition (``queue`` is a constant), ordered by ``place``:
    ``0#<opened>`` while open, ``1#<opened>`` once decided, so the admins' queue, open ones
    first and oldest first, is one query."""

    class Meta:
        index_name = "dispute-queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    place = UnicodeAttribute(range_key=True)


class DisputesByTenderIndex(GlobalSecondaryIndex["DisputeModel"]):
    """A tender's disputes, oldest first: what its contract page shows."""

    class Meta:
        index_name = "disputes-by-tender"
        projection = AllProjection()

    tender_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class DisputeModel(Table):
    """Put when a party opens it (with the tender's ``open_dispute``, in one transaction);
    decided once, by a conditional update on ``status = open``."""

    class Meta(OnDemand):
        table_name = table_name("disputes")

    id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute()
    opened_by = UnicodeAttribute()  # "organizer" or "caterer"
    reason = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    note = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(default="disputes")
    place = UnicodeAttribute()

    queue_index = DisputeQueueIndex()
    tender_index = DisputesByTenderIndex()


class ReviewsNewestFirstIndex(LocalSecondaryIndex["ReviewModel"]):
    """A caterer's reviews by the time they were written: its profile lists them newest
    first, a page at a time (the table's own key orders them by tender id)."""

    class Meta:
        index_name = "newest-first"
        projection = AllProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ReviewModel(Table):
    """One review per contracted tender (the key), by its organizer, with one reply."""

    class Meta(OnDemand):
        table_name = table_name("reviews")

    caterer_id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute(range_key=True)
    organizer_id = UnicodeAttribute()
    stars = NumberAttribute()
    verified = BooleanAttribute(null=True)  # the event's delivery code was entered
    comment = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()
    reply = UnicodeAttribute(null=True)
    replied_at = UTCDateTimeAttribute(null=True)
    newest_first = ReviewsNewestFirstIndex()


class PriceStatModel(Table):
    """Per-guest prices of contracted meal tenders, one item per ``<province>#<event
    type>#<YYYY-MM>`` (the month of the contract), appended to in the contract's own
    transaction: the price insight reads 12 items, never the tenders."""

    class Meta(OnDemand):
        table_name = table_name("price-stats")

    key = UnicodeAttribute(hash_key=True)
    per_guest = ListAttribute(of=UnicodeAttribute, default=list)  # MAD amounts, "300.00"


class ImpactModel(Table):
    """The programme's figures for one month (``YYYY-MM``, Morocco time), each added (``ADD``)
    in the write that makes it: a contract's amounts, a sign-up, a verification."""

    class Meta(OnDemand):
        table_name = table_name("impact")

    month = UnicodeAttribute(hash_key=True)
    contracted_mad = MoneyAttribute(null=True)
    exempt_contracted_mad = MoneyAttribute(null=True)
    women_mad = MoneyAttribute(null=True)
    isolated_mad = MoneyAttribute(null=True)
    fees_waived_mad = MoneyAttribute(null=True)
    onboarded = NumberAttribute(null=True)
    verified = NumberAttribute(null=True)
    first_wins = NumberAttribute(null=True)
