"""Sessions, for both doors: log in behind a throttle, sign up and stay logged in, and remember
the language a person chose. The token is the API's own signed token (one kind of session)."""

from __future__ import annotations

from chalicelib.commands import LogIn, SignUp, normalise_login
from chalicelib.domain.account import Principal
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import Unauthorized
from chalicelib.services import accounts, throttles
from chalicelib.services.accounts import Session
from chalicelib.services.deps import Deps
from chalicelib.services.throttles import Throttle


def log_in(deps: Deps, command: LogIn, source: str) -> Session:
    """Check the throttle, then the password. Every attempt counts, right or wrong, and the
    count happens before the password hash is computed, so a flood costs no Argon2 time."""
    throttles.enforce(deps, Throttle.LOG_IN, source, normalise_login(command.login))
    return accounts.log_in(deps, command)


def sign_up(deps: Deps, command: SignUp, source: str) -> Session:
    """Create the account and open its session at once (no second password check)."""
    return accounts.open_session(deps, accounts.sign_up(deps, command, source))


def visitor(deps: Deps, token: str | None) -> Principal | None:
    """Who holds this session cookie; None for no, expired, forged or ended sessions
    (anonymous)."""
    if not token:
        return None
    try:
        return accounts.authenticate(deps, token)
    except Unauthorized:
        return None


def choose_language(deps: Deps, principal: Principal, language: Language) -> None:
    """The account's language: pages, e-mails and SMS all follow it from now on."""
    deps.accounts.set_language(principal.account_id, language)
