"""The embedded default's scheduler (``embedded/scheduler.py``) fires a tender's close when its
``at()`` comes, reads each schedule once until it changes, and follows a moved deadline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest

import app
from chalicelib.adapters.aws import client
from chalicelib.adapters.scheduling import schedule_name
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.services.deps import Deps
from chalicelib.settings import settings
from embedded.scheduler import LocalScheduler
from tests.functional.helpers import World


@pytest.fixture
def calls() -> Iterator[Counter[str]]:
    """The Scheduler API calls made during the test, by operation."""
    seen: Counter[str] = Counter()

    def count(model: object, **_: object) -> None:
        seen[str(getattr(model, "name", model))] += 1

    client("scheduler").meta.events.register("before-call.scheduler", count)
    yield seen
    client("scheduler").meta.events.unregister("before-call.scheduler", count)


def test_a_schedule_is_read_once_fired_when_due_and_followed_when_moved(
    world: World, deps: Deps, calls: Counter[str]
) -> None:
    tender = world.tender(world.organizer(), seconds=3600)
    world.bid(world.caterer(), tender, "9000.00")
    group, name = settings().schedule_group, schedule_name(tender.id)
    local = LocalScheduler(app.app, app, group)
    calls.clear()
    before = tender.bid_deadline - timedelta(minutes=1)

    assert local.fire_due_schedules(before) == 0
    assert local.fire_due_schedules(before) == 0
    assert calls["GetSchedule"] == 1  # the second tick read nothing again

    schedule = client("scheduler").get_schedule(Name=name, GroupName=group)
    later = tender.bid_deadline + timedelta(hours=1)
    moved = {k: schedule[k] for k in ("Name", "GroupName", "Target", "FlexibleTimeWindow")}
    client("scheduler").update_schedule(
        **moved, ScheduleExpression=f"at({later:%Y-%m-%dT%H:%M:%S})"
    )
    assert local.fire_due_schedules(tender.bid_deadline + timedelta(minutes=1)) == 0
    assert deps.tenders.get(tender.id).status is TenderStatus.OPEN  # the moved time holds

    assert local.fire_due_schedules(later + timedelta(seconds=1)) == 1
    assert deps.tenders.get(tender.id, consistent=True).status is not TenderStatus.OPEN
    assert client("scheduler").list_schedules(GroupName=group)["Schedules"] == []
