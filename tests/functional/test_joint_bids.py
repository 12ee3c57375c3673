"""Cooperatives bidding together on a products lot: the lead proposes the shares, the partners
confirm, the bid stands as one (the lead's), and the award, the contract's contacts and the
fee ledgers split by share, each member exempt or not on its own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.commands import GiveReason, GrantExemption, InboxQuery, ProposeJointBid
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from chalicelib.domain.joint import JointBid
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender
from chalicelib.services import (
    awards,
    closing,
    contracts,
    fees,
    impact,
    joint_bids,
    notifications,
    profiles,
)
from chalicelib.services.deps import Deps
from chalicelib.settings import RateLimit
from tests.conftest import Clock
from tests.functional.helpers import SOURCE, World, limited
from tests.functional.test_caterers_space import admin
from tests.functional.test_regional_products import bid, company, post, products

EXEMPTION = GrantExemption(reason="women's argan cooperative", programme="INDH Souss-Massa")
DELIVERY = {"mode": "seller", "price_mad": "800.00", "lead_days": 7}


def cooperative(world: World, name: str) -> Principal:
    return world.caterer(
        business_name=name,
        provinces=["taroudant"],
        categories=["cooperative", "argan_products"],
    )


def propose(
    world: World, lead: Principal, tender_id: str, shares: list[tuple[Principal, str, str]]
) -> JointBid:
    """200 L of argan oil at 150 MAD a litre, brought by the lead: 30,800 MAD in all,
    ``shares`` as (member, amount, litres)."""
    command = ProposeJointBid.model_validate(
        {
            "amount_mad": "30800.00",
            "unit_prices_mad": ["150.00"],
            "delivery": DELIVERY,
            "shares": [
                {"caterer_id": m.account_id, "amount_mad": a, "quantities": [q]}
                for m, a, q in shares
            ],
        }
    )
    return joint_bids.propose(world.deps, lead, tender_id, command, SOURCE)


def two_lot_order(world: World) -> tuple[Principal, Tender, Tender]:
    buyer = company(world)
    order = post(world, buyer, products(world.clock, seconds=60))
    argan = world.deps.tenders.get(order.draft.lots[0].id)
    boxes = world.deps.tenders.get(order.draft.lots[1].id)
    return buyer, argan, boxes


def test_two_cooperatives_win_a_lot_together_and_split_contract_and_fees(
    world: World, deps: Deps, clock: Clock
) -> None:
    buyer, argan, boxes = two_lot_order(world)
    lead, partner = cooperative(world, "Tifaout"), cooperative(world, "Amalou")
    alone = cooperative(world, "Tagmat")
    boss = admin(world)
    fees.grant_exemption(deps, boss, lead.account_id, EXEMPTION)  # the lead only

    invited = propose(
        world, lead, argan.id, [(lead, "18480.00", "120"), (partner, "12320.00", "80")]
    )
    assert invited.pending == (partner.account_id,)
    assert deps.bids.own_bid(argan.id, lead.account_id) is None  # no bid before every yes
    assert joint_bids.concerning(deps, partner, argan.id) == [invited]
    told, _ = notifications.inbox(deps, partner, InboxQuery())
    assert [(n.kind, n.tender_id) for n in told if n.kind == "joint_invitation"] == [
        ("joint_invitation", argan.id)
    ]
    invitation = next(n for n in told if n.kind == "joint_invitation")
    assert "Tifaout" in invitation.title
    assert "80 litres Huile d'argan alimentaire" in invitation.body
    assert "12 320,00" in invitation.body.replace("\u202f", " ").replace("\xa0", " ")
    assert joint_bids.concerning(deps, alone, argan.id) == []

    placed = joint_bids.confirm(deps, partner, argan.id, lead.account_id, SOURCE)
    assert placed.complete
    live = deps.bids.live_bids(argan.id)
    assert [(b.id, b.caterer_id, b.amount) for b in live] == [
        (placed.bid_id, lead.account_id, Decimal("30800.00"))
    ]
    assert live[0].members == (lead.account_id, partner.account_id)
    assert joint_bids.confirm(deps, partner, argan.id, lead.account_id, SOURCE) == placed
    assert len(deps.bids.live_bids(argan.id)) == 1  # confirmed again: still one bid

    bid(world, alone, boxes.id, amount_mad="61000.00")
    clock.advance(seconds=61)
    for lot in (argan, boxes):
        closing.close_tender(deps, lot.id)
    won = deps.tenders.get(argan.id, consistent=True)
    assert won.award is not None
    assert won.award.caterer_id == lead.account_id  # the joint bid counts as the lead's
    with pytest.raises(Forbidden):
        awards.confirm(deps, partner, argan.id)  # the lead answers the award
    awards.confirm(deps, lead, argan.id)
    awards.confirm(deps, alone, boxes.id)

    contract = contracts.deal(deps, buyer, argan.id).contract
    assert [(m.party.business_name, m.share.amount) for m in contract.members] == [
        ("Tifaout", Decimal("18480.00")),
        ("Amalou", Decimal("12320.00")),
    ]
    assert contract.members[1].party.phone  # the buyer reaches each member
    assert contract.payees == (lead.account_id, partner.account_id)
    assert contracts.deal(deps, buyer, boxes.id).contract.members == ()

    lead_fees = fees.my_fees(deps, lead).items
    partner_fees = fees.my_fees(deps, partner).items
    assert [(e.amount, e.fee, e.exempt) for e in lead_fees] == [
        (Decimal("18480.00"), Decimal("0.00"), True)
    ]
    assert [(e.amount, e.fee, e.exempt) for e in partner_fees] == [
        (Decimal("12320.00"), Decimal("616.00"), False)
    ]
    assert lead_fees[0].entry_id != partner_fees[0].entry_id
    assert [(e.amount, e.fee) for e in fees.my_fees(deps, alone).items] == [
        (Decimal("61000.00"), Decimal("3050.00"))
    ]

    for member, joint in ((lead, 1), (partner, 1), (alone, 0)):
        assert profiles.public_profile(deps, member.account_id).account.profile.joint_wins == joint
    month = impact.report(deps, boss).months[-1]
    assert month.contracted_mad == Decimal("91800.00")
    assert month.exempt_contracted_mad == Decimal("18480.00")  # the lead's share only
    assert month.first_wins == 3


def test_cancelling_a_joint_contract_reverses_every_members_fee(
    world: World, deps: Deps, clock: Clock
) -> None:
    buyer, argan, _ = two_lot_order(world)
    lead, partner = cooperative(world, "Tifaout"), cooperative(world, "Amalou")
    propose(world, lead, argan.id, [(lead, "15400.00", "100"), (partner, "15400.00", "100")])
    joint_bids.confirm(deps, partner, argan.id, lead.account_id, SOURCE)
    clock.advance(seconds=61)
    closing.close_tender(deps, argan.id)
    awards.confirm(deps, lead, argan.id)
    contracts.cancel(deps, buyer, argan.id, GiveReason(reason="the company moved its event"))
    for member in (lead, partner):
        ledger = fees.my_fees(deps, member)
        assert sorted(e.kind.value for e in ledger.items) == ["fee", "reversal"]
        assert ledger.total_fee == Decimal("0.00")


def test_a_joint_bid_is_refused_unless_its_shares_add_up_among_verified_partners(
    world: World, deps: Deps, clock: Clock
) -> None:
    _, argan, _ = two_lot_order(world)
    lead, partner = cooperative(world, "Tifaout"), cooperative(world, "Amalou")
    cases: dict[str, list[tuple[Principal, str, str]]] = {
        "amounts short": [(lead, "18000.00", "120"), (partner, "12320.00", "80")],
        "litres short": [(lead, "18480.00", "100"), (partner, "12320.00", "80")],
        "lead not first": [(partner, "12320.00", "80"), (lead, "18480.00", "120")],
        "twice the same": [(lead, "18480.00", "120"), (lead, "12320.00", "80")],
        "supplies nothing": [(lead, "18480.00", "200"), (partner, "12320.00", "0")],
    }
    for name, shares in cases.items():
        with pytest.raises(InvalidInput) as refused:
            propose(world, lead, argan.id, shares)
        assert set(refused.value.fields) == {"shares"}, name
    with pytest.raises(ValidationError):  # a joint bid has partners
        propose(world, lead, argan.id, [(lead, "30800.00", "200")])
    unverified = world.caterer(verified=False, categories=["argan_products"])
    with pytest.raises(InvalidInput):
        propose(world, lead, argan.id, [(lead, "18480.00", "120"), (unverified, "12320.00", "80")])
    bid(world, partner, argan.id, amount_mad="30000.00")  # the partner already bids alone
    with pytest.raises(InvalidInput):
        propose(world, lead, argan.id, [(lead, "18480.00", "120"), (partner, "12320.00", "80")])
    meal = world.tender(world.organizer())
    with pytest.raises(InvalidInput):
        propose(world, lead, meal.id, [(lead, "18480.00", "120"), (partner, "12320.00", "80")])
    assert deps.bids.own_bid(argan.id, lead.account_id) is None
    assert joint_bids.concerning(deps, lead, argan.id) == []


def test_only_an_invited_partner_confirms_what_it_read(
    world: World, deps: Deps, clock: Clock
) -> None:
    _, argan, _ = two_lot_order(world)
    lead, partner = cooperative(world, "Tifaout"), cooperative(world, "Amalou")
    stranger = cooperative(world, "Tagmat")
    first = propose(world, lead, argan.id, [(lead, "18480.00", "120"), (partner, "12320.00", "80")])
    with pytest.raises(Forbidden):
        joint_bids.confirm(deps, lead, argan.id, lead.account_id, SOURCE)
    with pytest.raises(NotFound):
        joint_bids.confirm(deps, stranger, argan.id, lead.account_id, SOURCE)
    clock.advance(seconds=1)
    propose(world, lead, argan.id, [(lead, "15400.00", "100"), (partner, "15400.00", "100")])
    assert not deps.joint_bids.confirm(first, partner.account_id)  # the shares it read changed
    assert deps.bids.own_bid(argan.id, lead.account_id) is None
    clock.advance(seconds=60)
    with pytest.raises(Conflict):  # bidding closed: agreeing places nothing
        joint_bids.confirm(deps, partner, argan.id, lead.account_id, SOURCE)
    assert deps.bids.own_bid(argan.id, lead.account_id) is None


def test_partners_confirming_at_once_place_one_bid(world: World, deps: Deps) -> None:
    _, argan, _ = two_lot_order(world)
    lead = cooperative(world, "Tifaout")
    partners = [cooperative(world, f"Coop {n}") for n in range(4)]
    shares: list[tuple[Principal, str, str]] = [(lead, "6160.00", "40")]
    shares += [(p, "6160.00", "40") for p in partners]
    propose(world, lead, argan.id, shares)

    def agree(partner: Principal) -> Any:
        return joint_bids.confirm(deps, partner, argan.id, lead.account_id, SOURCE)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(agree, partners))
    final = deps.joint_bids.get(argan.id, lead.account_id)
    assert final is not None
    assert final.complete
    assert final.bid_id is not None
    assert {a.bid_id for a in answers if a.complete} <= {final.bid_id}
    assert [b.id for b in deps.bids.live_bids(argan.id)] == [final.bid_id]
    assert {TenderStatus.OPEN} == {deps.tenders.get(argan.id).status}


def test_proposals_count_against_the_leads_bid_limit(world: World, deps: Deps) -> None:
    _, argan, _ = two_lot_order(world)
    lead, partner = cooperative(world, "Tifaout"), cooperative(world, "Amalou")
    world.deps = limited(deps, bids_per_account=RateLimit(1, timedelta(minutes=1)))
    shares = [(lead, "18480.00", "120"), (partner, "12320.00", "80")]
    propose(world, lead, argan.id, shares)  # the one bid a minute allowed
    with pytest.raises(RateLimited):  # no flood of invitations to the partners
        propose(world, lead, argan.id, shares)
    told, _ = notifications.inbox(deps, partner, InboxQuery())
    assert [n.kind for n in told].count("joint_invitation") == 1
