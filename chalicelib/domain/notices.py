"""Who is told what when a tender changes. Pure: the notification service delivers them.

Every state change that concerns people records an *event* on the tender in the same write
(the outbox); ``notices_for`` turns an event into one notice per person concerned, with an id
derived from the event, so writing the notices twice yields each notice once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib.domain.tender import Tender


class NoticeKind(StrEnum):
    BID_WON = "bid_won"
    BID_LOST = "bid_lost"
    TENDER_AWARDED = "tender_awarded"
    TENDER_UNSUCCESSFUL = "tender_unsuccessful"
    QUESTION_ANSWERED = "question_answered"
    DEADLINE_EXTENDED = "deadline_extended"
    TENDER_CANCELLED = "tender_cancelled"
    AWARD_PASSED = "award_passed"
    AWARD_LAPSED = "award_lapsed"
    AWARD_CONFIRMED = "award_confirmed"
    TENDER_COMPLETED = "tender_completed"
    CONTRACT_CANCELLED = "contract_cancelled"  # to the party that did not cancel
    DISPUTE_OPENED = "dispute_opened"  # to the other party
    DISPUTE_UPHELD = "dispute_upheld"  # to both parties
    DISPUTE_DISMISSED = "dispute_dismissed"  # to both parties
    EXEMPTION_ENDING = "exemption_ending"
    VERIFICATION_APPROVED = "verification_approved"
    VERIFICATION_REJECTED = "verification_rejected"
    TENDER_ALERT = "tender_alert"  # a new tender matches the caterer
    TENDER_DIGEST = "tender_digest"  # the day's matching tenders, for those who prefer a digest
    OUTBID = "outbid"  # an open auction: another caterer's bid undercut yours
    MESSAGE = "message"  # a private message in a tender's thread
    JOINT_INVITATION = "joint_invitation"  # a lead cooperative offers a share of its bid


class Event(StrEnum):
    """What happened; an event key is ``kind`` or ``kind:detail`` (detail makes it unique)."""

    CLOSED = "closed"
    ANSWERED = "answered"
    EXTENDED = "extended"
    CANCELLED = "cancelled"
    PASSED = "passed"
    EXHAUSTED = "exhausted"
    CONTRACTED = "contracted"
    COMPLETED = "completed"
    CONTRACT_CANCELLED = "contract_cancelled"  # detail: the side that cancelled
    DISPUTED = "disputed"  # detail: "<side that opened it>/<dispute id>"
    DISPUTE_DECIDED = "dispute_decided"  # detail: "<upheld|dismissed>/<dispute id>"
    OPENED = "opened"  # its notices are the matching caterers' alerts (``services/alerts.py``)
    OUTBID = "outbid"  # detail: "<caterer undercut>/<10-minute window>"


OUTBID_WINDOW = timedelta(minutes=10)  # at most one outbid notice per caterer and tender in each
OUTBID_QUIET = timedelta(minutes=2)  # the last minutes: the page's live price is the signal


def event_key(event: Event, detail: str = "") -> str:
    return f"{event}:{detail}" if detail else str(event)


def outbid_event(leader: str | None, bidder: str, deadline: datetime, at: datetime) -> str | None:
    """The event a new best open bid at ``at`` records for the caterer it takes the lead from
    (``leader``), or None: nobody led, the leader undercut itself, or ``deadline`` (after
    this bid's extension, if any) is at most ``OUTBID_QUIET`` away. The key names the
    10-minute window, so every undercut of the same caterer in a window is one event."""
    if leader is None or leader == bidder or deadline - at <= OUTBID_QUIET:
        return None
    window = int(at.timestamp() // OUTBID_WINDOW.total_seconds())
    return event_key(Event.OUTBID, f"{leader}/{window}")


def parse_event(key: str) -> tuple[Event, str]:
    event, _, detail = key.partition(":")
    return Event(event), detail


@dataclass(frozen=True)
class Notice:
    recipient_id: str
    kind: NoticeKind
    tender_id: str
    event: str

    @property
    def id(self) -> str:
        """Deterministic, so a notice written twice (closer and sweeper racing) is one notice."""
        return f"{self.tender_id}:{self.event}:{self.kind}:{self.recipient_id}"


@dataclass(frozen=True)
class Audience:
    """Who may be concerned: the caterers who bid (live or withdrawn) and who asked."""

    bidders: frozenset[str]
    askers: frozenset[str] = frozenset()


def notices_for(tender: Tender, key: str, audience: Audience) -> list[Notice]:
    """The notices one event sends. Computed from the event's own detail and the ranking frozen
    at close, so an event processed late (after later changes) still tells the right people."""
    event, detail = parse_event(key)
    if event is Event.OPENED:
        return []  # nobody concerned yet: the alerts go to caterers found by matching
    to = _Recipients(tender, key)
    if event is Event.OUTBID:
        return to.each([detail.partition("/")[0]], NoticeKind.OUTBID)
    ranking = tender.ranking
    if event is Event.CLOSED:
        if not ranking:
            return to.organizer(NoticeKind.TENDER_UNSUCCESSFUL) + to.each(
                audience.bidders, NoticeKind.TENDER_UNSUCCESSFUL
            )
        winner = ranking[0].caterer_id
        return (
            to.organizer(NoticeKind.TENDER_AWARDED)
            + to.each([winner], NoticeKind.BID_WON)
            + to.each(audience.bidders - {winner}, NoticeKind.BID_LOST)
        )
    if event is Event.ANSWERED:
        return to.each(audience.bidders | audience.askers, NoticeKind.QUESTION_ANSWERED)
    if event is Event.EXTENDED:
        return to.each(audience.bidders, NoticeKind.DEADLINE_EXTENDED)
    if event is Event.CANCELLED:
        return to.each(audience.bidders, NoticeKind.TENDER_CANCELLED)
    if event is Event.PASSED:
        index = int(detail)
        return (
            to.organizer(NoticeKind.AWARD_PASSED)
            + to.each([ranking[index - 1].caterer_id], NoticeKind.AWARD_LAPSED)
            + to.each([ranking[index].caterer_id], NoticeKind.BID_WON)
        )
    if event is Event.EXHAUSTED:
        return to.organizer(NoticeKind.TENDER_UNSUCCESSFUL) + to.each(
            [ranking[-1].caterer_id], NoticeKind.AWARD_LAPSED
        )
    return _after_the_award(tender, event, detail, to)


def _after_the_award(tender: Tender, event: Event, detail: str, to: _Recipients) -> list[Notice]:
    """The deal's events: the contract, its cancellation, disputes, the completed event."""
    winner_now = [tender.winner_id] if tender.winner_id else []
    if event is Event.CONTRACTED:
        return to.organizer(NoticeKind.AWARD_CONFIRMED)
    other_than = {"organizer": winner_now, "caterer": [tender.organizer_id]}
    if event is Event.CONTRACT_CANCELLED:
        return to.each(other_than[detail], NoticeKind.CONTRACT_CANCELLED)
    if event is Event.DISPUTED:
        return to.each(other_than[detail.partition("/")[0]], NoticeKind.DISPUTE_OPENED)
    if event is Event.DISPUTE_DECIDED:
        upheld = detail.startswith("upheld/")
        kind = NoticeKind.DISPUTE_UPHELD if upheld else NoticeKind.DISPUTE_DISMISSED
        return to.organizer(kind) + to.each(winner_now, kind)
    return to.organizer(NoticeKind.TENDER_COMPLETED) + to.each(
        winner_now, NoticeKind.TENDER_COMPLETED
    )


class _Recipients:
    def __init__(self, tender: Tender, key: str) -> None:
        self._tender = tender
        self._key = key

    def organizer(self, kind: NoticeKind) -> list[Notice]:
        return self.each([self._tender.organizer_id], kind)

    def each(self, people: Iterable[str], kind: NoticeKind) -> list[Notice]:
        return [Notice(p, kind, self._tender.id, self._key) for p in sorted(set(people))]
