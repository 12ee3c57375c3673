"""The one notice policy on moto: every kind of notice (outcomes, award steps, verification,
tender alerts, messages) follows its recipient's channels and quiet hours; the inbox gets it
at once whatever they say."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.adapters.models import NotificationModel
from chalicelib.domain.account import Principal
from chalicelib.domain.notice_policy import NoticeSettings
from chalicelib.services import accounts, closing, notifications
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.moto_state import sent_emails, sent_sms
from tests.functional.test_caterers_space import admin
from tests.functional.test_contracts import Deal
from tests.functional.test_verification import decide

NIGHT = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Morocco
EIGHT = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def reached(deps: Deps, who: Principal, kind: str) -> tuple[int, int]:
    """(e-mails, SMS) sent to ``who`` with the words of its one notice of ``kind``."""
    (notice,) = [n for n in NotificationModel.query(who.account_id) if n.kind == kind]
    account = deps.accounts.get(who.account_id)
    emails = [m for m in sent_emails() if account.email in str(m) and m["subject"] == notice.title]
    sms = [
        m for m in sent_sms() if m["phone_number"] == account.phone and notice.body in m["message"]
    ]
    return len(emails), len(sms)


def test_the_settings_are_kept_and_default_to_everything_on(world: World) -> None:
    someone = world.organizer()
    assert notifications.settings(world.deps, someone) == NoticeSettings(True, True, True)
    chosen = NoticeSettings(sms=False, email=True, quiet_hours=False)
    notifications.choose_settings(world.deps, someone, chosen)
    assert notifications.settings(world.deps, someone) == chosen


@pytest.mark.parametrize(
    ("sms", "email", "expected"),
    [(True, True, (1, 1)), (False, True, (1, 0)), (True, False, (0, 1)), (False, False, (0, 0))],
)
def test_the_outcome_goes_by_the_channels_each_side_chose(
    world: World, clock: Clock, sms: bool, email: bool, expected: tuple[int, int]
) -> None:
    deal = Deal(world, clock)
    chosen = NoticeSettings(sms=sms, email=email)
    for who in (deal.organizer, deal.winner):
        notifications.choose_settings(world.deps, who, chosen)
    deal.close()
    assert reached(world.deps, deal.organizer, "tender_awarded") == expected
    assert reached(world.deps, deal.winner, "bid_won") == expected
    assert reached(world.deps, deal.loser, "bid_lost") == (1, 1)  # its own settings: all on


@pytest.mark.parametrize("quiet", [True, False])
def test_quiet_hours_hold_an_award_step_until_eight(
    world: World, clock: Clock, quiet: bool
) -> None:
    clock.now = NIGHT
    deal = Deal(world, clock)
    notifications.choose_settings(world.deps, deal.winner, NoticeSettings(quiet_hours=quiet))
    deal.close()
    closing.sweep(world.deps)
    assert [n.kind for n in world.deps.inbox.unread(deal.winner.account_id)] == ["bid_won"]
    assert reached(world.deps, deal.winner, "bid_won") == ((0, 0) if quiet else (1, 1))
    clock.now = EIGHT
    closing.sweep(world.deps)
    closing.sweep(world.deps)
    assert reached(world.deps, deal.winner, "bid_won") == (1, 1)


def test_a_verification_decision_follows_the_caterer_s_settings(world: World) -> None:
    caterer = world.caterer(verified=False)
    notifications.choose_settings(world.deps, caterer, NoticeSettings(sms=False))
    assert decide(world.deps, caterer, "approve")  # checked by phone: no file needed
    closing.sweep(world.deps)
    assert reached(world.deps, caterer, "verification_approved") == (1, 0)


def test_a_tender_alert_needs_both_its_channel_and_the_settings(world: World) -> None:
    body: dict[str, Any] = {"provinces": ["tiznit"], "categories": ["pastry"]}
    told, silenced = world.caterer(verified=False, **body), world.caterer(verified=False, **body)
    the_admin = admin(world)
    for who in (told, silenced):
        accounts.verify_caterer(world.deps, the_admin, who.account_id)
    notifications.choose_settings(world.deps, silenced, NoticeSettings(sms=False))
    world.tender(world.organizer(), province="tiznit", categories=["pastry"], guests=100)
    closing.sweep(world.deps)
    assert reached(world.deps, told, "tender_alert") == (0, 1)  # alerts come by SMS by default
    assert reached(world.deps, silenced, "tender_alert") == (0, 0)  # in the inbox only
