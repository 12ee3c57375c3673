"""The fee ledger."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    KeysOnlyProjection,
)

from chalicelib.adapters.models.base import MoneyAttribute, OnDemand, Table, table_name


class LedgerIndex(GlobalSecondaryIndex["FeeModel"]):
    """Every entry of every caterer, oldest first (``ledger`` is a constant): the admins'
    view and the CSV export without a scan."""

    class Meta:
        index_name = "ledger"
        projection = AllProjection()

    ledger = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class FeeEntryIndex(GlobalSecondaryIndex["FeeModel"]):
    """An entry by its id alone (``POST /api/admin/fees/{entry_id}/reversal`` names no caterer):
    the keys, then a consistent read of the entry."""

    class Meta:
        index_name = "fee-entries"
        projection = KeysOnlyProjection()

    entry_id = UnicodeAttribute(hash_key=True)


class FeeModel(Table):
    """A caterer's fee ledger. Entries are put once (deterministic ``entry_id``) and never
    updated: a correction is a new ``reversal`` entry."""

    class Meta(OnDemand):
        table_name = table_name("fees")

    caterer_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    tender_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = MoneyAttribute()
    rate = UnicodeAttribute()  # the decimal rate as text, exactly as the stage set it
    fee = MoneyAttribute()
    exempt = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    reverses = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)  # why a reversal was made
    ledger = UnicodeAttribute(default="fees")
    ledger_index = LedgerIndex()
    entry_index = FeeEntryIndex()
