"""Open data on moto: each public step's OCDS release is written with the step, the packages
validate against the official 1.1.5 schemas, the record is the reference merge of the
releases, the privacy rules hold, and the history is append-only and in the order the steps
took effect, however they race."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from chalicelib.commands import (
    DecideDispute,
    EnterDeliveryCode,
    ExtendDeadline,
    GiveReason,
    PlaceBid,
    RecordPayment,
    UpdateMe,
)
from chalicelib.domain import ocds
from chalicelib.domain.account import Principal
from chalicelib.domain.contract import MilestoneKind, PaymentMethod
from chalicelib.domain.errors import DomainError, Forbidden, InvalidInput
from chalicelib.domain.history import Action, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.profile import CatererKind
from chalicelib.domain.tender import Tender
from chalicelib.services import (
    awards,
    bidding,
    closing,
    contracts,
    disputes,
    open_data,
    profiles,
    tenders,
)
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import SOURCE, World
from tests.functional.test_caterers_space import admin
from tests.ocds import compiled, problems

CASH = RecordPayment(method=PaymentMethod.CASH)


class Lifecycle:
    """A family's wedding: a cooperative and two individual traiteurs bid, one revises its
    bid; the first winner declines, the cooperative gets it, confirms, is paid and delivers."""

    def __init__(self, world: World, clock: Clock) -> None:
        self.world, self.clock, self.deps = world, clock, world.deps
        self.family = world.organizer(name="Famille Amrani", phone="0611223344")
        self.traiteur = world.caterer(business_name="Traiteur Agadir", phone="0622334455")
        self.cooperative = world.caterer(business_name="Coopérative Tifawin")
        profiles.update_me(self.deps, self.cooperative, UpdateMe(kind=CatererKind.COOPERATIVE))
        self.third = world.caterer(business_name="Traiteur Tata")
        self.tender = world.tender(self.family, seconds=600, guests=200, province="tata")

    def run(self) -> Tender:
        d, t, clock = self.deps, self.tender, self.clock
        later = t.bid_deadline + timedelta(hours=25)
        tenders.extend_deadline(d, self.family, t.id, ExtendDeadline(bid_deadline=later))
        self.world.bid(self.traiteur, t, "62000.00")
        self.world.bid(self.traiteur, t, "58000.00")  # a revision
        self.world.bid(self.cooperative, t, "60000.00")
        self.world.bid(self.third, t, "64000.00")
        clock.advance(seconds=600 + 25 * 3600 + 1)
        closing.close_tender(d, t.id)
        awards.decline(d, self.traiteur, t.id)
        awards.confirm(d, self.cooperative, t.id)
        deposit, balance = MilestoneKind.DEPOSIT, MilestoneKind.BALANCE
        contracts.record_payment(d, self.cooperative, t.id, deposit, CASH)
        clock.advance(days=30)  # the event's day
        contracts.record_payment(d, self.cooperative, t.id, balance, CASH)
        code = contracts.deal(d, self.family, t.id).contract.delivery_code
        return contracts.deliver(d, self.cooperative, t.id, EnterDeliveryCode(code=code))


@pytest.fixture
def lifecycle(world: World, clock: Clock) -> Lifecycle:
    return Lifecycle(world, clock)


def package(deps: Deps, tender_id: str) -> dict[str, Any]:
    found = open_data.releases(deps, tender_id)
    return ocds.release_package("http://127.0.0.1:8000/api/ocds", deps.clock(), found)


def test_every_step_of_the_lifecycle_is_a_valid_release_and_the_record_is_their_merge(
    lifecycle: Lifecycle, deps: Deps
) -> None:
    assert lifecycle.run().status is TenderStatus.COMPLETED
    releases = package(deps, lifecycle.tender.id)
    assert problems("release-package-schema.json", releases) == []
    tags = [r["tag"] for r in releases["releases"]]
    assert tags == [
        ["tender"],
        ["tenderUpdate"],  # the deadline moved
        ["tenderUpdate"],  # closed
        ["award"],
        ["awardUpdate"],  # declined: the runner-up's award
        ["contract"],
        ["implementation"],  # the deposit
        ["implementation"],  # the balance
        ["implementation"],  # delivered
    ]
    ocid = f"{deps.settings.ocid_prefix}-{lifecycle.tender.id}"
    assert {r["ocid"] for r in releases["releases"]} == {ocid}
    assert len({r["id"] for r in releases["releases"]}) == len(tags)
    dates = [r["date"] for r in releases["releases"]]
    assert dates == sorted(dates)

    found, merged = open_data.record(deps, lifecycle.tender.id)
    assert merged == compiled(found)  # the reference merge, with the official schema's rules
    record = ocds.record_package("http://127.0.0.1:8000/api/ocds", deps.clock(), found, merged)
    assert problems("record-package-schema.json", record) == []
    assert merged["tender"]["status"] == "complete"
    assert merged["tender"]["statusDetails"] == "completed"
    assert merged["tender"]["items"][0]["deliveryAddress"]["region"] == "Tata"
    awards_ = {a["id"]: a for a in merged["awards"]}
    first, second = (f"{lifecycle.tender.id}-award-{i}" for i in (0, 1))
    assert awards_[first]["status"] == "cancelled"
    assert awards_[first]["statusDetails"] == "declined"
    assert awards_[second]["status"] == "active"
    assert awards_[second]["value"] == {"amount": 60000.0, "currency": "MAD"}
    (contract,) = merged["contracts"]
    assert contract["awardID"] == second
    assert contract["status"] == "terminated"
    amounts = [t["value"]["amount"] for t in contract["implementation"]["transactions"]]
    assert amounts == [18000.0, 42000.0]  # 30 % deposit, then the balance


def test_a_family_is_a_generic_buyer_and_no_contact_detail_is_published(
    lifecycle: Lifecycle, deps: Deps
) -> None:
    lifecycle.run()
    text = json.dumps(package(deps, lifecycle.tender.id), ensure_ascii=False)
    family = deps.accounts.get(lifecycle.family.account_id)
    for secret in (family.name, family.email, family.phone, lifecycle.family.account_id):
        assert secret not in text
    for caterer in (lifecycle.traiteur, lifecycle.cooperative, lifecycle.third):
        account = deps.accounts.get(caterer.account_id)
        assert account.email not in text
        assert account.phone not in text
    first = package(deps, lifecycle.tender.id)["releases"][0]
    assert first["buyer"] == {"id": ocds.PRIVATE_BUYER_ID, "name": ocds.PRIVATE_BUYER_NAME}


def test_a_commune_is_published_by_name(world: World, deps: Deps) -> None:
    commune = world.organizer(organizer_kind="commune", business_name="Commune de Tata")
    tender = world.tender(commune, province="tata", event_type="municipal")
    (posted,) = package(deps, tender.id)["releases"]
    assert posted["buyer"] == {"id": f"organizer-{commune.account_id}", "name": "Commune de Tata"}
    assert posted["parties"][0]["roles"] == ["buyer", "procuringEntity"]


def test_losing_bids_are_published_after_the_award_and_individuals_without_identity(
    lifecycle: Lifecycle, deps: Deps
) -> None:
    lifecycle.run()
    releases = package(deps, lifecycle.tender.id)["releases"]
    award = next(r for r in releases if r["tag"] == ["award"])
    assert all("bids" not in r for r in releases[: releases.index(award)])
    bids = {b["value"]["amount"]: b for b in award["bids"]["details"]}
    assert sorted(bids) == [58000.0, 60000.0, 64000.0]  # live bids only: not the 62,000
    assert bids[58000.0]["tenderers"] == [  # the first winner is named, as a supplier
        {"id": f"caterer-{lifecycle.traiteur.account_id}", "name": "Traiteur Agadir"}
    ]
    assert bids[60000.0]["tenderers"] == [  # a cooperative is an organization
        {"id": f"caterer-{lifecycle.cooperative.account_id}", "name": "Coopérative Tifawin"}
    ]
    assert "tenderers" not in bids[64000.0]  # an individual caterer that lost: anonymous
    assert "Traiteur Tata" not in json.dumps(releases, ensure_ascii=False)


def test_a_sealed_tender_publishes_no_amount_while_open(world: World, deps: Deps) -> None:
    tender = world.tender(world.organizer(), mode="sealed")
    world.bid(world.caterer(), tender, "41000.00")
    text = json.dumps(package(deps, tender.id))
    assert "41000" not in text


# --- the history ------------------------------------------------------------------------


def chain(steps: list[Step]) -> None:
    """Numbered 1, 2, … with no gap, each from the status the one before left."""
    assert [s.seq for s in steps] == list(range(1, len(steps) + 1))
    assert steps[0].before is None
    for before, after in itertools.pairwise(steps):
        assert after.before is before.after, (before, after)
        assert after.at >= before.at


def test_the_history_says_who_did_what_when_and_why(lifecycle: Lifecycle, deps: Deps) -> None:
    lifecycle.run()
    found = open_data.history(deps, lifecycle.family, lifecycle.tender.id)
    chain(found.steps)
    assert [(s.action, s.actor.role, s.after) for s in found.steps] == [
        (Action.POSTED, "organizer", TenderStatus.OPEN),
        (Action.DEADLINE_EXTENDED, "organizer", TenderStatus.OPEN),
        (Action.CLOSED, "system", TenderStatus.CLOSED),
        (Action.AWARDED, "system", TenderStatus.AWARDED),
        (Action.AWARD_PASSED, "caterer", TenderStatus.AWARDED),
        (Action.CONTRACTED, "caterer", TenderStatus.CONTRACTED),
        (Action.DEPOSIT_PAID, "caterer", TenderStatus.CONTRACTED),
        (Action.BALANCE_PAID, "caterer", TenderStatus.CONTRACTED),
        (Action.DELIVERED, "caterer", TenderStatus.COMPLETED),
    ]
    passed = found.steps[4]
    assert passed.actor.account_id == lifecycle.traiteur.account_id
    assert passed.reason == "declined"
    # every revision, withdrawals included, for the organizer once bidding closed
    amounts = sorted(str(b.amount) for b, _ in found.revisions)
    assert amounts == ["58000.00", "60000.00", "62000.00", "64000.00"]


def test_who_reads_the_history(world: World, deps: Deps, clock: Clock) -> None:
    organizer, bidder, stranger = world.organizer(), world.caterer(), world.caterer()
    tender = world.tender(organizer, seconds=600)
    world.bid(bidder, tender, "30000.00")
    assert open_data.history(deps, organizer, tender.id).revisions == []  # sealed until close
    assert len(open_data.history(deps, bidder, tender.id).steps) == 1
    assert len(open_data.history(deps, admin(world), tender.id).steps) == 1
    for outsider in (stranger, world.organizer()):
        with pytest.raises(Forbidden):
            open_data.history(deps, outsider, tender.id)
    clock.advance(seconds=601)
    closing.close_tender(deps, tender.id)
    assert [b.amount for b, _ in open_data.history(deps, organizer, tender.id).revisions] == [30000]
    assert open_data.history(deps, bidder, tender.id).revisions == []  # the organizer's only


def test_a_dispute_is_in_the_history_of_the_parties_only(
    lifecycle: Lifecycle, deps: Deps, world: World
) -> None:
    d, t = deps, lifecycle.tender
    world.bid(lifecycle.traiteur, t, "58000.00")
    world.bid(lifecycle.third, t, "64000.00")
    lifecycle.clock.advance(seconds=601)
    closing.close_tender(d, t.id)
    awards.confirm(d, lifecycle.traiteur, t.id)
    lifecycle.clock.advance(days=30)
    opened = disputes.open_dispute(d, lifecycle.family, t.id, GiveReason(reason="cold food"))
    disputes.decide(
        d,
        admin(world),
        opened.id,
        DecideDispute(decision="dismissed", note="the food was served warm"),
    )

    def actions(who: Principal) -> list[Action]:
        return [s.action for s in open_data.history(d, who, t.id).steps]

    between = [Action.DISPUTE_OPENED, Action.DISPUTE_DECIDED]
    assert actions(lifecycle.family)[-2:] == between
    assert actions(lifecycle.traiteur)[-2:] == between
    assert not set(between) & set(actions(lifecycle.third))
    assert open_data.history(d, lifecycle.family, t.id).steps[-2].reason == "cold food"


def race(calls: list[Callable[[], object]]) -> list[str]:
    def attempt(call: Callable[[], object]) -> str:
        try:
            call()
        except DomainError as error:
            return type(error).__name__
        return "ok"

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(attempt, calls))


def test_racing_steps_keep_their_order(world: World, deps: Deps, clock: Clock) -> None:
    """Before the deadline, a cancellation and three extensions at once; after it, two
    cancellations and eight closers at once. Whatever won, the history is one unbroken chain
    in the order the writes took effect, and ends where the tender stands."""
    organizer = world.organizer()
    for late in (False, True, False, True):
        tender = world.tender(organizer, seconds=30)
        world.bid(world.caterer(), tender, "20000.00")
        t, cancel = tender.id, GiveReason(reason="rain")
        calls: list[Callable[[], object]] = [
            partial(tenders.cancel_tender, deps, organizer, t, cancel)
        ]
        if late:
            clock.advance(seconds=31)
            calls += [calls[0], *[partial(closing.close_tender, deps, t)] * 8]
        else:
            for hours in (25, 26, 27):
                moved = ExtendDeadline(bid_deadline=tender.bid_deadline + timedelta(hours=hours))
                calls.append(partial(tenders.extend_deadline, deps, organizer, t, moved))
        race(calls)
        steps = deps.history.steps(t)
        chain(steps)
        assert steps[-1].after is deps.tenders.get(t, consistent=True).status
        assert [s.action for s in steps].count(Action.CANCELLED) <= 1
        assert [s.action for s in steps].count(Action.CLOSED) <= 1
        clock.advance(days=2)


def test_payments_and_a_dispute_at_once_are_all_in_the_history(
    lifecycle: Lifecycle, deps: Deps, world: World
) -> None:
    d, t = deps, lifecycle.tender
    world.bid(lifecycle.cooperative, t, "55000.00")
    lifecycle.clock.advance(seconds=601)
    closing.close_tender(d, t.id)
    awards.confirm(d, lifecycle.cooperative, t.id)
    reason = GiveReason(reason="late")
    done = race(
        [
            lambda: contracts.record_payment(
                d, lifecycle.cooperative, t.id, MilestoneKind.DEPOSIT, CASH
            ),
            lambda: contracts.record_payment(
                d, lifecycle.cooperative, t.id, MilestoneKind.BALANCE, CASH
            ),
            lambda: disputes.open_dispute(d, lifecycle.family, t.id, reason),
        ]
        * 3
    )
    assert done.count("ok") == 3  # each once
    steps = d.history.steps(t.id)
    chain(steps)
    late = {s.action for s in steps[-3:]}
    assert late == {Action.DEPOSIT_PAID, Action.BALANCE_PAID, Action.DISPUTE_OPENED}


def test_the_release_index_is_every_public_release_oldest_first(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    start = clock.now
    posted = []
    for _ in range(4):
        tender = world.tender(organizer, seconds=60)
        world.bid(caterer, tender, "10000.00")
        posted.append(tender)
        clock.advance(days=20)  # across months
    for tender in posted:
        closing.close_tender(deps, tender.id)
    seen: list[str] = []
    cursor = None
    while True:
        steps, cursor = deps.history.releases(start, cursor, 3, clock.now)
        seen += [f"{s.tender_id}#{s.seq}" for s in steps]
        if cursor is None:
            break
    expected = [
        (s.at, f"{s.tender_id}#{s.seq}")
        for t in posted
        for s in deps.history.steps(t.id)
        if s.release is not None
    ]
    assert seen == [key for _, key in sorted(expected)]
    assert len(seen) == 4 * 3  # posted, closed, awarded
    later, _ = deps.history.releases(clock.now - timedelta(days=1), None, 100, clock.now)
    assert len(later) < len(seen)


def test_a_bid_is_no_step_and_a_refused_step_leaves_no_trace(
    world: World, deps: Deps, clock: Clock
) -> None:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=600)
    bidding.place_bid(
        deps, world.caterer(), tender.id, PlaceBid(amount_mad=Decimal("9000.00")), SOURCE
    )
    with pytest.raises(DomainError):
        tenders.extend_deadline(
            deps, organizer, tender.id, ExtendDeadline(bid_deadline=tender.bid_deadline)
        )
    assert [s.action for s in deps.history.steps(tender.id)] == [Action.POSTED]


def test_an_organization_names_itself_and_a_family_keeps_no_business_name(
    world: World, deps: Deps
) -> None:
    family = world.organizer(business_name="Amrani & fils")
    assert deps.accounts.get(family.account_id).business_name is None
    with pytest.raises(InvalidInput) as refused:
        world.organizer(organizer_kind="association")
    assert set(refused.value.fields) == {"business_name"}
