"""Opaque list cursors: DynamoDB's ``LastEvaluatedKey`` as URL-safe base64 JSON."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, TypeVar

from pynamodb.pagination import ResultIterator

from chalicelib.domain.errors import InvalidInput

T = TypeVar("T")
BAD_CURSOR = {"cursor": "not a cursor this API returned"}


def encode(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None, shape: dict[str, str | None]) -> dict[str, Any] | None:
    """The start key a cursor stands for, if it has exactly the ``shape`` this query returns.

    ``shape`` names each key attribute and, for the partition being read, its only allowed
    value (``None``: any string). A forged cursor is refused here, before DynamoDB sees it.
    """
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidInput("bad cursor", BAD_CURSOR) from error
    if not _fits(value, shape):
        raise InvalidInput("bad cursor", BAD_CURSOR)
    return dict(value)


def _fits(value: object, shape: dict[str, str | None]) -> bool:
    if not isinstance(value, dict) or set(value) != set(shape):
        return False
    for name, wanted in shape.items():
        cell = value[name]
        if not (isinstance(cell, dict) and set(cell) == {"S"} and isinstance(cell["S"], str)):
            return False
        if wanted is not None and cell["S"] != wanted:
            return False
    return True


def collect(results: ResultIterator[T]) -> tuple[list[T], str | None]:
    """One page of a query and the cursor to the next."""
    return list(results), encode(results.last_evaluated_key)
