"""Private threads between a tender's organizer and one caterer, and their messages."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex

from chalicelib.adapters.models.base import OnDemand, Table, table_name


class LatestIndex(LocalSecondaryIndex["ThreadModel"]):
    """A tender's threads, the latest message first: the organizer's list, paged."""

    class Meta:
        index_name = "latest"
        projection = AllProjection()

    tender_id = UnicodeAttribute(hash_key=True)
    last_at = UTCDateTimeAttribute(range_key=True)


class ThreadModel(Table):
    """One per (tender, caterer), written with each message: its unread counts per side, and
    when each side was last told by e-mail/SMS (at most one per 15 minutes)."""

    class Meta(OnDemand):
        table_name = table_name("threads")

    tender_id = UnicodeAttribute(hash_key=True)
    caterer_id = UnicodeAttribute(range_key=True)
    business_name = UnicodeAttribute()
    last_at = UTCDateTimeAttribute()
    unread_organizer = NumberAttribute(default=0)
    unread_caterer = NumberAttribute(default=0)
    told_organizer_at = UTCDateTimeAttribute(null=True)
    told_caterer_at = UTCDateTimeAttribute(null=True)
    latest = LatestIndex()


class MessageModel(Table):
    """A thread's messages, oldest first by key (``<created_at>#<id>``); never changed."""

    class Meta(OnDemand):
        table_name = table_name("messages")

    thread = UnicodeAttribute(hash_key=True)  # "<tender_id>#<caterer_id>"
    at_id = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    tender_id = UnicodeAttribute()
    caterer_id = UnicodeAttribute()
    sender = UnicodeAttribute()  # "organizer" | "caterer"
    text = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
