"""The words of each notice, marked for translation (``pybabel extract`` finds them here).

Placeholders: ``title`` (the tender's), ``amount`` (the award concerned), ``count`` (bids),
``deadline`` (a new deadline), ``reason`` (the organizer's, for a cancellation), ``code`` (the
organizer's delivery code, in the contract's notice only); the
exemption notice has ``ends`` (when the caterer's fee exemption ends); a message's has
``sender`` and ``text`` (its beginning).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import i18n
from chalicelib.domain.account import Account
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.notice_policy import Reach
from chalicelib.domain.notices import NoticeKind


def _(message: str) -> str:
    """Marks a string for extraction; translation happens when a notice is rendered."""
    return message


THE_ORGANIZER = _("The organizer")  # who wrote a message, to the caterer

TEXTS: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.BID_WON: (
        _("You won the tender: %(title)s"),
        _(
            "Your bid of %(amount)s for “%(title)s” won. Confirm the award in Walima "
            "before its deadline."
        ),
    ),
    NoticeKind.BID_LOST: (
        _("Tender awarded: %(title)s"),
        _("“%(title)s” was awarded to another caterer at %(amount)s. Thank you for bidding."),
    ),
    NoticeKind.TENDER_AWARDED: (
        _("Your tender is awarded: %(title)s"),
        _("“%(title)s” closed with %(count)s bid(s); the best, %(amount)s, wins."),
    ),
    NoticeKind.TENDER_UNSUCCESSFUL: (
        _("No valid bid: %(title)s"),
        _("“%(title)s” closed without a valid bid. You can post it again with a later deadline."),
    ),
    NoticeKind.QUESTION_ANSWERED: (
        _("New answer: %(title)s"),
        _("The organizer of “%(title)s” answered a question. Read it on the tender's page."),
    ),
    NoticeKind.DEADLINE_EXTENDED: (
        _("Deadline extended: %(title)s"),
        _("Bids for “%(title)s” are now open until %(deadline)s."),
    ),
    NoticeKind.TENDER_CANCELLED: (
        _("Tender cancelled: %(title)s"),
        _("The organizer cancelled “%(title)s”: %(reason)s"),
    ),
    NoticeKind.AWARD_PASSED: (
        _("Award passed to the next bid: %(title)s"),
        _("The award of “%(title)s” passed to the next ranked bid, %(amount)s."),
    ),
    NoticeKind.AWARD_LAPSED: (
        _("Award withdrawn: %(title)s"),
        _("The award of “%(title)s” is no longer yours."),
    ),
    NoticeKind.AWARD_CONFIRMED: (
        _("Award confirmed: %(title)s"),
        _(
            "The caterer confirmed “%(title)s” at %(amount)s. The contract, with the caterer's "
            "phone, is on Walima. Your delivery code is %(code)s: give it to the caterer at the "
            "event, once it has served you."
        ),
    ),
    NoticeKind.CONTRACT_CANCELLED: (
        _("Contract cancelled: %(title)s"),
        _("The other party cancelled the contract of “%(title)s”: %(reason)s"),
    ),
    NoticeKind.DISPUTE_OPENED: (
        _("Dispute opened: %(title)s"),
        _(
            "The other party opened a dispute about “%(title)s”. A Walima admin will look "
            "at it and tell you both the decision."
        ),
    ),
    NoticeKind.DISPUTE_UPHELD: (
        _("Dispute upheld: %(title)s"),
        _("A Walima admin upheld the dispute about “%(title)s”. The decision is on the contract."),
    ),
    NoticeKind.DISPUTE_DISMISSED: (
        _("Dispute dismissed: %(title)s"),
        _(
            "A Walima admin dismissed the dispute about “%(title)s”. The decision is on the "
            "contract."
        ),
    ),
    NoticeKind.TENDER_COMPLETED: (
        _("Event completed: %(title)s"),
        _("“%(title)s” is completed. Thank you for using Walima."),
    ),
    NoticeKind.JOINT_INVITATION: (
        _("%(lead)s invites you to bid together"),
        _(
            "Your share of “%(title)s”: %(quantities)s, paid %(amount)s. Confirm it on the "
            "tender's page before %(deadline)s; the bid stands once every partner confirms."
        ),
    ),
    NoticeKind.EXEMPTION_ENDING: (
        _("Your fee exemption ends soon"),
        _(
            "Your exemption from Walima's service fees ends on %(ends)s. Awards confirmed "
            "after that date carry the usual service fee."
        ),
    ),
    NoticeKind.VERIFICATION_APPROVED: (
        _("Your business is verified"),
        _("Walima verified %(business)s. You can now bid on tenders."),
    ),
    NoticeKind.VERIFICATION_REJECTED: (
        _("Your verification was not accepted"),
        _(
            "Walima could not verify %(business)s: %(reason)s. Correct your file and send it "
            "again from your verification page."
        ),
    ),
    NoticeKind.TENDER_ALERT: (
        _("New tender for you: %(title)s"),
        _(
            "“%(title)s” asks for what you offer in your provinces. Bids are open until "
            "%(deadline)s: read it and bid on Walima."
        ),
    ),
    NoticeKind.OUTBID: (
        _("You were outbid: %(title)s"),
        _(
            "Another caterer bid lower on “%(title)s”: the best bid is now %(amount)s. Bids are "
            "open until %(deadline)s: bid again on Walima."
        ),
    ),
    NoticeKind.TENDER_DIGEST: (
        _("New tenders for you today: %(count)s"),
        _("Tenders opened for you since the last digest: %(titles)s. Bid on Walima."),
    ),
    NoticeKind.MESSAGE: (
        _("New message on “%(title)s”"),
        _("%(sender)s wrote: “%(text)s”. Reply on Walima."),
    ),
}


def compose(
    account: Account,
    notice_id: str,
    kind: NoticeKind,
    tender_id: str | None,
    values: dict[str, Any],
    now: datetime,
    reach: Reach | None = None,
) -> NewNotice:
    """The notice in the recipient's language, its e-mail and SMS as the recipient's notice
    settings say (``reach``: already decided, for tender alerts and messages)."""
    title, body = TEXTS[kind]
    sent = account.reach(now) if reach is None else reach
    return NewNotice(
        account_id=account.id,
        notice_id=notice_id,
        kind=kind.value,
        tender_id=tender_id,
        title=i18n.gettext_for(account.language, title) % values,
        body=i18n.gettext_for(account.language, body) % values,
        language=account.language.value,
        created_at=now,
        email_to=sent.email_to,
        sms_to=sent.sms_to,
        send_after=sent.send_after,
    )
