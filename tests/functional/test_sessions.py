"""Sessions that end: logging out ends that session at once, a password change ends every
other one, and a bid carries the session check in its own write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.commands import ChangePassword, LogIn, PlaceBid, SignUp
from chalicelib.domain.errors import InvalidInput, Unauthorized
from chalicelib.services import accounts, bidding, sessions
from chalicelib.services.deps import Deps
from tests.bodies import PASSWORD, sign_up_body
from tests.functional.helpers import SOURCE, World

NEW_PASSWORD = "a brand new passphrase"


def logged_in(deps: Deps, login: str, password: str = PASSWORD) -> str:
    return sessions.log_in(deps, LogIn(login=login, password=password), SOURCE).token


def test_logging_out_ends_that_session_only(deps: Deps) -> None:
    body = sign_up_body()
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    phone, laptop = logged_in(deps, body["email"]), logged_in(deps, body["email"])
    accounts.log_out(deps, accounts.authenticate(deps, phone))
    with pytest.raises(Unauthorized):
        accounts.authenticate(deps, phone)
    assert accounts.authenticate(deps, laptop).session_id  # the other session goes on


def test_a_password_change_ends_every_other_session(deps: Deps) -> None:
    body = sign_up_body()
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    here, elsewhere, third = (logged_in(deps, body["email"]) for _ in range(3))
    me = accounts.authenticate(deps, here)
    with pytest.raises(InvalidInput) as wrong:
        accounts.change_password(
            deps, me, ChangePassword(current="guess", new=NEW_PASSWORD), SOURCE
        )
    assert "current" in wrong.value.fields
    assert accounts.authenticate(deps, elsewhere)  # a refused change ends nothing
    command = ChangePassword(current=PASSWORD, new=NEW_PASSWORD)
    assert accounts.change_password(deps, me, command, SOURCE) == 2
    for ended in (elsewhere, third):
        with pytest.raises(Unauthorized):
            accounts.authenticate(deps, ended)
    assert accounts.authenticate(deps, here) == me
    with pytest.raises(Unauthorized):
        logged_in(deps, body["email"])
    assert logged_in(deps, body["email"], NEW_PASSWORD)


def test_a_bid_from_an_ended_session_is_refused_by_its_write(world: World, deps: Deps) -> None:
    caterer = world.caterer()
    tender = world.tender(world.organizer())
    email = deps.accounts.get(caterer.account_id).email
    token = logged_in(deps, email)
    principal = accounts.authenticate(deps, token, checked_by_write=True)
    command = PlaceBid(amount_mad=Decimal("9000.00"))
    bidding.place_bid(deps, principal, tender.id, command, SOURCE)
    accounts.log_out(deps, principal)
    stale = accounts.authenticate(deps, token, checked_by_write=True)  # the signature holds
    with pytest.raises(Unauthorized):
        bidding.place_bid(deps, stale, tender.id, PlaceBid(amount_mad=Decimal("8000.00")), SOURCE)
    assert deps.bids.own_bid(tender.id, caterer.account_id).amount == Decimal("9000.00")  # type: ignore[union-attr]
