"""Private threads through the real services on moto: who may write in which state, masking
before the contract, unread counts, paging, the rate limit, and the notices they send."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.commands import MessagesQuery, WriteMessage
from chalicelib.domain.account import Principal
from chalicelib.domain.contract import Side
from chalicelib.domain.errors import Forbidden, RateLimited
from chalicelib.domain.notice_policy import NoticeSettings
from chalicelib.domain.thread import MASK
from chalicelib.services import awards, closing, notifications, threads
from chalicelib.services.deps import Deps
from chalicelib.settings import RateLimit
from tests.conftest import Clock
from tests.functional.helpers import World, limited
from tests.functional.moto_state import sent_emails, sent_sms
from tests.functional.test_caterers_space import admin
from tests.functional.test_contracts import Deal


@pytest.fixture
def deal(world: World, clock: Clock) -> Deal:
    return Deal(world, clock)


def write(deps: Deps, who: Principal, deal: Deal, text: str, to: Principal | None = None) -> str:
    to_id = to.account_id if to else None
    message = threads.write(deps, who, deal.tender.id, WriteMessage(text=text, caterer_id=to_id))
    return message.text


def may_write(deps: Deps, who: Principal, deal: Deal, to: Principal | None = None) -> bool:
    try:
        write(deps, who, deal, "Bonjour, une question sur la cuisine du lieu.", to)
    except Forbidden:
        return False
    return True


def test_who_may_write_in_each_state_of_the_tender(deal: Deal, deps: Deps, world: World) -> None:
    stranger, late = world.caterer(), world.caterer()
    unverified, other_organizer, an_admin = world.caterer(False), world.organizer(), admin(world)
    o, w, lo = deal.organizer, deal.winner, deal.loser
    open_ = {
        "organizer to a bidder": may_write(deps, o, deal, w),
        "organizer to a caterer that neither wrote nor bid": may_write(deps, o, deal, late),
        "a bidder": may_write(deps, w, deal),
        "a verified caterer that did not bid": may_write(deps, stranger, deal),
        "an unverified caterer": may_write(deps, unverified, deal),
        "another organizer": may_write(deps, other_organizer, deal, w),
        "an admin": may_write(deps, an_admin, deal, w),
    }
    assert open_ == {
        "organizer to a bidder": True,
        "organizer to a caterer that neither wrote nor bid": False,
        "a bidder": True,
        "a verified caterer that did not bid": True,
        "an unverified caterer": False,
        "another organizer": False,
        "an admin": False,
    }
    deal.close()  # awarded to the winner, confirmation awaited
    closed = {
        "organizer to the runner-up": may_write(deps, o, deal, lo),
        "organizer to a caterer that wrote while open": may_write(deps, o, deal, stranger),
        "organizer to a caterer that never wrote": may_write(deps, o, deal, late),
        "the runner-up": may_write(deps, lo, deal),
        "a caterer that wrote but did not bid": may_write(deps, stranger, deal),
    }
    assert closed == {
        "organizer to the runner-up": True,
        "organizer to a caterer that wrote while open": True,
        "organizer to a caterer that never wrote": False,
        "the runner-up": True,
        "a caterer that wrote but did not bid": False,
    }
    awards.confirm(deps, w, deal.tender.id)
    contracted = {
        "organizer to the winner": may_write(deps, o, deal, w),
        "the winner": may_write(deps, w, deal),
        "organizer to the runner-up": may_write(deps, o, deal, lo),
        "the runner-up": may_write(deps, lo, deal),
        "a caterer that wrote": may_write(deps, stranger, deal),
    }
    assert contracted == {
        "organizer to the winner": True,
        "the winner": True,
        "organizer to the runner-up": False,
        "the runner-up": False,
        "a caterer that wrote": False,
    }


def test_each_side_reads_only_its_own_thread(deal: Deal, deps: Deps, world: World) -> None:
    write(deps, deal.winner, deal, "Y a-t-il une cuisine sur place ?")
    query = MessagesQuery(caterer_id=deal.winner.account_id)
    read = threads.thread(deps, deal.organizer, deal.tender.id, query)
    assert [m.text for m in read.messages] == ["Y a-t-il une cuisine sur place ?"]
    assert threads.thread(deps, deal.loser, deal.tender.id, MessagesQuery()).messages == []
    for outsider in (world.organizer(), admin(world)):
        with pytest.raises(Forbidden):
            threads.thread(deps, outsider, deal.tender.id, query)
        with pytest.raises(Forbidden):
            threads.threads(deps, outsider, deal.tender.id, None)


def test_contacts_are_masked_before_the_contract_and_kept_after(deal: Deal, deps: Deps) -> None:
    text = "Appelez-moi au 06 61 23 45 67 ou écrivez à dar.taroudant@gmail.com, le 12/12/2026."
    assert write(deps, deal.winner, deal, text) == (
        f"Appelez-moi au {MASK} ou écrivez à {MASK}, le 12/12/2026."
    )
    arabic = "رقمي ٠٦٦١٢٣٤٥٦٧ شكرا"
    assert write(deps, deal.organizer, deal, arabic, deal.winner) == f"رقمي {MASK} شكرا"
    stored = threads.thread(deps, deal.winner, deal.tender.id, MessagesQuery()).messages
    assert all("06 61" not in m.text and "@" not in m.text for m in stored)
    deal.contract()
    assert write(deps, deal.winner, deal, "Mon fixe : 0528 12 34 56") == "Mon fixe : 0528 12 34 56"
    mine = MessagesQuery()
    assert threads.thread(deps, deal.winner, deal.tender.id, mine).can_write
    assert not threads.thread(deps, deal.loser, deal.tender.id, mine).can_write  # form hidden


def test_unread_counts_move_as_each_side_writes_and_reads(deal: Deal, deps: Deps) -> None:
    t = deal.tender.id
    write(deps, deal.winner, deal, "Première question")
    write(deps, deal.winner, deal, "Deuxième question")
    write(deps, deal.loser, deal, "Une question du second")
    listed = unread_by_name(deps, deal)
    assert listed == {"Dar Taroudant": 2, "Traiteur Tiznit": 1}
    assert organizer_unread(deps, deal) == 3
    threads.thread(deps, deal.organizer, t, MessagesQuery(caterer_id=deal.winner.account_id))
    listed = unread_by_name(deps, deal)
    assert listed == {"Dar Taroudant": 0, "Traiteur Tiznit": 1}
    write(deps, deal.organizer, deal, "Oui, une cuisine équipée.", deal.winner)
    assert caterer_unread(deps, deal, deal.winner) == 1
    threads.thread(deps, deal.winner, t, MessagesQuery())
    assert caterer_unread(deps, deal, deal.winner) == 0


def test_a_long_thread_is_paged_newest_first(deal: Deal, deps: Deps, clock: Clock) -> None:
    for n in range(25):
        clock.advance(seconds=1)
        write(deps, deal.winner, deal, f"message {n}")
    first = threads.thread(deps, deal.winner, deal.tender.id, MessagesQuery())
    assert [m.text for m in first.messages] == [f"message {n}" for n in range(24, 4, -1)]
    older = MessagesQuery(cursor=first.next)
    rest = threads.thread(deps, deal.winner, deal.tender.id, older)
    assert [m.text for m in rest.messages] == [f"message {n}" for n in range(4, -1, -1)]
    assert rest.next is None


def test_messages_are_rate_limited_per_account(deal: Deal, deps: Deps) -> None:
    slow = limited(deps, messages_per_account=RateLimit(2, timedelta(hours=1)))
    write(slow, deal.winner, deal, "un")
    write(slow, deal.winner, deal, "deux")
    with pytest.raises(RateLimited):
        write(slow, deal.winner, deal, "trois")
    write(slow, deal.loser, deal, "un autre compte")  # counted per account


def unread_by_name(deps: Deps, deal: Deal) -> dict[str, int]:
    listed = threads.threads(deps, deal.organizer, deal.tender.id, None).threads
    return {x.business_name: x.unread for x in listed}


def organizer_unread(deps: Deps, deal: Deal) -> int:
    return sum(
        t.unread for t in threads.threads(deps, deal.organizer, deal.tender.id, None).threads
    )


def caterer_unread(deps: Deps, deal: Deal, caterer: Principal) -> int:
    state = deps.threads.state(deal.tender.id, caterer.account_id)
    return state.unread[Side.CATERER] if state else 0


def _message_notices(deps: Deps, account_id: str) -> list[str]:
    return [n.kind for n in deps.inbox.newest_first(account_id, None, 50)[0] if n.kind == "message"]


def _sms_to(phone: str) -> int:
    return sum(phone in str(m) for m in sent_sms())


def test_every_message_is_a_notice_but_one_sms_per_fifteen_minutes(
    deal: Deal, deps: Deps, clock: Clock
) -> None:
    organizer = deps.accounts.get(deal.organizer.account_id)
    write(deps, deal.winner, deal, "Bonjour")
    clock.advance(minutes=5)
    write(deps, deal.winner, deal, "Vous êtes là ?")
    assert len(_message_notices(deps, organizer.id)) == 2
    assert _sms_to(organizer.phone) == 1
    clock.advance(minutes=10)
    write(deps, deal.winner, deal, "Je relance")
    assert len(_message_notices(deps, organizer.id)) == 3
    assert _sms_to(organizer.phone) == 2
    (sms,) = [m for m in sent_sms() if organizer.phone in str(m)][:1]
    assert "Dar Taroudant" in str(sms)


def test_messages_at_night_wait_for_eight_and_make_one_sms(
    deal: Deal, deps: Deps, clock: Clock
) -> None:
    def night_sms() -> list[str]:
        return [str(m) for m in sent_sms() if "message de nuit" in str(m)]

    clock.now = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # 23:30 in Morocco
    for n in range(3):
        clock.advance(minutes=20)
        write(deps, deal.winner, deal, f"message de nuit {n}")
    closing.sweep(deps)
    assert night_sms() == []
    clock.now = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)  # 08:00
    with ThreadPoolExecutor(4) as pool:  # sweeps racing at 08:00 send it once
        list(pool.map(lambda _: notifications.deliver_pending(deps), range(4)))
    closing.sweep(deps)
    (sms,) = night_sms()
    assert "message de nuit 0" in sms


def test_settings_turn_channels_off_for_messages_too(deal: Deal, deps: Deps) -> None:
    organizer = deps.accounts.get(deal.organizer.account_id)
    quiet = NoticeSettings(sms=False, email=False, quiet_hours=True)
    notifications.choose_settings(deps, deal.organizer, quiet)
    emails, sms = len(sent_emails()), len(sent_sms())
    write(deps, deal.winner, deal, "Bonjour")
    assert _message_notices(deps, organizer.id) == ["message"]
    assert (len(sent_emails()), len(sent_sms())) == (emails, sms)


def test_messages_written_at_once_are_all_kept_and_tell_once(deal: Deal, deps: Deps) -> None:
    organizer = deps.accounts.get(deal.organizer.account_id)
    texts = [f"message {n}" for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda text: write(deps, deal.winner, deal, text), texts))
    stored = threads.thread(deps, deal.winner, deal.tender.id, MessagesQuery()).messages
    assert sorted(m.text for m in stored) == texts
    assert all(m.sender is Side.CATERER for m in stored)
    assert organizer_unread(deps, deal) == 8
    assert len(_message_notices(deps, organizer.id)) == 8
    assert _sms_to(organizer.phone) == 1
