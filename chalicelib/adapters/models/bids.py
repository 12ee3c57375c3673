"""Bids (one per caterer and tender) and every revision of them."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
)

from chalicelib.adapters.models.base import MoneyAttribute, OnDemand, Table, table_name


class CatererBidsIndex(GlobalSecondaryIndex["BidModel"]):
    class Meta:
        index_name = "by-caterer"
        projection = AllProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    submitted_at = UTCDateTimeAttribute(range_key=True)


class BidModel(Table):
    """The live bid: one item per (tender, caterer), so 'one live bid each' holds by the key."""

    class Meta(OnDemand):
        table_name = table_name("bids")

    tender_id = UnicodeAttribute(hash_key=True)
    caterer_id = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    amount = MoneyAttribute()
    proposal = UnicodeAttribute(default="")
    submitted_at = UTCDateTimeAttribute()
    offer = UnicodeAttribute(null=True)  # JSON: a products bid's unit prices and delivery
    by_caterer = CatererBidsIndex()


class BidRevisionModel(Table):
    """Every submission ever made, and every withdrawal, so a bid's history is kept."""

    class Meta(OnDemand):
        table_name = table_name("bid-revisions")

    tender_id = UnicodeAttribute(hash_key=True)
    revision_key = UnicodeAttribute(range_key=True)
    bid_id = UnicodeAttribute()
    caterer_id = UnicodeAttribute()
    amount = MoneyAttribute()
    proposal = UnicodeAttribute(default="")
    submitted_at = UTCDateTimeAttribute()
    offer = UnicodeAttribute(null=True)
    withdrawn = BooleanAttribute(default=False)


class JointBidModel(Table):
    """A lead's invitation to a joint bid on a lot, one per (lot, lead): the partners who
    confirmed, and the bid placed once the last did."""

    class Meta(OnDemand):
        table_name = table_name("joint-bids")

    tender_id = UnicodeAttribute(hash_key=True)
    lead_id = UnicodeAttribute(range_key=True)
    amount = MoneyAttribute()
    proposal = UnicodeAttribute(default="")
    offer = UnicodeAttribute()  # JSON: unit prices, delivery and the members' shares
    proposed_at = UTCDateTimeAttribute()
    confirmed = UnicodeSetAttribute(null=True)
    bid_id = UnicodeAttribute(null=True)
