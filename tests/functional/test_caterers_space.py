"""Issue 8 against moto: the fee booked with the confirmation, the one-year exemption and its
warning, public profiles and their edits, reviews feeding the rating and the best-value score."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from chalicelib.adapters.models import NotificationModel
from chalicelib.commands import FeesQuery, GrantExemption, PostReview, ReplyToReview, UpdateMe
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.entrypoints.schemas import CatererProfileOut
from chalicelib.services import awards, closing, fees, profiles, reviews
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World

EXEMPTION = GrantExemption(reason="women's argan cooperative", programme="INDH Souss-Massa")


def admin(world: World) -> Principal:
    from chalicelib.services import accounts

    account = accounts.create_admin(
        world.deps.accounts, "admin@walima.local", "+212600000001", "x" * 12, world.deps.clock()
    )
    return Principal(account.id, account.role)


def awarded(world: World, clock: Clock, winner: Principal, amount: str = "12500.00") -> Tender:
    organizer = world.organizer()
    tender = world.tender(organizer, seconds=600)
    world.bid(winner, tender, amount)
    clock.advance(seconds=601)
    closed = closing.close_tender(world.deps, tender.id)
    assert closed.status is TenderStatus.AWARDED
    return closed


def completed(world: World, deps: Deps, clock: Clock, winner: Principal) -> Tender:
    tender = awarded(world, clock, winner)
    awards.confirm(deps, winner, tender.id)
    clock.advance(days=40)  # the event (in 30 days), then the week to dispute it
    closing.sweep(deps)
    done = deps.tenders.get(tender.id, consistent=True)
    assert done.status is TenderStatus.COMPLETED
    return done


# --- the fee ------------------------------------------------------------------------------


def test_a_confirmed_award_books_the_fee_once(world: World, deps: Deps, clock: Clock) -> None:
    caterer = world.caterer()
    tender = awarded(world, clock, caterer)
    awards.confirm(deps, caterer, tender.id)
    with pytest.raises(Conflict):
        awards.confirm(deps, caterer, tender.id)  # a second confirmation books nothing
    ledger = fees.my_fees(deps, caterer)
    assert [(e.tender_id, e.amount, e.fee, e.exempt) for e in ledger.items] == [
        (tender.id, Decimal("12500.00"), Decimal("625.00"), False)
    ]
    assert ledger.total_fee == Decimal("625.00")


def test_inside_the_exemption_the_fee_is_zero_and_marked_exempt(
    world: World, deps: Deps, clock: Clock
) -> None:
    boss = admin(world)
    caterer = world.caterer()
    granted = fees.grant_exemption(deps, boss, caterer.account_id, EXEMPTION)
    assert granted.ends_at == granted.starts_at.replace(year=granted.starts_at.year + 1)
    with pytest.raises(Conflict):  # one running exemption at a time
        fees.grant_exemption(deps, boss, caterer.account_id, EXEMPTION)
    first = awarded(world, clock, caterer, "8000.00")
    awards.confirm(deps, caterer, first.id)
    clock.now = granted.ends_at + timedelta(hours=1)  # after the year, fees are due again
    second = awarded(world, clock, caterer, "10000.00")
    awards.confirm(deps, caterer, second.id)
    ledger = fees.my_fees(deps, caterer)
    assert [(e.fee, e.exempt) for e in ledger.items] == [
        (Decimal("0.00"), True),
        (Decimal("500.00"), False),
    ]
    assert ledger.total_fee == Decimal("500.00")
    everyone = fees.all_fees(deps, boss, FeesQuery())
    assert {e.tender_id for e in everyone.items} == {first.id, second.id}
    csv_text = fees.fees_csv(deps, boss)
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("created_at,caterer_id,business_name")
    assert len(lines) == 4
    assert lines[-1].startswith("total,")
    assert "500.00" in lines[-1]


def test_only_admins_grant_and_only_caterers_are_exempted(world: World, deps: Deps) -> None:
    boss = admin(world)
    caterer = world.caterer()
    organizer = world.organizer()
    with pytest.raises(Forbidden):
        fees.grant_exemption(deps, caterer, caterer.account_id, EXEMPTION)
    with pytest.raises(NotFound):
        fees.grant_exemption(deps, boss, organizer.account_id, EXEMPTION)
    with pytest.raises(Forbidden):
        fees.my_fees(deps, organizer)
    with pytest.raises(Forbidden):
        fees.fees_csv(deps, caterer)


def test_the_caterer_is_warned_once_30_days_before_the_exemption_ends(
    world: World, deps: Deps, clock: Clock
) -> None:
    boss = admin(world)
    caterer = world.caterer()
    granted = fees.grant_exemption(deps, boss, caterer.account_id, EXEMPTION)

    def warnings() -> int:
        kinds = [n.kind for n in NotificationModel.query(caterer.account_id)]
        return kinds.count(NoticeKind.EXEMPTION_ENDING.value)

    clock.now = granted.ends_at - timedelta(days=31)
    closing.sweep(deps)
    assert warnings() == 0
    clock.now = granted.ends_at - timedelta(days=29)
    closing.sweep(deps)
    closing.sweep(deps)
    assert warnings() == 1
    notice = next(iter(NotificationModel.query(caterer.account_id)))
    assert notice.tender_id is None
    assert notice.email_sent
    assert notice.sms_sent
    assert notice.delivery is None


# --- profiles -----------------------------------------------------------------------------


def test_a_caterer_edits_its_profile_and_the_public_sees_no_contact(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    before = deps.accounts.get(caterer.account_id)
    from chalicelib.domain.profile import completeness

    assert completeness(before.profile, before.business_name) < 100
    command = UpdateMe.model_validate(
        {
            "kind": "cooperative",
            "specialities": ["amlou", "argan gift boxes"],
            "capacity": 300,
            "dietary": ["halal", "vegetarian"],
            "menus": [{"name": "Mariage", "price_per_guest_mad": "180.00", "dishes": ["pastilla"]}],
            "women_led": True,
            "about": "Coopérative de femmes à Tiznit.",
            "language": "ar",
        }
    )
    after = profiles.update_me(deps, caterer, command)
    assert after.language.value == "ar"
    assert completeness(after.profile, after.business_name) == 100
    assert after.profile.menus[0].price_per_guest == Decimal("180.00")
    public = profiles.public_profile(deps, caterer.account_id)
    view = CatererProfileOut.of(public, clock.now).wire()
    assert "email" not in view
    assert "phone" not in view
    assert view["badges"] == ["verified", "cooperative", "women-led"]
    assert view["menus"][0]["price_per_guest_mad"] == "180.00"
    cleared = profiles.update_me(deps, caterer, UpdateMe.model_validate({"menus": []}))
    assert cleared.profile.menus == ()


def test_organizers_have_no_profile_fields_and_no_public_profile(world: World, deps: Deps) -> None:
    organizer = world.organizer()
    with pytest.raises(InvalidInput):
        profiles.update_me(deps, organizer, UpdateMe.model_validate({"capacity": 50}))
    with pytest.raises(InvalidInput):
        profiles.update_me(deps, organizer, UpdateMe.model_validate({"name": None}))
    renamed = profiles.update_me(deps, organizer, UpdateMe.model_validate({"name": "Fatima B."}))
    assert renamed.name == "Fatima B."
    with pytest.raises(NotFound):
        profiles.public_profile(deps, organizer.account_id)


def test_the_fee_exempt_badge_shows_while_the_exemption_runs(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    granted = fees.grant_exemption(deps, admin(world), caterer.account_id, EXEMPTION)
    from chalicelib.domain.profile import badges

    account = deps.accounts.get(caterer.account_id)
    assert "fee-exempt" in badges(account.profile, account.verified, clock.now)
    assert "fee-exempt" not in badges(account.profile, account.verified, granted.ends_at)


# --- reviews ------------------------------------------------------------------------------


def test_the_organizer_reviews_a_completed_event_once_and_the_caterer_replies_once(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    early = awarded(world, clock, caterer)
    organizer_early = Principal(early.organizer_id, world.organizer().role)
    with pytest.raises(Conflict):  # not completed yet
        reviews.post_review(deps, organizer_early, early.id, PostReview(stars=5))
    tender = completed(world, deps, clock, caterer)
    organizer = Principal(tender.organizer_id, organizer_early.role)
    with pytest.raises(Forbidden):
        reviews.post_review(deps, world.organizer(), tender.id, PostReview(stars=1))
    review = reviews.post_review(deps, organizer, tender.id, PostReview(stars=4, comment="Bon"))
    assert review.caterer_id == caterer.account_id
    with pytest.raises(Conflict):
        reviews.post_review(deps, organizer, tender.id, PostReview(stars=5))
    reviews.reply(deps, caterer, tender.id, ReplyToReview(text="Merci !"))
    with pytest.raises(Conflict):
        reviews.reply(deps, caterer, tender.id, ReplyToReview(text="Encore merci"))
    account, found, *_ = profiles.public_profile(deps, caterer.account_id)
    assert (account.profile.reviews, account.profile.stars_total) == (1, 4)
    assert account.profile.completed_events == 1
    assert [(r.stars, r.reply) for r in found] == [(4, "Merci !")]
    record = closing.record_of(account, deps.clock())
    assert (record.reviews, record.stars_total, record.completed_events) == (1, 4, 1)
