"""moto's DynamoDB tables read and filled in-process, for the snapshot.

Scanning 20,000 items over HTTP and writing them back in 25-item batches took most of a restart
(measured: 5 s each way); moto holds the items in memory in this very process, so the snapshot
reads and fills them there. Only while moto's lock is held (``SerialisedApp.exclusive``, or
before anything is served), so no request is inside moto meanwhile. The items are DynamoDB's
wire form, as ``Scan`` returns them (a test compares the two).
"""

from __future__ import annotations

from typing import Any

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends

from embedded.aws import REGION


def _backend() -> DynamoDBBackend:
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]


def items(table: str) -> list[dict[str, Any]]:
    return [item.to_json()["Attributes"] for item in _backend().get_table(table).all_items()]


def put(table: str, found: list[dict[str, Any]]) -> None:
    kept = _backend().get_table(table)
    for item in found:
        kept.put_item(item)
