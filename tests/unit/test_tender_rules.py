from datetime import date, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.tender import (
    TRANSIT_ALLOWANCE,
    BidMode,
    check_draft,
    highest_acceptable,
    minimum_decrement,
)
from tests.unit.factories import NOW, draft

WINDOW = timedelta(seconds=10)


def test_a_window_at_the_minimum_is_accepted() -> None:
    check_draft(draft(bid_deadline=NOW + WINDOW), NOW, WINDOW)


def test_the_transit_allowance_is_all_the_slack_there_is() -> None:
    check_draft(draft(bid_deadline=NOW + WINDOW - TRANSIT_ALLOWANCE), NOW, WINDOW)
    late = NOW + WINDOW - TRANSIT_ALLOWANCE - timedelta(milliseconds=1)
    with pytest.raises(InvalidInput) as refused:
        check_draft(draft(bid_deadline=late), NOW, WINDOW)
    assert "bid_deadline" in refused.value.fields


def test_a_deadline_in_the_past_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_draft(draft(bid_deadline=NOW - timedelta(hours=1)), NOW, WINDOW)
    assert set(refused.value.fields) == {"bid_deadline"}


def test_the_event_cannot_come_before_the_deadline() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_draft(draft(event_date=date(2026, 11, 30)), NOW, WINDOW)
    assert set(refused.value.fields) == {"event_date"}


def test_only_open_tenders_have_a_decrement() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_draft(draft(min_decrement=Decimal("50.00")), NOW, WINDOW)
    assert set(refused.value.fields) == {"min_decrement_mad"}
    check_draft(draft(mode=BidMode.OPEN, min_decrement=Decimal("50.00")), NOW, WINDOW)


@pytest.mark.parametrize(
    ("best", "fixed", "step"),
    [
        ("1000.00", None, "10.00"),  # 0.5 % is 5 MAD: the 10 MAD floor applies
        ("2000.00", None, "10.00"),  # exactly at the floor
        ("50000.00", None, "250.00"),  # 0.5 %
        ("12345.67", None, "61.73"),  # rounded half up to the centime
        ("50000.00", "100.00", "100.00"),  # the tender's own step wins
    ],
)
def test_minimum_decrement(best: str, fixed: str | None, step: str) -> None:
    assert minimum_decrement(Decimal(best), Decimal(fixed) if fixed else None) == Decimal(step)


def test_highest_acceptable_is_the_best_less_one_step() -> None:
    assert highest_acceptable(Decimal("50000.00"), None) == Decimal("49750.00")
