from decimal import Decimal

from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import NoticeKind, close_notices
from chalicelib.domain.tender import Award
from tests.unit.factories import bid, tender


def test_winner_losers_and_organizer_each_get_one_notice() -> None:
    live = [bid("a", "900.00"), bid("b", "850.00"), bid("c", "1000.00")]
    awarded = tender(TenderStatus.AWARDED, Award("b-b-0", "b", Decimal("850.00")))
    notices = {(n.recipient_id, n.kind) for n in close_notices(awarded, live)}
    assert notices == {
        ("org", NoticeKind.TENDER_AWARDED),
        ("b", NoticeKind.BID_WON),
        ("a", NoticeKind.BID_LOST),
        ("c", NoticeKind.BID_LOST),
    }


def test_no_award_tells_the_organizer_only() -> None:
    notices = close_notices(tender(TenderStatus.UNSUCCESSFUL), [])
    assert [(n.recipient_id, n.kind) for n in notices] == [("org", NoticeKind.TENDER_UNSUCCESSFUL)]


def test_notice_ids_are_deterministic() -> None:
    awarded = tender(TenderStatus.AWARDED, Award("x", "a", Decimal("1.00")))
    first = [n.id for n in close_notices(awarded, [bid("a", "1.00")])]
    again = [n.id for n in close_notices(awarded, [bid("a", "1.00")])]
    assert first == again
    assert len(set(first)) == len(first)
