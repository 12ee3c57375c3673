"""Live sessions: the server's half of a signed token, so that logging out ends it at once.

A token names its session (``sid``); the session item says it is still live. Reading it costs
one ``GetItem`` per authenticated request, except where the request's own write can check it
(a bid: a ``ConditionCheck`` in its transaction, ``live_condition``), so a bid stays two
DynamoDB requests.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.condition import Condition

from chalicelib.adapters.models import SessionModel


def live_condition(account_id: str, now: datetime) -> Condition:
    """What a write's ``ConditionCheck`` on the session item asks: live, and this account's."""
    live: Condition = (
        SessionModel.id.exists()
        & (SessionModel.account_id == account_id)
        & (SessionModel.expires_at > int(now.timestamp()))
    )
    return live


class SessionStore:
    def open(self, session_id: str, account_id: str, expires: datetime) -> None:
        SessionModel(
            id=session_id, account_id=account_id, expires_at=int(expires.timestamp())
        ).save(condition=SessionModel.id.does_not_exist())

    def is_live(self, session_id: str, account_id: str, now: datetime) -> bool:
        try:
            item = SessionModel.get(session_id, consistent_read=True)
        except SessionModel.DoesNotExist:
            return False
        return item.account_id == account_id and item.expires_at > now.timestamp()

    def end(self, session_id: str) -> None:
        SessionModel(id=session_id).delete()

    def end_others(self, account_id: str, kept: str) -> int:
        """End every session of the account but ``kept``; how many were ended."""
        others = [s.id for s in SessionModel.of_account.query(account_id) if s.id != kept]
        for session_id in others:  # DeleteItem each: the API role has no BatchWriteItem
            self.end(session_id)
        return len(others)
