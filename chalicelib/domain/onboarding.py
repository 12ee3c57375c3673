"""A new caterer's onboarding: the checklist, its progress, and the practice tender.

Pure: progress is computed from facts the service reads and passes in; the practice tender is
built from a time passed in. Step keys are stable codes (pages translate them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.domain.catalog import Dietary, EventType, Province, ServiceStyle
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import BidMode, Tender, TenderDraft

# The short lessons, in the order a new caterer should read them (files in content/lessons/).
LESSONS = ("how-tenders-work", "winning-proposal", "pricing-per-guest")

PROFILE = "profile"
MENU = "menu"
PRACTICE_BID = "practice-bid"
VERIFICATION = "verification"

# The practice tender: one per stage, with a stable id so it is created once (put-if-absent).
PRACTICE_TENDER_ID = "7a1e5000-0000-4000-8000-00000000d3e0"
PRACTICE_ORGANIZER_ID = "7a1e5000-0000-4000-8000-0000000a11a0"  # no account: nobody organizes it
PRACTICE_WINDOW = timedelta(days=365)


def lesson_key(slug: str) -> str:
    """The progress key recorded when a caterer has read lesson ``slug``."""
    return f"lesson:{slug}"


@dataclass(frozen=True)
class Facts:
    """What the checklist is computed from, read by the service.

    ``learned``: the progress keys recorded for the caterer (lessons read, practice bid).
    ``verification_submitted``: None where the stage cannot tell (the step is then left out).
    """

    profile_missing: tuple[str, ...]
    menus: int
    learned: frozenset[str]
    verification_submitted: bool | None = None


@dataclass(frozen=True)
class Step:
    key: str
    done: bool


@dataclass(frozen=True)
class Progress:
    steps: tuple[Step, ...]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 100


def checklist(facts: Facts) -> Progress:
    """The steps in the order they are offered: profile, a menu, the lessons, a practice bid,
    and verification when the stage knows whether it was submitted."""
    steps = [Step(PROFILE, not facts.profile_missing), Step(MENU, facts.menus > 0)]
    steps += [Step(lesson_key(slug), lesson_key(slug) in facts.learned) for slug in LESSONS]
    steps.append(Step(PRACTICE_BID, PRACTICE_BID in facts.learned))
    if facts.verification_submitted is not None:
        steps.append(Step(VERIFICATION, facts.verification_submitted))
    return Progress(tuple(steps))


def practice_tender(now: datetime) -> Tender:
    """The demo tender: a sealed wedding dinner whose deadline is a year away and never comes
    (it is never closed, awarded or listed; bids on it only teach the form)."""
    deadline = now + PRACTICE_WINDOW
    draft = TenderDraft(
        title="Practice tender: a wedding dinner for 150 guests in Agadir",
        event_type=EventType.WEDDING,
        event_date=(deadline + timedelta(days=30)).date(),
        province=Province.AGADIR_IDA_OUTANANE,
        venue="Agadir (practice)",
        guests=150,
        menu=("harira", "pastilla", "méchoui", "chicken tajine with olives", "fruit", "mint tea"),
        dietary=(Dietary.HALAL,),
        service_style=ServiceStyle.BUFFET,
        mode=BidMode.SEALED,
        bid_deadline=deadline,
    )
    return Tender(
        id=PRACTICE_TENDER_ID,
        organizer_id=PRACTICE_ORGANIZER_ID,
        draft=draft,
        status=TenderStatus.OPEN,
        created_at=now,
        bid_deadline=deadline,
        questions_deadline=now,  # nobody answers questions on it
        practice=True,
    )
