"""The fee ledger's storage. Entries are put once and never updated (see ``FeeModel``)."""

from __future__ import annotations

from decimal import Decimal

from pynamodb.expressions.condition import Condition

from chalicelib.adapters import pagination
from chalicelib.adapters.models import AccountModel, FeeModel
from chalicelib.domain.fees import EntryKind, Exemption, FeeEntry

LEDGER = "fees"


class ExemptionChanged(Exception):
    """An exemption was granted or ended between reading it and booking the fee: book again."""


def fee_item(entry: FeeEntry) -> FeeModel:
    return FeeModel(
        caterer_id=entry.caterer_id,
        entry_id=entry.entry_id,
        tender_id=entry.tender_id,
        kind=entry.kind.value,
        amount=entry.amount,
        rate=str(entry.rate),
        fee=entry.fee,
        exempt=entry.exempt,
        created_at=entry.created_at,
        reverses=entry.reverses,
        ledger=LEDGER,
    )


def exemption_as_read(exemption: Exemption | None) -> Condition:
    """The caterer's exemption is still the one the fee was computed from (checked in the
    booking's transaction, so a concurrent grant cannot slip between read and write)."""
    if exemption is None:
        return AccountModel.exempt_until.does_not_exist()
    return AccountModel.exempt_until == exemption.ends_at


def to_domain(item: FeeModel) -> FeeEntry:
    return FeeEntry(
        entry_id=item.entry_id,
        caterer_id=item.caterer_id,
        tender_id=item.tender_id,
        kind=EntryKind(item.kind),
        amount=item.amount,
        rate=Decimal(item.rate),
        fee=item.fee,
        exempt=bool(item.exempt),
        created_at=item.created_at,
        reverses=item.reverses,
    )


class FeeLedger:
    def of_caterer(self, caterer_id: str) -> list[FeeEntry]:
        """A caterer's entries, in booking order."""
        entries = [to_domain(i) for i in FeeModel.query(caterer_id, consistent_read=True)]
        return sorted(entries, key=lambda e: (e.created_at, e.entry_id))

    def page(self, cursor: str | None, limit: int) -> tuple[list[FeeEntry], str | None]:
        """Every caterer's entries, oldest first (the admins' view)."""
        start = pagination.decode(
            cursor, {"caterer_id": None, "entry_id": None, "ledger": LEDGER, "created_at": None}
        )
        result = FeeModel.ledger_index.query(LEDGER, limit=limit, last_evaluated_key=start)
        items, next_cursor = pagination.collect(result)
        return [to_domain(i) for i in items], next_cursor

    def everything(self) -> list[FeeEntry]:
        return [to_domain(i) for i in FeeModel.ledger_index.query(LEDGER)]
