"""The onboarding checklist and the practice tender, computed from facts alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.onboarding import (
    LESSONS,
    PRACTICE_BID,
    PRACTICE_TENDER_ID,
    Facts,
    checklist,
    lesson_key,
    practice_tender,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_new_caterer_has_everything_to_do() -> None:
    progress = checklist(Facts(("kind", "menus"), 0, frozenset()))
    assert [s.key for s in progress.steps] == [
        "profile",
        "menu",
        *(lesson_key(x) for x in LESSONS),
        PRACTICE_BID,
    ]
    assert (progress.done, progress.total, progress.percent) == (0, 6, 0)
    assert not progress.complete


def test_each_fact_ticks_its_own_step() -> None:
    learned = frozenset({lesson_key("winning-proposal"), PRACTICE_BID, "something-else"})
    progress = checklist(Facts(("about",), 2, learned))
    assert [s.key for s in progress.steps if s.done] == [
        "menu",
        "lesson:winning-proposal",
        PRACTICE_BID,
    ]
    assert (progress.done, progress.total, progress.percent) == (3, 6, 50)


def test_verification_counts_only_where_the_stage_knows_it() -> None:
    everything = frozenset({*(lesson_key(x) for x in LESSONS), PRACTICE_BID})
    unknown = checklist(Facts((), 1, everything))
    assert unknown.complete
    assert "verification" not in [s.key for s in unknown.steps]
    waiting = checklist(Facts((), 1, everything, verification_submitted=False))
    assert (waiting.done, waiting.total, waiting.complete) == (6, 7, False)
    sent = checklist(Facts((), 1, everything, verification_submitted=True))
    assert sent.complete
    assert sent.percent == 100


def test_the_practice_tender_is_open_past_its_deadline_and_never_listed_for_closing() -> None:
    tender = practice_tender(NOW)
    assert tender.id == PRACTICE_TENDER_ID
    assert tender.practice
    assert tender.status is TenderStatus.OPEN
    assert tender.draft.event_date > tender.bid_deadline.date()
    assert tender.is_open_at(NOW + timedelta(days=2000))
    assert practice_tender(NOW + timedelta(days=1)).id == tender.id  # one stable id
