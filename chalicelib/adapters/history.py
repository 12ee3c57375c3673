"""The history's one write and its reads.

A step is put in the same transaction as the change it records, numbered after the tender's
last step and conditional on that number being free: when two changes race, the second to
commit finds its number taken and takes the next (its own conditions are checked again), so
the numbers are the order the changes took effect. Its moment never goes back either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import pagination
from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import refused, transact
from chalicelib.adapters.models import StepModel
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.history import Action, Actor, Step
from chalicelib.domain.lifecycle import TenderStatus

ATTEMPTS = 8
FIRST_MONTH = (2026, 1)  # Walima's first releases: the index is read from there at the earliest

Write = Callable[[TransactWrite], None]


def _last(tender_id: str) -> StepModel | None:
    found = StepModel.query(tender_id, scan_index_forward=False, limit=1, consistent_read=True)
    return next(iter(found), None)


def _month(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m")


def _moment(at: datetime) -> str:
    """Sortable as text: UTC, always with microseconds."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def step_item(step: Step, last: StepModel | None) -> StepModel:
    seq = int(last.seq) + 1 if last is not None else 1
    at = max(step.at, last.at) if last is not None else step.at
    at = at.astimezone(UTC)
    item = StepModel(
        tender_id=step.tender_id,
        seq=seq,
        at=at,
        action=step.action.value,
        actor_role=step.actor.role,
        actor_id=step.actor.account_id,
        before=step.before.value if step.before is not None else None,
        after=step.after.value,
        reason=step.reason,
    )
    if step.release is not None:
        item.release = json.dumps(step.release, ensure_ascii=False, sort_keys=True)
        item.published_month = _month(at)
        item.published_key = f"{_moment(at)}#{step.tender_id}#{seq:04d}"
    return item


def _commit(item: StepModel, write: Write) -> None:
    with TransactWrite(connection=dynamodb()) as tx:
        tx.save(item, condition=StepModel.seq.does_not_exist())  # the first put
        write(tx)


def _place_of_step(write: Write) -> int:
    """Where the step's refusal comes among the transaction's: DynamoDB answers condition
    checks, then deletes, then puts (the step is the first put). Counted on a transaction
    that is never committed."""
    probe = TransactWrite(connection=dynamodb())
    write(probe)
    return len(probe._condition_check_items) + len(probe._delete_items)


def transact_step(step: Step, write: Write) -> list[bool] | None:
    """Commit ``write``'s actions and ``step`` as one transaction. None when committed; else
    which of ``write``'s own actions refused it, in ``refused``'s order (the step left out)."""
    mine = _place_of_step(write)
    for _ in range(ATTEMPTS):
        item = step_item(step, _last(step.tender_id))
        try:
            transact(partial(_commit, item, write))
        except TransactWriteError as error:
            failed = refused(error)
            others = failed[:mine] + failed[mine + 1 :]
            if any(others):
                return others
            if not (len(failed) > mine and failed[mine]):
                raise
            continue  # a racing step took this number: number it again
        return None
    raise RuntimeError(f"tender {step.tender_id}: its step found no free number")


def with_step(step: Step, write: Write) -> bool:
    """As ``transact_step``: True when committed, False when ``write``'s conditions refused."""
    return transact_step(step, write) is None


def to_step(item: StepModel) -> Step:
    return Step(
        tender_id=item.tender_id,
        action=Action(item.action),
        at=item.at,
        actor=Actor(item.actor_role, item.actor_id),
        before=TenderStatus(item.before) if item.before else None,
        after=TenderStatus(item.after),
        reason=item.reason or "",
        release=json.loads(item.release) if item.release else None,
        seq=int(item.seq),
    )


def _months(start: str, end: str) -> Iterator[str]:
    year, month = (int(part) for part in start.split("-"))
    while f"{year:04d}-{month:02d}" <= end:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class HistoryRepository:
    def steps(self, tender_id: str) -> list[Step]:
        """Oldest first, as they took effect."""
        return [to_step(i) for i in StepModel.query(tender_id, consistent_read=True)]

    def releases(
        self, since: datetime | None, cursor: str | None, limit: int, now: datetime
    ) -> tuple[list[Step], str | None]:
        """The public steps published from ``since`` on, oldest first: one query per month
        of the sparse ``releases`` index, from the cursor's month (or ``since``'s)."""
        start = pagination.decode(cursor, {"month": None, "after": None})
        if start is not None and not re.fullmatch(r"\d{4}-\d{2}", start["month"]["S"]):
            raise InvalidInput("bad cursor", pagination.BAD_CURSOR)
        origin = datetime(*FIRST_MONTH, 1, tzinfo=UTC)
        first = max(since, origin) if since is not None else origin
        month = start["month"]["S"] if start else _month(first)
        after = start["after"]["S"] if start else None
        found: list[Step] = []
        for current in _months(month, _month(now.astimezone(UTC))):
            if after is not None:
                key_condition = StepModel.published_key > after
            else:
                key_condition = StepModel.published_key >= _moment(first)
            for item in StepModel.releases.query(current, key_condition, limit=limit - len(found)):
                found.append(to_step(item))
                if len(found) == limit:
                    last = {"month": {"S": current}, "after": {"S": str(item.published_key)}}
                    return found, pagination.encode(last)
            after = None
        return found, None
