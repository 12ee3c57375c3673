"""Conditional writes: the one primitive every state change is built on."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

M = TypeVar("M", bound=Model)
T = TypeVar("T")
CHECK_FAILED = "ConditionalCheckFailedException"
TRANSACTION_ATTEMPTS = 6


def update_if(item: Model, actions: list[Action], condition: Condition) -> bool:
    """Apply ``actions`` if ``condition`` holds; True for the one caller whose write won."""
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code == CHECK_FAILED:
            return False
        raise
    return True


def put_if_absent(item: Model, condition: Condition) -> bool:
    try:
        item.save(condition=condition)
    except PutError as error:
        if error.cause_response_code == CHECK_FAILED:
            return False
        raise
    return True


def refused(error: TransactWriteError) -> list[bool]:
    """Per action of a cancelled transaction, in the order DynamoDB got them (condition checks,
    then deletes, puts, updates): whether its own condition refused it."""
    reasons = error.cancellation_reasons or ()
    return [r is not None and r.code == "ConditionalCheckFailed" for r in reasons]


def transact(write: Callable[[], T]) -> T:
    """Run a transaction, retrying only DynamoDB's ``TransactionConflict`` (another transaction
    touched the same item at that instant), with jittered backoff; other refusals propagate."""
    for attempt in range(TRANSACTION_ATTEMPTS):
        try:
            return write()
        except TransactWriteError as error:
            reasons = error.cancellation_reasons or ()
            conflict = any(r and r.code == "TransactionConflict" for r in reasons)
            if not conflict or attempt == TRANSACTION_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter
    raise AssertionError("unreachable")


def transact_if(write: Callable[[], None]) -> bool:
    """Run a transaction; False when one of its conditions refused it (as ``update_if``)."""
    try:
        transact(write)
    except TransactWriteError as error:
        if any(refused(error)):
            return False
        raise
    return True
