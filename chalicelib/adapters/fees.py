"""The fee ledger's storage. Entries are put once and never updated (see ``FeeModel``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pynamodb.expressions.condition import Condition

from chalicelib.adapters import pagination
from chalicelib.adapters.accounts import VERIFIED
from chalicelib.adapters.conditional import put_if_absent
from chalicelib.adapters.models import AccountModel, FeeModel
from chalicelib.domain.fees import EntryKind, Exemption, FeeEntry

LEDGER = "fees"
# the index page's LastEvaluatedKey: the table key and the index key
VERIFIED_KEYS: dict[str, str | None] = {
    "id": None,
    "verification_queue": VERIFIED,
    "created_at": None,
}


@dataclass(frozen=True)
class CatererExemption:
    """A verified caterer as the exemption form shows it: who, and the exemption if any."""

    caterer_id: str
    business_name: str
    exemption: Exemption | None


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
        reason=entry.reason or None,
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
        reason=item.reason or "",
    )


def exemption_in(item: AccountModel) -> Exemption | None:
    if item.exempt_from is None or item.exempt_until is None:
        return None
    return Exemption(
        item.exempt_from,
        item.exempt_until,
        item.exemption_reason or "",
        item.exemption_programme or "",
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

    def find(self, entry_id: str) -> FeeEntry | None:
        """An entry by its id alone (the index gives its caterer, then a consistent read)."""
        for key in FeeModel.entry_index.query(entry_id, limit=1):
            item = FeeModel.get(key.caterer_id, entry_id, consistent_read=True)
            return to_domain(item)
        return None

    def entry(self, caterer_id: str, entry_id: str) -> FeeEntry | None:
        """One entry of a caterer's ledger, read consistently; None when it is not there."""
        try:
            return to_domain(FeeModel.get(caterer_id, entry_id, consistent_read=True))
        except FeeModel.DoesNotExist:
            return None

    def add_reversal(self, reversal: FeeEntry) -> bool:
        """Put a reversal unless one with its id (one per reversed entry) exists: False then."""
        return put_if_absent(fee_item(reversal), FeeModel.entry_id.does_not_exist())

    def fee_lines(self) -> list[tuple[str, Decimal, str | None]]:
        """(caterer, fee, reversed entry) of every entry: three attributes read per entry."""
        wanted = ["caterer_id", "fee", "reverses"]
        query = FeeModel.ledger_index.query(LEDGER, attributes_to_get=wanted)
        return [(item.caterer_id, item.fee, item.reverses) for item in query]

    def exemption(self, caterer_id: str) -> Exemption | None:
        """A caterer's exemption with its reason and programme (None if never granted)."""
        try:
            item = AccountModel.get(caterer_id, consistent_read=True)
        except AccountModel.DoesNotExist:
            return None
        return exemption_in(item)

    def verified_caterers(
        self, cursor: str | None, limit: int
    ) -> tuple[list[CatererExemption], str | None]:
        """Verified caterers and their exemptions, a page at a time, for the admins' form.

        One query of the sparse ``caterers-by-verification`` index, oldest sign-up first."""
        start = pagination.decode(cursor, VERIFIED_KEYS)
        result = AccountModel.by_verification.query(VERIFIED, limit=limit, last_evaluated_key=start)
        items, next_cursor = pagination.collect(result)
        found = [CatererExemption(i.id, i.business_name or i.name, exemption_in(i)) for i in items]
        return sorted(found, key=lambda c: c.business_name.casefold()), next_cursor
