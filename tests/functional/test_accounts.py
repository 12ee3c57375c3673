from datetime import timedelta

import pytest

from chalicelib.commands import LogIn, SignUp
from chalicelib.domain.account import Role
from chalicelib.domain.errors import (
    ACCOUNT_EXISTS,
    GUESSABLE_PASSWORD,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
)
from chalicelib.services import accounts, sessions
from chalicelib.services.deps import Deps
from tests.bodies import PASSWORD, sign_up_body
from tests.conftest import Clock
from tests.functional.helpers import SOURCE, World


def test_sign_up_normalises_and_never_keeps_the_password(deps: Deps) -> None:
    body = sign_up_body(email="Amina@Example.MA", phone="06 61 23 45 67")
    account = accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    assert (account.email, account.phone) == ("amina@example.ma", "+212661234567")
    stored = deps.accounts.credentials("amina@example.ma")
    assert stored is not None
    assert PASSWORD not in stored[1]
    assert stored[1].startswith("$argon2id$")


@pytest.mark.parametrize("shared", ["email", "phone"])
def test_an_e_mail_or_phone_belongs_to_one_account(deps: Deps, shared: str) -> None:
    first = sign_up_body()
    accounts.sign_up(deps, SignUp.model_validate(first), SOURCE)
    second = sign_up_body(**{shared: first[shared]})
    with pytest.raises(Conflict) as taken:
        accounts.sign_up(deps, SignUp.model_validate(second), SOURCE)
    assert taken.value.reason == ACCOUNT_EXISTS  # the sign-up page says so next to the e-mail
    other = "phone" if shared == "email" else "email"
    assert deps.accounts.credentials(normalise(other, second[other])) is None


def normalise(kind: str, value: str) -> str:
    from chalicelib.commands import normalise_login

    return normalise_login(value) if kind == "phone" else value.lower()


def test_caterers_describe_their_business(deps: Deps) -> None:
    body = sign_up_body("caterer") | {"business_name": None, "provinces": []}
    with pytest.raises(InvalidInput) as refused:
        accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    assert set(refused.value.fields) == {"business_name", "provinces"}


@pytest.mark.parametrize("login", ["email", "phone", "typed phone"])
def test_log_in_by_e_mail_or_phone(deps: Deps, login: str) -> None:
    body = sign_up_body(phone="0661987654")
    account = accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    typed = {
        "email": body["email"].upper(),
        "phone": "+212661987654",
        "typed phone": "06 61 98 76 54",
    }
    session = sessions.log_in(deps, LogIn(login=typed[login], password=PASSWORD), SOURCE)
    assert accounts.authenticate(deps, session.token).account_id == account.id


def test_wrong_credentials_get_the_same_answer(deps: Deps) -> None:
    body = sign_up_body()
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    with pytest.raises(Unauthorized) as wrong_password:
        sessions.log_in(deps, LogIn(login=body["email"], password="not the password"), SOURCE)
    with pytest.raises(Unauthorized) as no_such_login:
        sessions.log_in(deps, LogIn(login="nobody@example.ma", password="whatever1"), SOURCE)
    assert wrong_password.value.message == no_such_login.value.message


def test_tokens_expire_and_cannot_be_forged(deps: Deps) -> None:
    from dataclasses import replace

    from chalicelib.adapters.tokens import TokenSigner

    body = sign_up_body()
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    token = sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE).token
    with pytest.raises(Unauthorized):
        accounts.authenticate(deps, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    expired = replace(deps, tokens=TokenSigner("x" * 40, timedelta(seconds=-1)))
    with pytest.raises(Unauthorized):
        accounts.authenticate(expired, expired.tokens.issue(accounts.authenticate(deps, token)))


def test_only_admins_verify_caterers(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    with pytest.raises(Forbidden):
        accounts.verify_caterer(deps, world.organizer(), caterer.account_id)
    admin = accounts.create_admin(
        deps.accounts, "boss@walima.test", "+212500000001", PASSWORD, deps.clock()
    )
    from chalicelib.domain.account import Principal

    verified = accounts.verify_caterer(deps, Principal(admin.id, Role.ADMIN), caterer.account_id)
    assert verified.verified
    assert [a for a, _ in deps.verification.pending()] == []


def test_verifying_an_organizer_is_not_found(world: World, deps: Deps) -> None:
    organizer = world.organizer()
    with pytest.raises(NotFound):
        deps.accounts.verify(organizer.account_id, deps.clock())


def test_unverified_caterers_wait_in_the_queue(world: World, deps: Deps, clock: Clock) -> None:
    waiting = world.caterer(verified=False)
    assert [a.id for a, _ in deps.verification.pending()] == [waiting.account_id]


@pytest.mark.parametrize(
    "password",
    ["password123", "1234567890", "azertyuiop", "fatimaamrani", "0661234567a"],
)
def test_a_guessable_password_is_refused_at_sign_up(deps: Deps, password: str) -> None:
    body = sign_up_body(name="Fatima Amrani", phone="0661234567", password=password)
    with pytest.raises(InvalidInput) as weak:
        accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    assert weak.value.field_reasons == {"password": GUESSABLE_PASSWORD}
    assert deps.accounts.credentials(body["email"]) is None


def test_a_password_change_to_a_guessable_one_is_refused(deps: Deps) -> None:
    from chalicelib.commands import ChangePassword

    body = sign_up_body(name="Youssef Idrissi")
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    token = sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE).token
    me = accounts.authenticate(deps, token)
    for weak in ("youssefidrissi", "qwertyuiop12"):
        with pytest.raises(InvalidInput) as refused:
            accounts.change_password(deps, me, ChangePassword(current=PASSWORD, new=weak), SOURCE)
        assert refused.value.field_reasons == {"new": GUESSABLE_PASSWORD}
    assert sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE).token
