"""Tender alerts: which caterers a new tender concerns, how and when they are told.

Pure: the clock comes in as ``now``. Matching is by ``<province>#<category>`` keys, which the
storage keeps per caterer so that a tender finds its caterers without reading every account;
``concerns`` then decides on the account itself (verified, still serving, big enough).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.domain.account import Account, Role
from chalicelib.domain.catalog import MOROCCO, PRODUCT_EVENTS, SOUSS_MASSA, Category, Province
from chalicelib.domain.notice_policy import Channel, local_eight
from chalicelib.domain.tender import Tender

DIGEST_LIMIT = 20  # tenders named in one digest


@dataclass(frozen=True)
class Preferences:
    channel: Channel = Channel.SMS
    digest: bool = False  # one message a day at 08:00 instead of one per tender


@dataclass(frozen=True)
class Subscriber:
    account: Account
    preferences: Preferences


def match_key(province: Province, category: Category) -> str:
    return f"{province.value}#{category.value}"


def caterer_keys(account: Account) -> frozenset[str]:
    """The keys under which a caterer is found: none until it is verified."""
    if account.role is not Role.CATERER or not account.verified:
        return frozenset()
    return frozenset(match_key(p, c) for p in account.provinces for c in account.categories)


def tender_keys(tender: Tender) -> list[str]:
    """A meal's province and categories; a products tender's categories wherever its sellers
    serve, since products travel to the buyer."""
    d = tender.draft
    provinces = SOUSS_MASSA if d.event_type in PRODUCT_EVENTS else (d.province,)
    return sorted({match_key(p, c) for p in provinces if p is not None for c in d.categories})


def concerns(account: Account, tender: Tender) -> bool:
    """A verified caterer offering one of its categories and, for a meal, serving its province
    and able to serve its guests (products are sent anywhere, in any quantity); not one that
    has already bid on it (it knows the tender)."""
    d = tender.draft
    capacity = account.profile.capacity
    products = d.event_type in PRODUCT_EVENTS
    big_enough = products or capacity is None or capacity >= d.guests
    return (
        account.role is Role.CATERER
        and account.verified
        and account.id != tender.organizer_id
        and account.id not in tender.bidder_ids
        and (products or d.province in account.provinces)
        and bool(set(d.categories) & set(account.categories))
        and big_enough
    )


def digest_cutoff(now: datetime) -> datetime:
    """The latest 08:00 Morocco time at or before ``now``: a digest names the tenders queued
    before it, and is that day's digest."""
    local = now.astimezone(MOROCCO)
    eight = local_eight(local.date())
    return eight if eight <= now else local_eight(local.date() - timedelta(days=1))


def digest_day(cutoff: datetime) -> date:
    return cutoff.astimezone(MOROCCO).date()


@dataclass(frozen=True)
class DigestEntry:
    caterer_id: str
    tender_id: str
    title: str
    created_at: datetime


def digest_selection(entries: Iterable[DigestEntry], cutoff: datetime) -> list[DigestEntry]:
    """What one digest names: the entries queued before the cutoff, oldest first (later ones
    wait for the next day's digest); at most ``DIGEST_LIMIT``, the rest the next day."""
    due = sorted((e for e in entries if e.created_at < cutoff), key=lambda e: e.created_at)
    return due[:DIGEST_LIMIT]
