from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import Audience, Notice, NoticeKind, notices_for, outbid_event
from tests.unit.factories import ranked, tender


def kinds(notices: list) -> set[tuple[str, NoticeKind]]:  # type: ignore[type-arg]
    return {(n.recipient_id, n.kind) for n in notices}


def test_at_close_winner_losers_and_organizer_each_get_one_notice() -> None:
    awarded = tender(TenderStatus.AWARDED, ranked("b", "a", "c"))
    notices = notices_for(awarded, "closed", Audience(frozenset({"a", "b", "c"})))
    assert kinds(notices) == {
        ("org", NoticeKind.TENDER_AWARDED),
        ("b", NoticeKind.BID_WON),
        ("a", NoticeKind.BID_LOST),
        ("c", NoticeKind.BID_LOST),
    }


def test_no_award_tells_the_organizer_and_the_bidders() -> None:
    notices = notices_for(tender(TenderStatus.UNSUCCESSFUL), "closed", Audience(frozenset({"a"})))
    assert kinds(notices) == {
        ("org", NoticeKind.TENDER_UNSUCCESSFUL),
        ("a", NoticeKind.TENDER_UNSUCCESSFUL),
    }


def test_a_passed_award_tells_who_lost_it_and_who_got_it() -> None:
    later = tender(TenderStatus.AWARDED, ranked("a", "b", "c"), award_index=2)
    # processed late: the award has moved on to c, but event passed:1 is about a → b
    notices = notices_for(later, "passed:1", Audience(frozenset({"a", "b", "c"})))
    assert kinds(notices) == {
        ("org", NoticeKind.AWARD_PASSED),
        ("a", NoticeKind.AWARD_LAPSED),
        ("b", NoticeKind.BID_WON),
    }


def test_an_answer_reaches_bidders_and_askers_once_each() -> None:
    notices = notices_for(
        tender(), "answered:q1", Audience(frozenset({"a", "b"}), frozenset({"b", "c"}))
    )
    assert sorted(n.recipient_id for n in notices) == ["a", "b", "c"]


def test_notice_ids_are_deterministic_and_distinct_per_event() -> None:
    awarded = tender(TenderStatus.AWARDED, ranked("a"))
    audience = Audience(frozenset({"a"}))
    first = [n.id for n in notices_for(awarded, "closed", audience)]
    assert first == [n.id for n in notices_for(awarded, "closed", audience)]
    extended = [n.id for n in notices_for(awarded, "extended:2026-12-02T10:00:00", audience)]
    assert not set(first) & set(extended)


# --- outbid, in open auctions ---------------------------------------------------------------

DEADLINE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_the_undercut_best_bidder_is_told_once_per_ten_minutes() -> None:
    at = DEADLINE - timedelta(hours=1)
    first = outbid_event("a", "b", DEADLINE, at)
    assert first is not None
    assert notices_for(tender(TenderStatus.OPEN), first, Audience(frozenset({"a", "b"}))) == [
        Notice("a", NoticeKind.OUTBID, "t1", first)
    ]
    assert outbid_event("a", "c", DEADLINE, at + timedelta(minutes=9, seconds=59)) == first
    later = outbid_event("a", "c", DEADLINE, at + timedelta(minutes=10))
    assert later not in (None, first)


def test_no_outbid_notice_for_oneself_a_first_bid_or_the_last_two_minutes() -> None:
    early = DEADLINE - timedelta(hours=1)
    assert outbid_event("a", "a", DEADLINE, early) is None  # a caterer lowering its own best
    assert outbid_event(None, "a", DEADLINE, early) is None  # nobody was leading
    assert outbid_event("a", "b", DEADLINE, DEADLINE - timedelta(minutes=2)) is None
    assert outbid_event("a", "b", DEADLINE, DEADLINE - timedelta(minutes=2, seconds=1))


@given(
    seconds=st.lists(st.integers(min_value=0, max_value=60 * 60), min_size=1, max_size=40),
)
def test_outbid_events_are_at_most_one_per_caterer_per_ten_minute_window(
    seconds: list[int],
) -> None:
    start = DEADLINE - timedelta(hours=1)
    moments = [start + timedelta(seconds=s) for s in seconds]
    keys = {outbid_event("a", "b", DEADLINE, at) for at in moments} - {None}
    told = [at for at in moments if DEADLINE - at > timedelta(minutes=2)]
    assert len(keys) == len({at.timestamp() // 600 for at in told})
