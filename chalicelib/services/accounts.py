"""Sign up, log in, verify caterers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from chalicelib.adapters.passwords import dummy_check, hash_password, password_matches
from chalicelib.commands import LogIn, SignUp, normalise_login
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import InvalidInput, Unauthorized
from chalicelib.services import alerts, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.throttles import Throttle

CATERER_FIELDS = ("business_name", "provinces", "categories")


@dataclass(frozen=True)
class Session:
    token: str
    account: Account


def sign_up(deps: Deps, command: SignUp, source: str) -> Account:
    """A new organizer or caterer account, behind the sign-up throttle (``source``: the
    client's address)."""
    throttles.enforce(deps, Throttle.SIGN_UP, source, command.email)
    role = Role(command.role)
    if role is Role.CATERER:
        missing = {f: "required for caterers" for f in CATERER_FIELDS if not getattr(command, f)}
        if missing:
            raise InvalidInput("caterers describe their business", missing)
    account = Account(
        id=str(uuid.uuid4()),
        role=role,
        name=command.name,
        email=command.email,
        phone=command.phone,
        language=command.language,
        created_at=deps.clock(),
        business_name=command.business_name if role is Role.CATERER else None,
        provinces=tuple(command.provinces) if role is Role.CATERER else (),
        categories=tuple(command.categories) if role is Role.CATERER else (),
    )
    deps.accounts.add(account, hash_password(command.password))
    return account


def create_admin(deps: Deps, email: str, phone: str, password: str) -> Account:
    """Admins are never signed up over the API; the embedded default and ops create them."""
    account = Account(
        id=str(uuid.uuid4()),
        role=Role.ADMIN,
        name="Walima admin",
        email=email.lower(),
        phone=phone,
        language=Language.FR,
        created_at=deps.clock(),
        verified=True,
    )
    deps.accounts.add(account, hash_password(password))
    return account


def log_in(deps: Deps, command: LogIn) -> Session:
    """Same answer, and about the same time, whether the login exists or not."""
    found = deps.accounts.credentials(normalise_login(command.login))
    if found is None:
        dummy_check(command.password)
        raise Unauthorized("wrong login or password")
    account, password_hash = found
    if not password_matches(password_hash, command.password):
        raise Unauthorized("wrong login or password")
    token = deps.tokens.issue(Principal(account.id, account.role))
    return Session(token, account)


def authenticate(deps: Deps, token: str | None) -> Principal:
    if not token:
        raise Unauthorized("log in first: send Authorization: Bearer <token>")
    return deps.tokens.verify(token)


def me(deps: Deps, principal: Principal) -> Account:
    return deps.accounts.get(principal.account_id)


def verify_caterer(deps: Deps, principal: Principal, caterer_id: str) -> Account:
    principal.require(Role.ADMIN)
    deps.accounts.verify(caterer_id)
    alerts.sync(deps, caterer_id)  # a verified caterer is found by tender alerts
    return deps.accounts.get(caterer_id)
