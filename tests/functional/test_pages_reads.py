"""The pages' storage needs against moto: the login throttle's counters, the inbox's unread
index, and the read models the pages show (a caterer's bids, the organizer's comparison)."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from chalice.app import Request

from chalicelib.adapters.models import RateLimitModel
from chalicelib.adapters.ratelimit import RateLimiter
from chalicelib.domain.catalog import EventType, Province
from chalicelib.domain.errors import Forbidden
from chalicelib.domain.quota import quota
from chalicelib.entrypoints.web import Visit
from chalicelib.services import browsing, closing
from chalicelib.services.browsing import Outcome
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World

WINDOW = timedelta(minutes=15)


def test_a_counter_allows_the_limit_then_says_when_to_come_back(aws: str) -> None:
    limiter = RateLimiter()
    start = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)  # 30 s into a 15-minute window
    assert [limiter.hit(quota("k", 3, WINDOW, start)) for _ in range(3)] == [None] * 3
    wait = limiter.hit(quota("k", 3, WINDOW, start))
    assert wait == timedelta(minutes=14, seconds=30)
    assert limiter.hit(quota("other", 3, WINDOW, start)) is None  # keys are independent
    assert limiter.hit(quota("k", 3, WINDOW, start + WINDOW)) is None  # a new window
    counters = {c.key: c for c in RateLimitModel.scan()}
    first = counters[f"k@{int(start.timestamp()) // 900 * 900}"]
    assert int(first.hits) == 4
    assert first.expires_at > start.timestamp() + 14 * 60  # TTL removes it on AWS


def test_concurrent_hits_are_all_counted(aws: str) -> None:
    limiter = RateLimiter()
    burst = quota("burst", 25, WINDOW, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: limiter.hit(burst), range(40)))
    assert sum(a is None for a in answers) == 25
    assert sum(a is not None for a in answers) == 15


def test_inbox_lists_unread_first_and_marks_them_read(
    deps: Deps, world: World, clock: Clock
) -> None:
    organizer = world.organizer()
    caterer = world.caterer()
    first = world.tender(organizer, seconds=600, title="Premier")
    world.bid(caterer, first, "1000.00")
    clock.advance(seconds=601)
    closing.close_tender(deps, first.id)
    assert deps.inbox.unread_count(caterer.account_id) == 1
    seen = browsing.read_inbox(deps, caterer)
    assert [n.kind for n in seen.unread] == ["bid_won"]
    assert seen.earlier == []
    assert deps.inbox.unread_count(caterer.account_id) == 0

    second = world.tender(organizer, seconds=600, title="Second")
    world.bid(caterer, second, "900.00")
    clock.advance(seconds=601)
    closing.close_tender(deps, second.id)
    again = browsing.read_inbox(deps, caterer)
    assert len(again.unread) == 1
    assert "Second" in again.unread[0].title
    assert [n.read for n in again.earlier] == [True]
    assert "Premier" in again.earlier[0].title
    assert browsing.read_inbox(deps, caterer).unread == []


def test_a_caterers_bids_say_where_they_stand(deps: Deps, world: World, clock: Clock) -> None:
    organizer = world.organizer()
    leader, other = world.caterer(), world.caterer()
    auction = world.tender(organizer, seconds=600, mode="open")
    sealed = world.tender(organizer, seconds=300)
    world.bid(leader, auction, "5000.00")
    world.bid(other, sealed, "700.00")
    world.bid(leader, sealed, "800.00")
    standing = {b.tender.id: b.outcome for b in browsing.my_bids(deps, leader)}
    assert standing == {auction.id: Outcome.LEADING, sealed.id: Outcome.OPEN}
    clock.advance(seconds=301)
    assert {b.outcome for b in browsing.my_bids(deps, leader)} >= {Outcome.CLOSING}
    closing.close_tender(deps, sealed.id)
    standing = {b.tender.id: b.outcome for b in browsing.my_bids(deps, leader)}
    assert standing[sealed.id] is Outcome.NOT_SELECTED
    assert {b.outcome for b in browsing.my_bids(deps, other)} == {Outcome.WON}
    with pytest.raises(Forbidden):
        browsing.my_bids(deps, organizer)


def test_the_organizer_compares_only_after_the_close(
    deps: Deps, world: World, clock: Clock
) -> None:
    organizer = world.organizer()
    a, b = world.caterer(business_name="Dar A"), world.caterer(business_name="Dar B")
    tender = world.tender(organizer, seconds=60, budget_max_mad="1000.00")
    world.bid(a, tender, "1000.00", "Tout compris")
    world.bid(b, tender, "950.00")
    viewer = deps.accounts.get(organizer.account_id)
    assert browsing.tender_screen(deps, viewer, tender.id).offers == []
    caterer_view = browsing.tender_screen(deps, deps.accounts.get(a.account_id), tender.id)
    assert caterer_view.offers == []
    assert caterer_view.can_bid
    assert caterer_view.own_bid is not None
    clock.advance(seconds=61)
    closing.close_tender(deps, tender.id)
    screen = browsing.tender_screen(deps, viewer, tender.id)
    assert [(o.caterer.business_name if o.caterer else None) for o in screen.offers] == [
        "Dar B",
        "Dar A",
    ]
    assert [o.awarded for o in screen.offers] == [True, False]
    assert screen.winner is not None
    assert screen.winner.business_name == "Dar B"
    assert not browsing.tender_screen(deps, deps.accounts.get(a.account_id), tender.id).can_bid


def test_open_tenders_filter_by_province_and_event(deps: Deps, world: World) -> None:
    organizer = world.organizer()
    world.tender(organizer, province="tata", event_type="wedding", title="T-W")
    world.tender(organizer, province="tata", event_type="aqiqa", title="T-A")
    world.tender(organizer, province="tiznit", event_type="wedding", title="Z-W")

    def titles(province: Province | None, event: EventType | None) -> list[str]:
        found = browsing.open_tenders(deps, province, event, None).items
        return sorted(t.draft.title for t in found)

    assert titles(None, None) == ["T-A", "T-W", "Z-W"]
    assert titles(Province.TATA, None) == ["T-A", "T-W"]
    assert titles(None, EventType.WEDDING) == ["T-W", "Z-W"]
    assert titles(Province.TATA, EventType.AQIQA) == ["T-A"]


def _visit(
    deps: Deps, host: str, context: dict[str, str], stage: str, public_url: str = ""
) -> Visit:
    staged = dataclasses.replace(
        deps, settings=dataclasses.replace(deps.settings, stage=stage, public_url=public_url)
    )
    event = {
        "multiValueQueryStringParameters": None,
        "headers": {"host": host},
        "pathParameters": None,
        "requestContext": {"httpMethod": "GET", "resourcePath": "/me/profile", **context},
        "stageVariables": None,
        "body": None,
    }
    return Visit(Request(event), {}, staged)


def test_absolute_links_never_come_from_the_clients_host(deps: Deps) -> None:
    forged = "evil.example"
    gateway = {"domainName": "walima.ma", "stage": "api"}
    configured = _visit(deps, forged, gateway, stage="prod", public_url="https://www.walima.ma")
    assert configured.absolute("/me/photos", t="x") == "https://www.walima.ma/me/photos?t=x"
    custom_domain = _visit(deps, forged, gateway, stage="prod")
    assert custom_domain.absolute("/me/photos") == "https://walima.ma/me/photos"
    execute_api = {"domainName": "abc123.execute-api.eu-west-3.amazonaws.com", "stage": "api"}
    default_domain = _visit(deps, forged, execute_api, stage="prod")
    assert default_domain.absolute("/me/photos").startswith("https://abc123.execute-api.")
    assert default_domain.absolute("/me/photos").endswith(".amazonaws.com/api/me/photos")
    local = _visit(deps, "127.0.0.1:8000", {}, stage="local")
    assert local.absolute("/me/photos") == "http://127.0.0.1:8000/me/photos"
