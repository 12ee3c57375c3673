"""The words of each notice, marked for translation (``pybabel extract`` finds them here)."""

from __future__ import annotations

from chalicelib.domain.notices import NoticeKind


def _(message: str) -> str:
    """Marks a string for extraction; translation happens when a notice is rendered."""
    return message


TEXTS: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.BID_WON: (
        _("You won the tender: %(title)s"),
        _("Your bid of %(amount)s for “%(title)s” won. The organizer will contact you."),
    ),
    NoticeKind.BID_LOST: (
        _("Tender awarded: %(title)s"),
        _("“%(title)s” was awarded to another caterer at %(amount)s. Thank you for bidding."),
    ),
    NoticeKind.TENDER_AWARDED: (
        _("Your tender is awarded: %(title)s"),
        _("“%(title)s” closed with %(count)s bid(s); the lowest, %(amount)s, wins."),
    ),
    NoticeKind.TENDER_UNSUCCESSFUL: (
        _("No valid bid: %(title)s"),
        _("“%(title)s” closed without a valid bid. You can post it again with a later deadline."),
    ),
}
