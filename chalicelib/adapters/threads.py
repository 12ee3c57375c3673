"""Private threads. A message is one transaction: the tender is still as the access rules read
it, the message and the other side's notice are put, and the thread's unread count (and, when
this message tells by e-mail/SMS, when that side was told) moves with them."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import NumberAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import pagination
from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import transact, update_if
from chalicelib.adapters.inbox import notification_item
from chalicelib.adapters.models import MessageModel, NotificationModel, TenderModel, ThreadModel
from chalicelib.domain.contract import Side
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.thread import Message, ThreadMoved, ThreadState, ThreadSummary

Page = tuple[list[Message], str | None]


def _key(tender_id: str, caterer_id: str) -> str:
    return f"{tender_id}#{caterer_id}"


def _message(item: MessageModel) -> Message:
    return Message(
        item.id, item.tender_id, item.caterer_id, Side(item.sender), item.text, item.created_at
    )


def _unread(side: Side) -> NumberAttribute:
    return ThreadModel.unread_organizer if side is Side.ORGANIZER else ThreadModel.unread_caterer


def _told(side: Side) -> UTCDateTimeAttribute:
    return ThreadModel.told_organizer_at if side is Side.ORGANIZER else ThreadModel.told_caterer_at


class ThreadRepository:
    def state(self, tender_id: str, caterer_id: str) -> ThreadState | None:
        try:
            item = ThreadModel.get(tender_id, caterer_id, consistent_read=True)
        except ThreadModel.DoesNotExist:
            return None
        return ThreadState(
            unread={
                Side.ORGANIZER: int(item.unread_organizer),
                Side.CATERER: int(item.unread_caterer),
            },
            told_at={Side.ORGANIZER: item.told_organizer_at, Side.CATERER: item.told_caterer_at},
        )

    def post(
        self,
        message: Message,
        business_name: str,
        seen: ThreadState | None,
        told_at: datetime | None,
        notice: NewNotice,
        tender_status: TenderStatus,
        open_at: datetime | None,
    ) -> None:
        """Write the message if the tender still has ``tender_status`` (and, with ``open_at``,
        takes bids then), and, when it tells the other side (``told_at``), if nobody told it
        since ``seen``; else ``ThreadMoved``."""
        to = message.sender.other
        tender: Condition = TenderModel.status == tender_status.value
        if open_at is not None:
            tender &= TenderModel.bid_deadline > open_at
        actions: list[Action] = [
            ThreadModel.business_name.set(business_name),
            ThreadModel.last_at.set(message.created_at),
            _unread(to).add(1),
        ]
        told: Condition | None = None
        if told_at is not None:
            actions.append(_told(to).set(told_at))
            before = seen.told_at[to] if seen else None
            told = _told(to).does_not_exist() if before is None else _told(to) == before

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.condition_check(TenderModel, message.tender_id, condition=tender)
                tx.save(
                    MessageModel(
                        thread=_key(message.tender_id, message.caterer_id),
                        at_id=f"{message.created_at.isoformat()}#{message.id}",
                        id=message.id,
                        tender_id=message.tender_id,
                        caterer_id=message.caterer_id,
                        sender=message.sender.value,
                        text=message.text,
                        created_at=message.created_at,
                    ),
                    condition=MessageModel.at_id.does_not_exist(),
                )
                tx.save(
                    notification_item(notice),
                    condition=NotificationModel.notice_id.does_not_exist(),
                )
                tx.update(
                    ThreadModel(tender_id=message.tender_id, caterer_id=message.caterer_id),
                    actions=actions,
                    condition=told,
                )

        try:
            transact(write)
        except TransactWriteError as error:
            raise ThreadMoved() from error

    def messages(self, tender_id: str, caterer_id: str, cursor: str | None, limit: int) -> Page:
        """The thread's messages, newest first; the cursor leads to older ones."""
        thread = _key(tender_id, caterer_id)
        result = MessageModel.query(
            thread,
            scan_index_forward=False,
            limit=limit,
            consistent_read=True,
            last_evaluated_key=pagination.decode(cursor, {"thread": thread, "at_id": None}),
        )
        items, next_cursor = pagination.collect(result)
        return [_message(i) for i in items], next_cursor

    def threads(
        self, tender_id: str, cursor: str | None, limit: int
    ) -> tuple[list[ThreadSummary], str | None]:
        """The tender's threads, the latest message first, with the organizer's unread count."""
        shape = {"tender_id": tender_id, "caterer_id": None, "last_at": None}
        result = ThreadModel.latest.query(
            tender_id,
            scan_index_forward=False,
            limit=limit,
            consistent_read=True,
            last_evaluated_key=pagination.decode(cursor, shape),
        )
        items, next_cursor = pagination.collect(result)
        return [
            ThreadSummary(
                i.tender_id, i.caterer_id, i.business_name, i.last_at, int(i.unread_organizer)
            )
            for i in items
        ], next_cursor

    def read(self, tender_id: str, caterer_id: str, side: Side, count: int) -> None:
        """``side`` has read ``count`` messages (those it had unread when it opened the thread;
        any that came since stay unread)."""
        if count > 0:
            update_if(
                ThreadModel(tender_id=tender_id, caterer_id=caterer_id),
                [_unread(side).add(-count)],
                _unread(side) >= count,
            )
