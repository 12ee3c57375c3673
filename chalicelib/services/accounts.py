"""Sign up, log in, verify caterers."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from chalicelib.adapters.passwords import (
    dummy_check,
    guess_score,
    hash_password,
    password_matches,
)
from chalicelib.commands import ChangePassword, SignUp, normalise_login
from chalicelib.domain.account import Account, OrganizerKind, Principal, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import GUESSABLE_PASSWORD, WRONG_PASSWORD, InvalidInput, Unauthorized
from chalicelib.services import alerts, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.ports import Accounts
from chalicelib.services.throttles import Throttle

CATERER_FIELDS = ("business_name", "provinces", "categories")
SESSION_ENDED = "this session has ended: log in again"
WRONG_LOGIN = "wrong login or password"


@dataclass(frozen=True)
class Session:
    token: str
    account: Account
    principal: Principal


MIN_PASSWORD_SCORE = 3  # zxcvbn: "safely unguessable" for an online attack with throttling


def personal_words(texts: Sequence[str]) -> list[str]:
    """What a guesser knows of the account: each text, its words (``fatima``, ``amrani``,
    the e-mail's parts), all its words run together and the phone in its national form."""
    words: list[str] = []
    for text in (t.lower() for t in texts if t):
        parts = [w for w in re.split(r"[^\w]+", text) if len(w) >= 3]
        words += [text, "".join(parts), *parts]
        if text.startswith("+212"):
            words.append("0" + text.removeprefix("+212"))
    return words


def personal_words_of(account: Account) -> tuple[str, ...]:
    return (account.name, account.email, account.phone, account.business_name or "")


def check_new_password(password: str, personal: Sequence[str], field: str) -> None:
    """A new password must not be guessable, even knowing the account's name, e-mail, phone
    and business (sign-up and change; existing passwords keep working)."""
    if guess_score(password, personal_words(personal)) < MIN_PASSWORD_SCORE:
        raise InvalidInput(
            "the password is too easy to guess",
            {field: "too easy to guess: use a few unrelated words, or a longer password"},
            field_reasons={field: GUESSABLE_PASSWORD},
        )


def sign_up(deps: Deps, command: SignUp, source: str) -> Account:
    """A new organizer or caterer account, behind the sign-up throttle (``source``: the
    client's address)."""
    throttles.enforce(deps, Throttle.SIGN_UP, source, command.email)
    role = Role(command.role)
    if role is Role.CATERER:
        missing = {f: "required for caterers" for f in CATERER_FIELDS if not getattr(command, f)}
        if missing:
            raise InvalidInput("caterers describe their business", missing)
    organization = role is Role.ORGANIZER and command.organizer_kind is not OrganizerKind.INDIVIDUAL
    if organization and not command.business_name:
        raise InvalidInput(
            "an organization gives its name", {"business_name": "required for organizations"}
        )
    personal = (command.name, command.email, command.phone, command.business_name or "")
    check_new_password(command.password, personal, "password")
    account = Account(
        id=str(uuid.uuid4()),
        role=role,
        name=command.name,
        email=command.email,
        phone=command.phone,
        language=command.language,
        created_at=deps.clock(),
        business_name=command.business_name if role is Role.CATERER or organization else None,
        organizer_kind=command.organizer_kind
        if role is Role.ORGANIZER
        else OrganizerKind.INDIVIDUAL,
        provinces=tuple(command.provinces) if role is Role.CATERER else (),
        categories=tuple(command.categories) if role is Role.CATERER else (),
    )
    deps.accounts.add(account, hash_password(command.password))
    return account


def create_admin(store: Accounts, email: str, phone: str, password: str, now: datetime) -> Account:
    """Admins are never signed up over the API: the embedded default creates one, and ops
    ``make admin`` (``entrypoints/create_admin.py``), which needs only the accounts' tables."""
    account = Account(
        id=str(uuid.uuid4()),
        role=Role.ADMIN,
        name="Walima admin",
        email=email.lower(),
        phone=phone,
        language=Language.FR,
        created_at=now,
        verified=True,
    )
    store.add(account, hash_password(password))
    return account


def password_holder(deps: Deps, login: str, password: str) -> Account | None:
    """The account this login and password prove, or ``None``; about the same time whether the
    login exists or not."""
    found = deps.accounts.credentials(normalise_login(login))
    if found is None:
        dummy_check(password)
        return None
    account, password_hash = found
    return account if password_matches(password_hash, password) else None


def open_session(deps: Deps, account: Account) -> Session:
    """A new live session and the signed token that names it."""
    session_id = secrets.token_urlsafe(16)
    deps.sessions.open(session_id, account.id, deps.clock() + deps.settings.token_ttl)
    principal = Principal(account.id, account.role, session_id)
    return Session(deps.tokens.issue(principal), account, principal)


def authenticate(deps: Deps, token: str | None, *, checked_by_write: bool = False) -> Principal:
    """The token's principal, if it is signed, unexpired and its session still live (one
    read; ``checked_by_write``: the request's own write checks the session instead)."""
    if not token:
        raise Unauthorized("log in first: send Authorization: Bearer <token>")
    principal = deps.tokens.verify(token)
    if not checked_by_write and not deps.sessions.is_live(
        principal.session_id, principal.account_id, deps.clock()
    ):
        raise Unauthorized(SESSION_ENDED)
    return principal


def log_out(deps: Deps, principal: Principal) -> None:
    """End this session now: its token gets 401 from then on, on both doors."""
    deps.sessions.end(principal.session_id)


def change_password(deps: Deps, principal: Principal, command: ChangePassword, source: str) -> int:
    """A new password, if the current one is right (behind the log-in back-off); every other
    session of the account ends. How many ended."""
    account = deps.accounts.get(principal.account_id)
    right = throttles.password_attempt(
        deps, source, account.email, lambda: password_holder(deps, account.email, command.current)
    )
    if right is None:
        raise InvalidInput(
            "the current password is wrong",
            {"current": "is not your password"},
            field_reasons={"current": WRONG_PASSWORD},
        )
    check_new_password(command.new, personal_words_of(account), "new")
    deps.accounts.set_password(account.id, hash_password(command.new))
    return deps.sessions.end_others(account.id, principal.session_id)


def me(deps: Deps, principal: Principal) -> Account:
    return deps.accounts.get(principal.account_id)


def verify_caterer(deps: Deps, principal: Principal, caterer_id: str) -> Account:
    principal.require(Role.ADMIN)
    deps.accounts.verify(caterer_id, deps.clock())
    alerts.sync(deps, caterer_id)  # a verified caterer is found by tender alerts
    return deps.accounts.get(caterer_id)
