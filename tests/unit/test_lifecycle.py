import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.lifecycle import TRANSITIONS, TenderStatus, can_move, check_move

ENDS = {TenderStatus.COMPLETED, TenderStatus.UNSUCCESSFUL, TenderStatus.CANCELLED}


def test_every_status_has_a_row() -> None:
    assert set(TRANSITIONS) == set(TenderStatus)


def test_ends_are_final() -> None:
    assert all(not TRANSITIONS[end] for end in ENDS)


def test_every_status_but_the_ends_leads_somewhere() -> None:
    assert all(TRANSITIONS[s] for s in set(TenderStatus) - ENDS)


def test_the_close_path() -> None:
    assert can_move(TenderStatus.OPEN, TenderStatus.CLOSED)
    assert can_move(TenderStatus.CLOSED, TenderStatus.AWARDED)
    assert can_move(TenderStatus.CLOSED, TenderStatus.UNSUCCESSFUL)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (TenderStatus.OPEN, TenderStatus.AWARDED),  # never award without closing first
        (TenderStatus.CLOSED, TenderStatus.OPEN),  # a closed tender never reopens
        (TenderStatus.UNSUCCESSFUL, TenderStatus.OPEN),
    ],
)
def test_forbidden_moves_are_conflicts(current: TenderStatus, target: TenderStatus) -> None:
    with pytest.raises(Conflict):
        check_move(current, target)
