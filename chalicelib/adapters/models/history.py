"""A tender's history: its steps, append-only (put once, never updated or deleted: the
deployment's IAM policy denies both on this table)."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.adapters.models.base import OnDemand, Table, table_name


class ReleasesIndex(GlobalSecondaryIndex["StepModel"]):
    """Sparse: the public steps, by the month they were published (``YYYY-MM``, UTC) and then
    oldest first (``<moment>#<tender>#<seq>``): the release index is a few queries, no scan."""

    class Meta:
        index_name = "releases"
        projection = AllProjection()

    published_month = UnicodeAttribute(hash_key=True)
    published_key = UnicodeAttribute(range_key=True)


class StepModel(Table):
    class Meta(OnDemand):
        table_name = table_name("tender-steps")

    tender_id = UnicodeAttribute(hash_key=True)
    seq = NumberAttribute(range_key=True)  # 1, 2, …: the order the steps took effect
    at = UTCDateTimeAttribute()
    action = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    actor_id = UnicodeAttribute(null=True)
    before = UnicodeAttribute(null=True)
    after = UnicodeAttribute()
    reason = UnicodeAttribute(default="")
    release = UnicodeAttribute(null=True)  # the OCDS release's JSON, for public steps
    published_month = UnicodeAttribute(null=True)
    published_key = UnicodeAttribute(null=True)
    releases = ReleasesIndex()
