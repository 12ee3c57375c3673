"""Storage of tender alerts: the match keys, the caterers' preferences, the digest queue.

``alert-matches`` holds one item per (``<province>#<category>``, caterer): a tender reads one
key per category it asks for instead of scanning accounts. The keys are rewritten from the
account whenever its provinces, categories or verification change; the account stays the
truth (matching re-checks it), so a key left stale by a race costs a read, never a wrong alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from chalicelib.adapters.accounts import account_of
from chalicelib.adapters.conditional import put_if_absent, update_if
from chalicelib.adapters.models import AccountModel, AlertMatchModel, DigestEntryModel
from chalicelib.domain.account import Role
from chalicelib.domain.alerts import DigestEntry, Preferences, Subscriber
from chalicelib.domain.errors import NotFound
from chalicelib.domain.notice_policy import Channel

QUEUED = "digest"
KEEP_DIGEST_ENTRY = timedelta(days=90)  # then TTL deletes it: its tender is long closed


def _preferences(item: AccountModel) -> Preferences:
    channel = Channel(item.alert_channel) if item.alert_channel else Channel.SMS
    return Preferences(channel=channel, digest=bool(item.alert_digest))


class AlertRepository:
    # --- match keys -----------------------------------------------------------------------

    def set_keys(self, caterer_id: str, keys: frozenset[str]) -> None:
        """Make the caterer's match keys exactly ``keys`` (puts are idempotent)."""
        held = {i.match_key for i in AlertMatchModel.by_caterer.query(caterer_id)}
        for key in sorted(keys - held):
            AlertMatchModel(match_key=key, caterer_id=caterer_id).save()
        for key in sorted(held - keys):
            AlertMatchModel(match_key=key, caterer_id=caterer_id).delete()

    def caterers_under(self, keys: Iterable[str]) -> list[str]:
        """Caterers under any of the keys: one consistent query per key."""
        found: set[str] = set()
        for key in keys:
            found |= {i.caterer_id for i in AlertMatchModel.query(key, consistent_read=True)}
        return sorted(found)

    # --- subscribers and preferences ------------------------------------------------------

    def subscribers(self, caterer_ids: list[str]) -> list[Subscriber]:
        """Accounts with their alert preferences, in one batch read."""
        if not caterer_ids:
            return []
        return [
            Subscriber(account_of(i), _preferences(i)) for i in AccountModel.batch_get(caterer_ids)
        ]

    def preferences(self, caterer_id: str) -> Preferences:
        try:
            item = AccountModel.get(caterer_id, consistent_read=True)
        except AccountModel.DoesNotExist as error:
            raise NotFound("no such account") from error
        return _preferences(item)

    def set_preferences(self, caterer_id: str, preferences: Preferences) -> bool:
        """False when the account is not a caterer."""
        return update_if(
            AccountModel(id=caterer_id),
            [
                AccountModel.alert_channel.set(preferences.channel.value),
                AccountModel.alert_digest.set(preferences.digest),
            ],
            AccountModel.id.exists() & (AccountModel.role == Role.CATERER.value),
        )

    # --- the digest queue -----------------------------------------------------------------

    def queue(self, entry: DigestEntry) -> bool:
        """Queue a tender for a caterer's digest once; True when this call queued it."""
        item = DigestEntryModel(
            caterer_id=entry.caterer_id,
            tender_id=entry.tender_id,
            title=entry.title,
            created_at=entry.created_at,
            queue=QUEUED,
            expires_at=int((entry.created_at + KEEP_DIGEST_ENTRY).timestamp()),
        )
        return put_if_absent(item, DigestEntryModel.tender_id.does_not_exist())

    def waiting(self, cutoff: datetime) -> list[str]:
        """Caterers with entries queued before ``cutoff`` (sparse index, keys only)."""
        query = DigestEntryModel.digest_queue.query(QUEUED, DigestEntryModel.created_at < cutoff)
        return sorted({i.caterer_id for i in query})

    def queued(self, caterer_id: str) -> list[DigestEntry]:
        query = DigestEntryModel.query(
            caterer_id,
            filter_condition=DigestEntryModel.queue == QUEUED,
            consistent_read=True,
        )
        return [DigestEntry(i.caterer_id, i.tender_id, i.title, i.created_at) for i in query]

    def digested(self, entry: DigestEntry) -> None:
        """Leave the queue (the digest naming it is stored)."""
        update_if(
            DigestEntryModel(caterer_id=entry.caterer_id, tender_id=entry.tender_id),
            [DigestEntryModel.queue.remove()],
            DigestEntryModel.queue.exists(),
        )
