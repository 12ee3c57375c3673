"""What each viewer may do on a tender, decided by the tender itself (``Tender.may_*``): the
tender page shows a form exactly where these say yes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from chalicelib.domain.account import Role, Viewer
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import BidMode, Tender, highest_acceptable
from tests.unit.factories import NOW, ranked, tender

ORGANIZER = Viewer("org", Role.ORGANIZER)
OTHER_ORGANIZER = Viewer("org-2", Role.ORGANIZER)
CATERER = Viewer("c1", Role.CATERER, verified=True)
UNVERIFIED = Viewer("c9", Role.CATERER)
ADMIN = Viewer("adm", Role.ADMIN)
EVERYONE = (None, ORGANIZER, OTHER_ORGANIZER, CATERER, UNVERIFIED, ADMIN)


def allowed(rule: str, subject: Tender, **args: object) -> set[str]:
    names = {None: "anonymous", ORGANIZER: "organizer", OTHER_ORGANIZER: "other organizer"}
    names |= {CATERER: "caterer", UNVERIFIED: "unverified", ADMIN: "admin"}
    return {names[v] for v in EVERYONE if getattr(subject, rule)(v, **args)}


@pytest.mark.parametrize("status", list(TenderStatus))
def test_only_verified_caterers_bid_and_only_while_open(status: TenderStatus) -> None:
    subject = tender(status)
    before = allowed("may_bid", subject, now=NOW)
    assert before == ({"caterer"} if status is TenderStatus.OPEN else set())
    assert allowed("may_bid", subject, now=subject.bid_deadline) == set()


def test_anyone_who_bids_may_practise() -> None:
    practice = dataclasses.replace(tender(), practice=True)
    late = practice.bid_deadline + timedelta(days=400)
    assert allowed("may_bid", practice, now=late) == {"caterer", "unverified"}
    assert allowed("may_ask", practice, now=NOW) == set()


def test_caterers_ask_until_the_questions_deadline() -> None:
    subject = tender()
    assert allowed("may_ask", subject, now=NOW) == {"caterer"}
    assert allowed("may_ask", subject, now=subject.questions_deadline) == set()
    assert allowed("may_ask", tender(TenderStatus.CANCELLED), now=NOW) == set()


def test_the_organizer_alone_extends_cancels_and_answers() -> None:
    subject = tender()
    assert allowed("may_extend", subject, now=NOW) == {"organizer"}
    assert allowed("may_extend", subject, now=subject.bid_deadline) == set()
    assert allowed("may_cancel", subject) == {"organizer"}
    assert allowed("may_answer_questions", subject) == {"organizer"}
    assert allowed("may_answer_questions", tender(TenderStatus.CANCELLED)) == set()
    assert allowed("may_cancel", tender(TenderStatus.COMPLETED)) == set()


def test_the_award_is_answered_by_its_caterer_and_rejected_by_its_organizer() -> None:
    awarded = tender(TenderStatus.AWARDED, ranking=ranked("c1", "c2"))
    assert allowed("may_answer_award", awarded) == {"caterer"}
    assert allowed("may_reject_award", awarded) == {"organizer"}
    contracted = tender(TenderStatus.CONTRACTED, ranking=ranked("c1"))
    assert allowed("may_answer_award", contracted) == allowed("may_reject_award", contracted)
    assert allowed("may_answer_award", contracted) == set()


def test_the_best_bid_of_an_open_auction_stays() -> None:
    auction = dataclasses.replace(
        tender(mode=BidMode.OPEN), best_caterer_id="c1", best_amount=ranked("c1")[0].amount
    )
    assert auction.is_led_by("c1")
    assert not auction.may_withdraw(CATERER, has_bid=True, now=NOW)
    sealed = dataclasses.replace(tender(), best_caterer_id="c1")
    assert sealed.may_withdraw(CATERER, has_bid=True, now=NOW)
    assert not sealed.may_withdraw(CATERER, has_bid=False, now=NOW)
    assert not sealed.may_withdraw(CATERER, has_bid=True, now=sealed.bid_deadline)
    assert auction.next_ceiling == highest_acceptable(ranked("c1")[0].amount, None)
    assert sealed.next_ceiling is None
