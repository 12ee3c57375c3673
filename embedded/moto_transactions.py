"""A rollback for moto's ``TransactWriteItems`` that backs up the items, not the tables.

moto 5.2's ``DynamoDBBackend.transact_write_items`` deep-copies every whole table a transaction
touches before it starts, as its rollback backup. Every bid, close and award is a transaction,
so on the embedded default (and in the tests) each one got slower with every item ever stored:
a two-item transaction took 26 ms with 1,000 items in the bids table and 440 ms with 16,000.

``install()`` wraps the method: before moto runs, it deep-copies only the items the
transaction names (at most 100, each by its key) and, if moto refuses the transaction (any
exception: a condition failing, two operations on one item, a bad expression), puts exactly
those items back — or removes them where they did not exist — then re-raises moto's own error.
moto's whole-table copy becomes a no-op: once installed, ``copy.deepcopy`` inside
``moto.dynamodb.models`` returns a ``Table`` itself (anything else is still deep-copied), so
moto's own "restore" assigns each table to itself. Everything else is moto's code, unchanged.
One difference, on purpose: an element that names two operations at once
(``TransactWriteSingleOpException``) makes moto raise outside its own rollback, leaving the
elements before it applied; here they are undone, as DynamoDB applies nothing of a refused
transaction (Walima never sends such an element).

Safe because every request reaches moto one at a time (``aws.SerialisedApp``), so no other
write can land between the backup and the restore. Not covered: DynamoDB Streams records of a
rolled-back transaction (Walima has no streams). ``tests/functional/test_moto_transactions.py``
checks, on random transactions with conditions failing, that the patched and the original
moto leave the same tables and answer the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

Saved = tuple[Table, DynamoType, DynamoType | None, Item | None]
ORIGINAL: Callable[[DynamoDBBackend, list[dict[str, Any]]], None] = (
    DynamoDBBackend.transact_write_items
)


def _deepcopy_but_tables(value: Any, memo: dict[int, Any] | None = None) -> Any:
    return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _saved(backend: DynamoDBBackend, operation: dict[str, Any]) -> Saved | None:
    """The item one operation names, as it is now (a deep copy), with where it lives."""
    op = next(iter(operation.values()), None)
    if not isinstance(op, dict):
        return None
    table = backend.tables.get(op.get("TableName", ""))
    attrs = op.get("Item") if "Item" in op else op.get("Key")
    if table is None or not isinstance(attrs, dict) or table.hash_key_attr not in attrs:
        return None
    hash_key = DynamoType(attrs[table.hash_key_attr])
    range_key = None
    if table.range_key_attr is not None:
        if table.range_key_attr not in attrs:
            return None
        range_key = DynamoType(attrs[table.range_key_attr])
    return table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))


def _put_back(saved: Saved) -> None:
    table, hash_key, range_key, item = saved
    items: dict[DynamoType, Any] = table.items  # items, or items by range key
    if range_key is None:
        if item is None:
            items.pop(hash_key, None)
        else:
            items[hash_key] = item
    elif item is None:
        kept = items.get(hash_key, {})
        kept.pop(range_key, None)
        if not kept:
            items.pop(hash_key, None)
    else:
        items.setdefault(hash_key, {})[range_key] = item


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    saved = [s for s in (_saved(self, o) for o in transact_items[:100]) if s is not None]
    try:
        ORIGINAL(self, transact_items)
    except Exception:
        for each in reversed(saved):  # the first backup of an item is the one that counts
            _put_back(each)
        raise


def install() -> None:
    """Patch moto in this process (idempotent): wherever moto serves the app or the tests."""
    setattr(dynamodb_models, "copy", SimpleNamespace(deepcopy=_deepcopy_but_tables))  # noqa: B010
    setattr(DynamoDBBackend, "transact_write_items", transact_write_items)  # noqa: B010


def installed() -> bool:
    return DynamoDBBackend.transact_write_items is transact_write_items


def uninstall() -> None:
    """moto as it ships (the property test compares the two)."""
    setattr(dynamodb_models, "copy", copy)  # noqa: B010
    setattr(DynamoDBBackend, "transact_write_items", ORIGINAL)  # noqa: B010
