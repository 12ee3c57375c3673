"""The programme's impact on moto: each figure is added in the write that makes it (a
sign-up, a verification, a contract's confirmation), once, and the report reads them back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from chalicelib.commands import GrantExemption, UpdateMe
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Forbidden
from chalicelib.services import awards, closing, fees, impact, profiles
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.test_caterers_space import admin

EXEMPTION = GrantExemption(reason="women's argan cooperative", programme="INDH Souss-Massa")


def contract(world: World, clock: Clock, caterer: Principal, amount: str, province: str) -> None:
    posted = world.tender(world.organizer(), seconds=600, province=province)
    world.bid(caterer, posted, amount)
    clock.advance(seconds=601)
    closing.close_tender(world.deps, posted.id)
    awards.confirm(world.deps, caterer, posted.id)


def test_contracts_sign_ups_and_verifications_add_to_their_month(
    world: World, deps: Deps, clock: Clock
) -> None:
    boss = admin(world)
    cooperative = world.caterer(business_name="Coopérative Tifawin")
    profiles.update_me(deps, cooperative, UpdateMe(women_led=True))
    fees.grant_exemption(deps, boss, cooperative.account_id, EXEMPTION)
    traiteur = world.caterer()
    world.caterer(verified=False)
    deps.accounts.verify(traiteur.account_id, clock.now)  # again: counted once
    contract(world, clock, cooperative, "40000.00", "taroudant")
    contract(world, clock, cooperative, "20000.00", "tata")  # its second win
    contract(world, clock, traiteur, "60000.00", "agadir-ida-outanane")
    found = impact.report(deps, boss)
    month = found.months[-1]
    assert month.month == clock.now.strftime("%Y-%m")
    assert month.contracted_mad == Decimal("120000.00")
    assert month.exempt_contracted_mad == Decimal("60000.00")
    assert month.women_mad == Decimal("60000.00")
    assert month.women_share == Decimal("50.0")
    assert month.isolated_mad == Decimal("60000.00")
    assert month.fees_waived_mad == Decimal("3000.00")  # 5 % of 60,000
    assert (month.onboarded, month.verified, month.first_wins) == (3, 2, 2)
    assert found.total.contracted_mad == month.contracted_mad
    assert len(found.months) == 12
    lines = impact.impact_csv(deps, boss).splitlines()
    assert lines[0].startswith("month,contracted_mad,")
    assert lines[-2].startswith(f"{month.month},120000.00,60000.00,60000.00,50.0,")
    assert len(lines) == 1 + 12 + 1


def test_racing_confirmations_of_one_caterer_count_one_first_win(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    posted = [world.tender(world.organizer(), seconds=600) for _ in range(4)]
    for tender in posted:
        world.bid(caterer, tender, "10000.00")
    clock.advance(seconds=601)
    for tender in posted:
        closing.close_tender(deps, tender.id)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda t: awards.confirm(deps, caterer, t.id), posted))
    month = impact.report(deps, admin(world)).months[-1]
    assert month.first_wins == 1
    assert month.contracted_mad == Decimal("40000.00")


def test_only_admins_see_the_impact(world: World, deps: Deps) -> None:
    for who in (world.organizer(), world.caterer()):
        with pytest.raises(Forbidden):
            impact.report(deps, who)
