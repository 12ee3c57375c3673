"""Onboarding progress: the keys a caterer has earned ("lesson:<slug>",
"practice-bid"), kept on its account as a string set that is only ever ADDed to, so
recording a step twice changes nothing and concurrent records never lose one."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.models import AccountModel
from chalicelib.domain.account import Role
from chalicelib.domain.errors import Forbidden


class LearningRepository:
    def learned(self, account_id: str) -> frozenset[str]:
        try:
            item = AccountModel.get(account_id, consistent_read=True, attributes_to_get=["learned"])
        except AccountModel.DoesNotExist:
            return frozenset()
        return frozenset(item.learned or ())

    def record(self, caterer_id: str, key: str) -> None:
        """Add ``key`` to the caterer's progress (idempotent); only caterers record any."""
        try:
            AccountModel(id=caterer_id).update(
                actions=[AccountModel.learned.add({key})],
                condition=AccountModel.role == Role.CATERER.value,
            )
        except UpdateError as error:
            raise Forbidden("only caterers record their onboarding progress") from error
