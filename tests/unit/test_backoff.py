"""The log-in back-off: free failures, then a wait that doubles up to a ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.quota import Backoff

RULE = Backoff(free=5, first=timedelta(seconds=30), longest=timedelta(minutes=15))
LAST = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_the_free_failures_cost_nothing() -> None:
    assert all(RULE.wait(n, LAST, LAST) is None for n in range(5))


def test_each_failure_after_them_doubles_the_wait_up_to_the_ceiling() -> None:
    waits = [RULE.wait(n, LAST, LAST) for n in range(5, 12)]
    assert waits == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480, 900, 900)]


def test_the_wait_runs_from_the_last_failure() -> None:
    assert RULE.wait(6, LAST, LAST + timedelta(seconds=45)) == timedelta(seconds=15)
    assert RULE.wait(6, LAST, LAST + timedelta(seconds=60)) is None


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=2000))
def test_a_wait_never_exceeds_the_ceiling_nor_grows_with_time(failures: int, later: int) -> None:
    now = LAST + timedelta(seconds=later)
    wait = RULE.wait(failures, LAST, now)
    assert wait is None or timedelta(0) < wait <= RULE.longest
    if wait is not None:
        assert RULE.wait(failures, LAST, now - timedelta(seconds=1)) == wait + timedelta(seconds=1)
