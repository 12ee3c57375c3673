"""The inbox and its delivery queue; tender alerts' matches and digest queue."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
    LocalSecondaryIndex,
)

from chalicelib.adapters.models.base import OnDemand, Table, table_name


class NewestFirstIndex(LocalSecondaryIndex["NotificationModel"]):
    class Meta:
        index_name = "newest-first"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class UnreadIndex(LocalSecondaryIndex["NotificationModel"]):
    """Sparse: only unread notices carry ``unread_at``, so the inbox lists them first and the
    header counts them with one query, without reading the whole inbox."""

    class Meta:
        index_name = "unread"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    unread_at = UTCDateTimeAttribute(range_key=True)


class DeliveryIndex(GlobalSecondaryIndex["NotificationModel"]):
    """Sparse: notifications whose e-mail or SMS is not yet sent; the sweeper retries them.
    ``send_after`` is projected so a message held past quiet hours is left alone overnight
    (filtered out of the query, not refused by a conditional write every minute)."""

    class Meta:
        index_name = "delivery"
        projection = IncludeProjection(["send_after"])

    delivery = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class NotificationModel(Table):
    """The in-app inbox, and the outbox of the e-mail and SMS that go with each notice."""

    class Meta(OnDemand):
        table_name = table_name("notifications")

    account_id = UnicodeAttribute(hash_key=True)
    notice_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    tender_id = UnicodeAttribute(null=True)  # absent for account notices (exemption ending)
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    language = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    read = BooleanAttribute(default=False)
    unread_at = UTCDateTimeAttribute(null=True)
    email_to = UnicodeAttribute(null=True)
    sms_to = UnicodeAttribute(null=True)
    email_sent = BooleanAttribute(default=False)
    sms_sent = BooleanAttribute(default=False)
    delivery = UnicodeAttribute(null=True)
    lease_until = UTCDateTimeAttribute(null=True)
    send_after = UTCDateTimeAttribute(null=True)  # quiet hours: no e-mail/SMS before it
    attempts = NumberAttribute(default=0)
    newest_first = NewestFirstIndex()
    unread = UnreadIndex()
    delivery_index = DeliveryIndex()


class AlertMatchCatererIndex(GlobalSecondaryIndex["AlertMatchModel"]):
    """A caterer's match keys, to drop the ones it no longer has when its profile changes."""

    class Meta:
        index_name = "by-caterer"
        projection = KeysOnlyProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    match_key = UnicodeAttribute(range_key=True)


class AlertMatchModel(Table):
    """Who to alert, without scanning accounts: one item per verified caterer and
    ``<province>#<category>`` it serves; a new tender queries one key per category it asks."""

    class Meta(OnDemand):
        table_name = table_name("alert-matches")

    match_key = UnicodeAttribute(hash_key=True)
    caterer_id = UnicodeAttribute(range_key=True)
    by_caterer = AlertMatchCatererIndex()


class DigestQueueIndex(GlobalSecondaryIndex["DigestEntryModel"]):
    """Sparse: entries not yet sent in a digest; the 08:00 pass asks ``created_at < cutoff``."""

    class Meta:
        index_name = "digest-queue"
        projection = KeysOnlyProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class DigestEntryModel(Table):
    """A tender waiting for a caterer's daily digest: put once per (caterer, tender)."""

    class Meta(OnDemand):
        table_name = table_name("alert-digests")

    caterer_id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    queue = UnicodeAttribute(null=True)  # "digest" until sent in a digest
    digest_queue = DigestQueueIndex()
    # epoch seconds: TTL deletes the entry long after its tender closed (it only remains to
    # keep a tender from being queued twice for the same caterer)
    expires_at = NumberAttribute(null=True)
