"""Accounts and rate-limit counters in memory, with the real repositories' items and rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from chalicelib.adapters.accounts import VERIFIED, WATCH, account_item, account_of
from chalicelib.adapters.models import AccountModel
from chalicelib.domain.account import Account, PasswordReset, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.codes import CODE_TRIES
from chalicelib.domain.errors import ACCOUNT_EXISTS, Conflict, NotFound
from chalicelib.domain.fees import Exemption
from chalicelib.domain.notice_policy import NoticeSettings
from chalicelib.domain.quota import Quota


class MemoryAccounts:
    def __init__(self) -> None:
        self.items: dict[str, AccountModel] = {}
        self.logins: dict[str, str] = {}

    def _item(self, account_id: str) -> AccountModel:
        if account_id not in self.items:
            raise NotFound("no such account")
        return self.items[account_id]

    def add(self, account: Account, password_hash: str) -> None:
        logins = (account.email, account.phone)
        if account.id in self.items or any(login in self.logins for login in logins):
            raise Conflict(
                "an account with this e-mail or phone already exists", reason=ACCOUNT_EXISTS
            )
        self.items[account.id] = account_item(account, password_hash)
        self.logins |= dict.fromkeys(logins, account.id)

    def get(self, account_id: str) -> Account:
        return account_of(self._item(account_id))

    def credentials(self, login: str) -> tuple[Account, str] | None:
        item = self.items.get(self.logins.get(login, ""))
        return None if item is None else (account_of(item), item.password_hash)

    def verify(self, caterer_id: str, now: datetime) -> Account:
        """As the real one, without the programme's count (the impact is not twinned)."""
        item = self.items.get(caterer_id)
        if item is None or item.role != Role.CATERER.value:
            raise NotFound("no caterer with this id")
        item.verified, item.verification_queue = True, VERIFIED
        return account_of(item)

    def set_password(self, account_id: str, password_hash: str) -> None:
        self._item(account_id).password_hash = password_hash

    def start_reset(self, account_id: str, reset: PasswordReset) -> None:
        item = self._item(account_id)
        item.reset_digest, item.reset_expires_at = reset.digest, reset.expires_at
        item.reset_wrong = reset.wrong_codes

    def _reset_still(self, account_id: str, digest: str) -> AccountModel | None:
        item = self.items.get(account_id)
        if item is None or item.reset_digest != digest:
            return None
        return item if int(item.reset_wrong or 0) < CODE_TRIES else None

    def count_wrong_reset_code(self, account_id: str, digest: str) -> bool:
        item = self._reset_still(account_id, digest)
        if item is not None:
            item.reset_wrong = int(item.reset_wrong or 0) + 1
        return item is not None

    def reset_password(self, account_id: str, digest: str, password_hash: str) -> bool:
        item = self._reset_still(account_id, digest)
        if item is not None:
            item.password_hash = password_hash
            item.reset_digest = item.reset_expires_at = item.reset_wrong = None
        return item is not None

    def set_language(self, account_id: str, language: Language) -> None:
        self._item(account_id).language = language.value

    def update_profile(self, account_id: str, changes: dict[str, Any], caterer: bool) -> None:
        item = self._item(account_id)
        if caterer and item.role != Role.CATERER.value:
            raise NotFound("no such account")
        for name, value in changes.items():
            setattr(item, name, value)

    def grant_exemption(self, caterer_id: str, exemption: Exemption) -> bool:
        item = self.items.get(caterer_id)
        if item is None or item.role != Role.CATERER.value:
            return False
        if item.exempt_until is not None and item.exempt_until > exemption.starts_at:
            return False
        item.exempt_from, item.exempt_until = exemption.starts_at, exemption.ends_at
        item.exemption_reason, item.exemption_programme = exemption.reason, exemption.programme
        item.exemption_watch, item.exemption_warn_at = WATCH, exemption.warn_at
        return True

    def exemptions_ending(self, now: datetime) -> Iterator[tuple[str, datetime]]:
        for item in list(self.items.values()):
            warn_at = item.exemption_warn_at
            if item.exemption_watch == WATCH and warn_at is not None and warn_at <= now:
                yield item.id, warn_at

    def exemption_warned(self, caterer_id: str, warn_at: datetime) -> bool:
        item = self.items.get(caterer_id)
        if item is None or item.exemption_warn_at != warn_at:
            return False
        item.exemption_watch = item.exemption_warn_at = None
        return True

    def set_notice_settings(self, account_id: str, settings: NoticeSettings) -> None:
        item = self._item(account_id)
        item.notice_sms, item.notice_email = settings.sms, settings.email
        item.notice_quiet_hours = settings.quiet_hours

    def languages_and_contacts(self, account_ids: list[str]) -> dict[str, Account]:
        return {i: account_of(self.items[i]) for i in account_ids if i in self.items}


@dataclasses.dataclass
class Failures:
    count: int
    last_at: datetime


class MemoryRateLimits:
    """Window counters and log-in failures."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.failed: dict[str, Failures] = {}

    def hits(self, counter: str) -> int:
        return self.counters.get(counter, 0)

    def add(self, counter: str) -> int:
        self.counters[counter] = self.hits(counter) + 1
        return self.counters[counter]

    def hit(self, q: Quota) -> timedelta | None:
        return None if self.add(q.counter) <= q.limit else q.retry_after

    def failures(self, key: str) -> tuple[int, datetime] | None:
        found = self.failed.get(key)
        return None if found is None else (found.count, found.last_at)

    def fail(self, key: str, now: datetime) -> None:
        found = self.failed.get(key)
        self.failed[key] = Failures((found.count if found else 0) + 1, now)

    def forget(self, key: str) -> None:
        self.failed.pop(key, None)
