"""Who is told what when a tender closes. Pure: the notification service delivers them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from chalicelib.domain.bid import Bid
from chalicelib.domain.tender import Tender


class NoticeKind(StrEnum):
    BID_WON = "bid_won"
    BID_LOST = "bid_lost"
    TENDER_AWARDED = "tender_awarded"
    TENDER_UNSUCCESSFUL = "tender_unsuccessful"


@dataclass(frozen=True)
class Notice:
    recipient_id: str
    kind: NoticeKind
    tender_id: str

    @property
    def id(self) -> str:
        """Deterministic, so a notice written twice (closer and sweeper racing) is one notice."""
        return f"{self.tender_id}:{self.kind}:{self.recipient_id}"


def close_notices(tender: Tender, live_bids: Iterable[Bid]) -> list[Notice]:
    """The winner, every other bidder and the organizer each get exactly one notice."""
    bidders = sorted({bid.caterer_id for bid in live_bids})
    if tender.award is None:
        return [Notice(tender.organizer_id, NoticeKind.TENDER_UNSUCCESSFUL, tender.id)]
    winner = tender.award.caterer_id
    notices = [Notice(tender.organizer_id, NoticeKind.TENDER_AWARDED, tender.id)]
    notices += [
        Notice(c, NoticeKind.BID_WON if c == winner else NoticeKind.BID_LOST, tender.id)
        for c in bidders
    ]
    return notices
