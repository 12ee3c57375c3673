"""The embedded default's patch of moto's transactions (``embedded/moto_transactions.py``):
on random transactions — puts, updates, deletes and condition checks on two tables, with
conditions that fail and items named twice — the patched and the original moto leave the same
items and answer the same; and a transaction no longer costs more as its tables grow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moto.dynamodb.models import DynamoDBBackend

from embedded import moto_transactions

TABLES = {"bids": ("tender_id", "caterer_id"), "tenders": ("id", None)}
KEYS = ("a", "b", "c")


def backend() -> DynamoDBBackend:
    new = DynamoDBBackend("eu-west-3", "123456789012")
    for name, (hash_key, range_key) in TABLES.items():
        schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
        attrs = [{"AttributeName": hash_key, "AttributeType": "S"}]
        if range_key:
            schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
            attrs.append({"AttributeName": range_key, "AttributeType": "S"})
        new.create_table(
            name,
            schema=schema,
            throughput=None,
            attr=attrs,
            global_indexes=None,
            indexes=None,
            streams=None,
            billing_mode="PAY_PER_REQUEST",
            sse_specification=None,
            tags=[],
            deletion_protection_enabled=None,
            warm_throughput=None,
        )
    return new


def key_of(table: str, h: str, r: str) -> dict[str, Any]:
    hash_key, range_key = TABLES[table]
    key = {hash_key: {"S": h}}
    if range_key:
        key[range_key] = {"S": r}
    return key


CONDITIONS = st.sampled_from(
    [
        None,
        ("attribute_not_exists(#n)", {}),
        ("attribute_exists(#n)", {}),
        ("#n < :v", {":v": {"N": "3"}}),
        ("#n = :v", {":v": {"N": "1"}}),
    ]
)


@st.composite
def operation(draw: st.DrawFn) -> dict[str, Any]:
    table = draw(st.sampled_from(sorted(TABLES)))
    key = key_of(table, draw(st.sampled_from(KEYS)), draw(st.sampled_from(KEYS)))
    kind = draw(st.sampled_from(["Put", "Update", "Delete", "ConditionCheck"]))
    condition = draw(CONDITIONS)
    op: dict[str, Any] = {"TableName": table}
    if kind == "Put":
        op["Item"] = key | {"n": {"N": str(draw(st.integers(0, 4)))}}
    else:
        op["Key"] = key
    if kind == "Update":
        op["UpdateExpression"] = "ADD #n :one"
        op["ExpressionAttributeValues"] = {":one": {"N": "1"}}
    if kind == "ConditionCheck" and condition is None:
        condition = ("attribute_exists(#n)", {})
    if condition is not None:
        op["ConditionExpression"] = condition[0]
        op["ExpressionAttributeNames"] = {"#n": "n"}
        op["ExpressionAttributeValues"] = op.get("ExpressionAttributeValues", {}) | condition[1]
    elif kind == "Update":
        op["ExpressionAttributeNames"] = {"#n": "n"}
    return {kind: op}


def items(store: DynamoDBBackend) -> dict[str, list[dict[str, Any]]]:
    return {
        name: sorted(
            (item.to_json()["Attributes"] for item in table.all_items()),
            key=lambda attrs: sorted(str(v) for v in attrs.values()),
        )
        for name, table in store.tables.items()
    }


def run(store: DynamoDBBackend, transactions: list[list[dict[str, Any]]]) -> list[str]:
    """Each transaction's outcome: ``ok`` or the error moto raised, with its reasons."""
    outcomes = []
    for transaction in transactions:
        try:
            store.transact_write_items(transaction)
            outcomes.append("ok")
        except Exception as error:  # moto's own errors, compared by kind and message
            outcomes.append(f"{type(error).__name__}: {error}")
    return outcomes


@contextmanager
def moto_as_shipped() -> Iterator[None]:
    was = moto_transactions.installed()
    moto_transactions.uninstall()
    try:
        yield
    finally:
        if was:
            moto_transactions.install()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(operation(), min_size=1, max_size=4), min_size=1, max_size=8))
def test_patched_and_original_moto_agree(transactions: list[list[dict[str, Any]]]) -> None:
    with moto_as_shipped():
        original = backend()
        expected = run(original, transactions)
    moto_transactions.install()
    patched = backend()
    assert run(patched, transactions) == expected
    assert items(patched) == items(original)


def test_a_refused_transaction_restores_exactly_the_items_it_touched() -> None:
    moto_transactions.install()
    store = backend()
    store.transact_write_items([{"Put": {"TableName": "tenders", "Item": {"id": {"S": "t"}}}}])
    refused = [
        {"Put": {"TableName": "bids", "Item": key_of("bids", "t", "x")}},
        {
            "Update": {
                "TableName": "tenders",
                "Key": {"id": {"S": "t"}},
                "UpdateExpression": "SET s = :s",
                "ExpressionAttributeValues": {":s": {"S": "changed"}},
            }
        },
        {
            "ConditionCheck": {
                "TableName": "tenders",
                "Key": {"id": {"S": "gone"}},
                "ConditionExpression": "attribute_exists(id)",
            }
        },
    ]
    with pytest.raises(Exception, match="ConditionalCheckFailed"):
        store.transact_write_items(refused)
    assert items(store) == {"bids": [], "tenders": [{"id": {"S": "t"}}]}
