"""The fee ledger against moto: reversals (once per entry, whoever races), totals over the
whole ledger, the CSV with reversals and their reasons, the exemption as the pages read it."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from chalicelib.commands import FeesQuery, GiveReason
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.fees import EntryKind, FeeEntry
from chalicelib.services import awards, fees
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.test_caterers_space import EXEMPTION, admin, awarded

WHY = GiveReason(reason="the event was cancelled by the family")


def confirmed(world: World, clock: Clock, caterer: Principal, amount: str) -> FeeEntry:
    tender = awarded(world, clock, caterer, amount)
    awards.confirm(world.deps, caterer, tender.id)
    [entry] = [e for e in fees.my_fees(world.deps, caterer).items if e.tender_id == tender.id]
    return entry


def test_a_fee_is_reversed_once_when_admins_race(world: World, deps: Deps, clock: Clock) -> None:
    boss = admin(world)
    caterer = world.caterer()
    fee = confirmed(world, clock, caterer, "12500.00")
    assert fee.fee == Decimal("625.00")

    def attempt(n: int) -> str:
        try:
            fees.reverse_fee(deps, boss, fee.entry_id, GiveReason(reason=f"{WHY.reason} ({n})"))
        except Conflict:
            return "refused"
        return "reversed"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    assert outcomes.count("reversed") == 1
    assert outcomes.count("refused") == 7
    ledger = fees.my_fees(deps, caterer)
    [reversal] = [e for e in ledger.items if e.kind is EntryKind.REVERSAL]
    assert reversal.reverses == fee.entry_id
    assert reversal.fee == Decimal("-625.00")
    assert reversal.reason.startswith(WHY.reason)
    assert ledger.total_fee == Decimal("0.00")
    with pytest.raises(Conflict):  # a reversal is never reversed
        fees.reverse_fee(deps, boss, reversal.entry_id, WHY)


def test_only_admins_reverse_and_only_entries_that_exist(world: World, deps: Deps) -> None:
    boss = admin(world)
    caterer = world.caterer()
    with pytest.raises(NotFound):
        fees.reverse_fee(deps, boss, str(uuid.uuid4()), WHY)
    with pytest.raises(Forbidden):
        fees.reverse_fee(deps, caterer, str(uuid.uuid4()), WHY)


def test_totals_count_reversals_per_caterer_and_overall(
    world: World, deps: Deps, clock: Clock
) -> None:
    boss = admin(world)
    souss, tata = world.caterer(), world.caterer()
    kept = confirmed(world, clock, souss, "10000.00")  # 500.00
    undone = confirmed(world, clock, souss, "4000.00")  # 200.00, reversed below
    other = confirmed(world, clock, tata, "2000.00")  # 100.00
    fees.reverse_fee(deps, boss, undone.entry_id, WHY)
    page = fees.overview(deps, boss, FeesQuery(limit=2))
    assert page.totals == {souss.account_id: Decimal("500.00"), tata.account_id: Decimal("100.00")}
    assert page.total == Decimal("600.00")
    assert page.reversed == frozenset({undone.entry_id})
    assert len(page.ledger.items) == 2
    assert page.ledger.next
    rest = fees.overview(deps, boss, FeesQuery(cursor=page.ledger.next, limit=10))
    every = [e.entry_id for e in page.ledger.items + rest.ledger.items]
    assert set(every) >= {kept.entry_id, undone.entry_id, other.entry_id}
    assert len(every) == 4
    assert rest.ledger.next is None

    rows = fees.fees_csv(deps, boss).strip().splitlines()
    assert rows[0].endswith(",exempt,reverses,reason")
    [reversal_row] = [r for r in rows if ",reversal," in r]
    assert reversal_row.endswith(f",{undone.entry_id},{WHY.reason}")
    assert rows[-1].startswith("total,")
    assert ",600.00," in rows[-1]


def test_the_caterer_reads_its_exemption_with_programme_and_reason(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    assert fees.my_statement(deps, caterer).exemption is None
    granted = fees.grant_exemption(deps, admin(world), caterer.account_id, EXEMPTION)
    free = confirmed(world, clock, caterer, "9000.00")
    statement = fees.my_statement(deps, caterer)
    assert statement.exemption == granted
    assert (free.fee, free.exempt) == (Decimal("0.00"), True)
    assert statement.ledger.total_fee == Decimal("0.00")


def test_admins_list_verified_caterers_with_their_exemption(world: World, deps: Deps) -> None:
    boss = admin(world)
    exempt, plain = world.caterer(), world.caterer()
    world.caterer(verified=False)
    world.organizer()
    fees.grant_exemption(deps, boss, exempt.account_id, EXEMPTION)
    found, cursor = fees.caterers_to_exempt(deps, boss, None, limit=50)
    by_id = {c.caterer_id: c for c in found}
    assert set(by_id) == {exempt.account_id, plain.account_id}
    assert cursor is None
    assert by_id[exempt.account_id].exemption is not None
    assert by_id[exempt.account_id].exemption.programme == EXEMPTION.programme  # type: ignore[union-attr]
    assert by_id[plain.account_id].exemption is None
    with pytest.raises(Forbidden):
        fees.caterers_to_exempt(deps, exempt, None)
