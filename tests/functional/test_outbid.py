"""Outbid notices in open auctions: the caterer whose best bid is undercut hears of it, at most
once per tender in each 10-minute window, never in the last 2 minutes; the event rides in the
bid's own transaction."""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from chalicelib import i18n
from chalicelib.adapters.models import NotificationModel
from chalicelib.domain.account import Principal
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import Conflict
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.services import closing
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World

pytestmark = pytest.mark.twins


def outbid(deps: Deps, tender: Tender) -> Counter[str]:
    """Whose outbid events wait in the tender's outbox."""
    keys = deps.tenders.get(tender.id, consistent=True).pending_events
    return Counter(k.split(":")[1].split("/")[0] for k in keys if k.startswith("outbid:"))


def test_the_undercut_best_hears_once_per_window(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), seconds=3600, mode="open")
    a, b = world.caterer(), world.caterer()
    world.bid(a, tender, "10000.00")
    world.bid(a, tender, "9500.00")  # lowering one's own best tells nobody
    assert outbid(deps, tender) == Counter()
    world.bid(b, tender, "9000.00")
    assert outbid(deps, tender) == Counter({a.account_id: 1})
    world.bid(a, tender, "8000.00")
    clock.advance(minutes=1)
    world.bid(b, tender, "7000.00")  # a undercut again in the same window: still one event
    assert outbid(deps, tender) == Counter({a.account_id: 1, b.account_id: 1})
    clock.advance(minutes=10)
    world.bid(a, tender, "6000.00")
    assert outbid(deps, tender) == Counter({a.account_id: 1, b.account_id: 2})


def test_nobody_is_told_in_the_last_two_minutes(world: World, deps: Deps, clock: Clock) -> None:
    tender = world.tender(world.organizer(), seconds=600, mode="open")
    a, b = world.caterer(), world.caterer()
    world.bid(a, tender, "10000.00")
    clock.advance(seconds=600 - 120)
    world.bid(b, tender, "9000.00")  # 2 minutes left: the live price is the signal
    assert outbid(deps, tender) == Counter()


def test_sealed_bids_tell_nobody(world: World, deps: Deps) -> None:
    tender = world.tender(world.organizer(), seconds=3600)
    world.bid(world.caterer(), tender, "10000.00")
    world.bid(world.caterer(), tender, "9000.00")
    assert outbid(deps, tender) == Counter()


@pytest.mark.moto_only  # the sweep writes the notices
def test_the_sweep_sends_the_outbid_notice_in_the_caterers_language(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender = world.tender(world.organizer(), seconds=3600, mode="open", title="Mariage à Tiznit")
    a, b = world.caterer(language="fr"), world.caterer(language="ar")
    world.bid(a, tender, "10000.00")
    world.bid(b, tender, "9000.00")
    world.bid(a, tender, "8000.00")
    closing.sweep(deps)
    closing.sweep(deps)  # a second sweep writes nothing twice
    to_a = [n for n in NotificationModel.query(a.account_id) if n.kind == NoticeKind.OUTBID]
    to_b = [n for n in NotificationModel.query(b.account_id) if n.kind == NoticeKind.OUTBID]
    assert len(to_a) == 1
    assert len(to_b) == 1
    assert "Mariage à Tiznit" in to_a[0].title
    assert i18n.money(Decimal("8000.00"), Language.FR) in to_a[0].body  # the best price now
    assert any("\u0600" <= ch <= "\u06ff" for ch in to_b[0].body)  # in Arabic


@pytest.mark.moto_only  # concurrent writers need DynamoDB's transactions
def test_concurrent_undercuts_tell_exactly_each_caterer_that_lost_the_lead(
    world: World, deps: Deps, clock: Clock
) -> None:
    tender = world.tender(world.organizer(), seconds=3600, mode="open")
    bidders = [world.caterer() for _ in range(5)]
    world.bid(bidders[0], tender, "20000.00")

    def bid(job: tuple[Principal, int]) -> None:
        caterer, amount = job
        with contextlib.suppress(Conflict):  # the price moved below this amount first
            world.bid(caterer, tender, f"{amount}.00")

    jobs = [(c, 19000 - 500 * i) for i, c in enumerate(bidders[1:])]
    with ThreadPoolExecutor(len(jobs)) as pool:
        list(pool.map(bid, jobs))
    accepted = [b for b, withdrawn in deps.bids.revisions(tender.id) if not withdrawn]
    accepted.sort(key=lambda b: -b.amount)  # each accepted open bid is below the one before
    lost_the_lead = Counter(
        earlier.caterer_id
        for earlier, later in itertools.pairwise(accepted)
        if earlier.caterer_id != later.caterer_id
    )
    assert outbid(deps, tender) == lost_the_lead
