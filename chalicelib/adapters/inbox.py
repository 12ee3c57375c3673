"""The in-app inbox and the e-mail/SMS outbox that rides on each notification item.

Each notice is written once (conditional put on a deterministic id); its e-mail and SMS are
then claimed with a short lease, sent, and ticked off one by one, so a crash halfway through
resends only what was not yet ticked and two racing senders never both send.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters import pagination
from chalicelib.adapters.models import NotificationModel
from chalicelib.domain.inbox import InboxItem, NewNotice

PENDING = "pending"
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Outgoing:
    """A claimed notification with what remains to send."""

    account_id: str
    notice_id: str
    title: str
    body: str
    email_to: str | None
    sms_to: str | None


def _inbox_item(item: NotificationModel) -> InboxItem:
    return InboxItem(
        item.notice_id,
        item.kind,
        item.tender_id,
        item.title,
        item.body,
        item.created_at,
        bool(item.read),
    )


def notification_item(notice: NewNotice) -> NotificationModel:
    """The stored notice, waiting for delivery when it has an e-mail or SMS to send (also put
    inside other writes' transactions, so a change and its notice are stored together)."""
    item = NotificationModel(**notice.__dict__, unread_at=notice.created_at)
    if notice.email_to or notice.sms_to:
        item.delivery = PENDING
    return item


class InboxRepository:
    def add(self, notice: NewNotice) -> bool:
        """Write a notice unless it exists; True when this call wrote it."""
        item = notification_item(notice)
        try:
            item.save(condition=NotificationModel.notice_id.does_not_exist())
        except PutError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def newest_first(
        self, account_id: str, cursor: str | None, limit: int
    ) -> tuple[list[InboxItem], str | None]:
        result = NotificationModel.newest_first.query(
            account_id,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=pagination.decode(
                cursor, {"account_id": account_id, "notice_id": None, "created_at": None}
            ),
        )
        items, cursor = pagination.collect(result)
        return [_inbox_item(i) for i in items], cursor

    def unread(self, account_id: str, limit: int = 50) -> list[InboxItem]:
        """Unread notices, newest first: a consistent query on the sparse ``unread`` index, so a
        notice marked read a moment ago is not listed again."""
        result = NotificationModel.unread.query(
            account_id, scan_index_forward=False, limit=limit, consistent_read=True
        )
        return [_inbox_item(i) for i in result]

    def unread_count(self, account_id: str) -> int:
        """How many notices are unread (one ``Select=COUNT`` query; the page header shows it)."""
        return int(NotificationModel.unread.count(account_id, consistent_read=True))

    def mark_read(self, account_id: str, notice_id: str) -> None:
        try:
            NotificationModel(account_id=account_id, notice_id=notice_id).update(
                actions=[NotificationModel.read.set(True), NotificationModel.unread_at.remove()],
                condition=NotificationModel.notice_id.exists(),
            )
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise

    def undelivered(self, now: datetime) -> Iterator[tuple[str, str]]:
        """Notices with an e-mail or SMS still to send, and whose quiet hours are over."""
        due = NotificationModel.send_after.does_not_exist() | (NotificationModel.send_after <= now)
        for item in NotificationModel.delivery_index.query(PENDING, filter_condition=due):
            yield item.account_id, item.notice_id

    def claim(self, account_id: str, notice_id: str, now: datetime) -> Outgoing | None:
        """Take the sending lease unless another sender holds it, all is sent, or the notice
        waits out quiet hours (``send_after`` still ahead); then None."""
        item = NotificationModel(account_id=account_id, notice_id=notice_id)
        try:
            item.update(
                actions=[
                    NotificationModel.lease_until.set(now + LEASE),
                    NotificationModel.attempts.add(1),
                ],
                condition=(NotificationModel.delivery == PENDING)
                & (
                    NotificationModel.lease_until.does_not_exist()
                    | (NotificationModel.lease_until < now)
                )
                & (
                    NotificationModel.send_after.does_not_exist()
                    | (NotificationModel.send_after <= now)
                ),
            )
        except UpdateError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                return None
            raise
        return Outgoing(
            account_id,
            notice_id,
            item.title,
            item.body,
            None if item.email_sent else item.email_to,
            None if item.sms_sent else item.sms_to,
        )

    def tick(
        self, account_id: str, notice_id: str, *, email: bool = False, sms: bool = False
    ) -> None:
        """Record that one channel went out (so a retry skips it)."""
        actions: list[Action] = [NotificationModel.email_sent.set(True)] if email else []
        actions += [NotificationModel.sms_sent.set(True)] if sms else []
        NotificationModel(account_id=account_id, notice_id=notice_id).update(actions=actions)

    def delivered(self, account_id: str, notice_id: str) -> None:
        done: list[Action] = [
            NotificationModel.delivery.remove(),
            NotificationModel.lease_until.remove(),
        ]
        NotificationModel(account_id=account_id, notice_id=notice_id).update(actions=done)
