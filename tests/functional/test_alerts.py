"""Tender alerts against moto: who is told, when, and how many times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.commands import ExtendDeadline, UpdateMe
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import Province
from chalicelib.domain.notice_policy import Channel
from chalicelib.services import accounts, alerts, closing, notifications, profiles, tenders
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.moto_state import sent_emails, sent_sms

ADMIN = Principal("admin", Role.ADMIN)
PASTRY_IN_TIZNIT: dict[str, Any] = {"province": "tiznit", "categories": ["pastry"], "guests": 150}


def caterer(world: World, verified: bool = True, capacity: int | None = None, **extra: Any) -> Any:
    """A caterer made and verified through the services, as the admin page does."""
    principal = world.caterer(verified=False, **extra)
    if verified:
        accounts.verify_caterer(world.deps, ADMIN, principal.account_id)
    if capacity is not None:
        profiles.update_me(world.deps, principal, UpdateMe(capacity=capacity))
    return world.deps.accounts.get(principal.account_id)


def kinds(deps: Deps, account_id: str) -> list[str]:
    return [n.kind for n in deps.inbox.newest_first(account_id, None, 50)[0]]


def sms_to(phone: str) -> list[dict[str, Any]]:
    return [m for m in sent_sms() if phone in str(m)]


def test_a_tiznit_pastry_tender_alerts_only_the_caterers_it_concerns(world: World) -> None:
    deps = world.deps
    tiznit: dict[str, Any] = {"provinces": ["tiznit"], "categories": ["pastry", "catering"]}
    match = caterer(world, capacity=300, **tiznit)
    agadir = caterer(world, provinces=["agadir-ida-outanane"], categories=["pastry"])
    unverified = caterer(world, verified=False, **tiznit)
    too_small = caterer(world, capacity=50, **tiznit)
    caterers_of_meals = caterer(world, provinces=["tiznit"], categories=["catering"])
    tender = world.tender(world.organizer(), **PASTRY_IN_TIZNIT)

    assert kinds(deps, match.id) == []  # not in the organizer's request: in the outbox pass
    closing.sweep(deps)

    assert kinds(deps, match.id) == ["tender_alert"]
    for other in (agadir, unverified, too_small, caterers_of_meals):
        assert kinds(deps, other.id) == []
    (notice,) = deps.inbox.newest_first(match.id, None, 5)[0]
    assert notice.tender_id == tender.id
    assert "Mariage à Agadir" in notice.title
    assert len(sms_to(match.phone)) == 1  # SMS by default, no e-mail
    assert sent_emails() == []


def test_quiet_hours_hold_the_sms_until_eight_in_the_morning(world: World, clock: Clock) -> None:
    deps = world.deps
    match = caterer(world, provinces=["tiznit"], categories=["pastry"])
    clock.now = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Morocco (UTC+1)
    world.tender(world.organizer(), seconds=3 * 86400, **PASTRY_IN_TIZNIT)
    closing.sweep(deps)

    assert kinds(deps, match.id) == ["tender_alert"]  # the inbox at once
    assert sms_to(match.phone) == []
    clock.now = datetime(2026, 12, 2, 6, 59, tzinfo=UTC)  # 07:59 local
    closing.sweep(deps)
    assert sms_to(match.phone) == []
    assert list(deps.inbox.undelivered(clock.now)) == []  # not even tried overnight
    clock.now = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)  # 08:00 local
    assert [a for a, _ in deps.inbox.undelivered(clock.now)] == [match.id]
    closing.sweep(deps)
    closing.sweep(deps)
    assert len(sms_to(match.phone)) == 1


def test_one_sms_per_tender_across_retries_and_an_extension(world: World, clock: Clock) -> None:
    deps = world.deps
    match = caterer(world, provinces=["tiznit"], categories=["pastry"])
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=3 * 86400, **PASTRY_IN_TIZNIT)
    closing.sweep(deps)
    closing.close_tender(deps, tender.id)
    later = tender.bid_deadline + timedelta(days=2)
    tenders.extend_deadline(deps, organizer, tender.id, ExtendDeadline(bid_deadline=later))
    notifications.deliver(deps, alerts.announce(deps, deps.tenders.get(tender.id)))
    clock.advance(minutes=5)
    closing.sweep(deps)

    assert kinds(deps, match.id) == ["tender_alert"]
    assert len(sms_to(match.phone)) == 1


def test_an_email_digest_goes_once_a_day_with_the_tenders_of_the_day(
    world: World, clock: Clock
) -> None:
    deps = world.deps
    match = caterer(world, provinces=["tiznit"], categories=["pastry"])
    principal = Principal(match.id, Role.CATERER)
    alerts.set_preferences(deps, principal, Channel.EMAIL, digest=True)
    organizer = world.organizer()
    first = world.tender(organizer, seconds=5 * 86400, **PASTRY_IN_TIZNIT, title="Gâteaux")
    second = world.tender(organizer, seconds=5 * 86400, **PASTRY_IN_TIZNIT, title="Cornes")
    closing.sweep(deps)
    assert kinds(deps, match.id) == []  # no immediate alert for a digest reader

    clock.now = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)  # 07:30 local: not yet
    closing.sweep(deps)
    assert kinds(deps, match.id) == []
    clock.now = datetime(2026, 12, 2, 7, 1, tzinfo=UTC)  # 08:01 local
    closing.sweep(deps)
    closing.sweep(deps)
    (digest,) = deps.inbox.newest_first(match.id, None, 5)[0]
    assert digest.kind == "tender_digest"
    assert first.draft.title in digest.body
    assert second.draft.title in digest.body
    assert [match.email in str(m) for m in sent_emails()] == [True]
    assert sms_to(match.phone) == []

    clock.now = datetime(2026, 12, 3, 7, 5, tzinfo=UTC)  # the next morning: nothing new
    closing.sweep(deps)
    assert kinds(deps, match.id) == ["tender_digest"]


def test_a_tender_queued_just_before_eight_after_the_digest_waits_for_the_next_one(
    world: World, clock: Clock
) -> None:
    deps = world.deps
    match = caterer(world, provinces=["tiznit"], categories=["pastry"])
    alerts.set_preferences(deps, Principal(match.id, Role.CATERER), Channel.EMAIL, digest=True)
    organizer = world.organizer()
    world.tender(organizer, seconds=5 * 86400, **PASTRY_IN_TIZNIT, title="Gâteaux")
    closing.sweep(deps)
    clock.now = datetime(2026, 12, 2, 7, 1, tzinfo=UTC)  # 08:01 local: the day's digest
    closing.sweep(deps)
    # dated 07:59:59 local, queued only now (a fan-out that ran late): today's digest is out
    clock.now = datetime(2026, 12, 2, 6, 59, 59, tzinfo=UTC)
    late = world.tender(organizer, seconds=5 * 86400, **PASTRY_IN_TIZNIT, title="Cornes")
    closing.sweep(deps)
    clock.now = datetime(2026, 12, 2, 7, 2, tzinfo=UTC)
    closing.sweep(deps)
    assert kinds(deps, match.id) == ["tender_digest"]

    clock.now = datetime(2026, 12, 3, 7, 1, tzinfo=UTC)  # the next morning: named, not lost
    closing.sweep(deps)
    newest = deps.inbox.newest_first(match.id, None, 5)[0]
    assert [n.kind for n in newest] == ["tender_digest", "tender_digest"]
    assert late.draft.title in newest[0].body


def test_changing_provinces_moves_the_caterer_between_match_keys(world: World) -> None:
    deps = world.deps
    moved = caterer(world, provinces=["agadir-ida-outanane"], categories=["pastry"])
    principal = Principal(moved.id, Role.CATERER)
    profiles.update_me(deps, principal, UpdateMe(provinces=[Province.TIZNIT]))
    world.tender(world.organizer(), **PASTRY_IN_TIZNIT)
    world.tender(world.organizer(), **PASTRY_IN_TIZNIT | {"province": "agadir-ida-outanane"})
    closing.sweep(deps)

    assert kinds(deps, moved.id) == ["tender_alert"]
    assert deps.alerts.caterers_under(["agadir-ida-outanane#pastry"]) == []


def test_a_burst_of_new_tenders_is_announced_a_batch_per_sweep_oldest_first(
    world: World, clock: Clock
) -> None:
    deps = world.deps
    match = caterer(world, provinces=["tiznit"], categories=["pastry"])
    organizer = world.organizer()
    posted = []
    for title in ("Premier", "Deuxième", "Troisième"):
        posted.append(world.tender(organizer, **PASTRY_IN_TIZNIT, title=title))
        clock.advance(seconds=1)

    closing.sweep(deps, outbox_batch=2)
    assert len(kinds(deps, match.id)) == 2
    assert {n.tender_id for n in deps.inbox.newest_first(match.id, None, 5)[0]} == {
        posted[0].id,
        posted[1].id,
    }
    closing.sweep(deps, outbox_batch=2)
    assert kinds(deps, match.id) == ["tender_alert"] * 3
    assert list(deps.tenders.with_pending_events()) == []
