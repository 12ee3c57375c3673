"""Price insight on moto: each contract of a meal tender adds its per-guest price in its own
transaction; the insight gives the quartiles of the last 12 months' contracts, from 5 on."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.commands import PriceQuery
from chalicelib.domain.catalog import EventType, Province
from chalicelib.services import awards, closing, insights
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World

WEDDINGS_IN_TIZNIT = PriceQuery(province=Province.TIZNIT, event_type=EventType.WEDDING)


def contract(world: World, clock: Clock, amount: str, guests: int, **tender: object) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    posted = world.tender(organizer, seconds=600, guests=guests, province="tiznit", **tender)
    world.bid(caterer, posted, amount)
    clock.advance(seconds=601)
    closing.close_tender(world.deps, posted.id)
    awards.confirm(world.deps, caterer, posted.id)


def test_the_quartiles_are_those_of_the_contracted_tenders(
    world: World, deps: Deps, clock: Clock
) -> None:
    contracts = [("30000.00", 100), ("45000.00", 150), ("80000.00", 200), ("66000.00", 220)]
    for amount, guests in contracts:
        contract(world, clock, amount, guests)
    assert insights.prices(deps, WEDDINGS_IN_TIZNIT).per_guest is None  # 4: not yet typical
    assert insights.prices(deps, WEDDINGS_IN_TIZNIT).count == 4
    contracts.append(("52000.00", 130))
    contract(world, clock, *contracts[-1])
    found = insights.prices(deps, WEDDINGS_IN_TIZNIT)
    assert found.count == 5
    prices = [Decimal(a) / g for a, g in contracts]
    expected = statistics.quantiles(prices, n=4, method="inclusive")
    cent = Decimal("0.01")
    assert found.per_guest is not None
    got = (found.per_guest.p25, found.per_guest.median, found.per_guest.p75)
    assert got == tuple(Decimal(e).quantize(cent, ROUND_HALF_UP) for e in expected)


def test_other_places_events_products_and_old_contracts_do_not_count(
    world: World, deps: Deps, clock: Clock
) -> None:
    contract(world, clock, "30000.00", 100)
    clock.advance(days=400)  # more than 12 months later
    contract(world, clock, "40000.00", 100, event_type="engagement")
    contract(
        world, clock, "40000.00", 100, event_type="regional_products", categories=["argan_products"]
    )
    assert insights.prices(deps, WEDDINGS_IN_TIZNIT).count == 0
    engagements = PriceQuery(province=Province.TIZNIT, event_type=EventType.ENGAGEMENT)
    assert insights.prices(deps, engagements).count == 1
