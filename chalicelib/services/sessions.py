"""Sessions for the pages: log in behind a throttle, sign up and stay logged in, and remember
the language a person chose. The token is the API's own signed token (one kind of session)."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.commands import LogIn, SignUp, normalise_login
from chalicelib.domain.account import Principal
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import RateLimited, Unauthorized
from chalicelib.services import accounts
from chalicelib.services.accounts import Session
from chalicelib.services.deps import Deps

LOGIN_WINDOW = timedelta(minutes=15)
# Per login: slows password guessing on one account to 10 tries a quarter hour.
ATTEMPTS_PER_LOGIN = 10
# Per address: stops one machine from trying many accounts, yet leaves room for the many
# phones that share one address behind a mobile operator's NAT.
ATTEMPTS_PER_SOURCE = 200


def log_in(deps: Deps, command: LogIn, source: str) -> Session:
    """Check the throttle, then the password. Every attempt counts, right or wrong, and the
    count happens before the password hash is computed, so a flood costs no Argon2 time."""
    now = deps.clock()
    limits = (
        (f"login:account:{normalise_login(command.login)}", ATTEMPTS_PER_LOGIN),
        (f"login:source:{source}", ATTEMPTS_PER_SOURCE),
    )
    for key, limit in limits:
        wait = deps.ratelimit.hit(key, limit, LOGIN_WINDOW, now)
        if wait is not None:
            raise RateLimited("too many log-in attempts; try again later", wait)
    return accounts.log_in(deps, command)


def sign_up(deps: Deps, command: SignUp) -> Session:
    """Create the account and open its session at once (no second password check)."""
    account = accounts.sign_up(deps, command)
    return Session(deps.tokens.issue(Principal(account.id, account.role)), account)


def visitor(deps: Deps, token: str | None) -> Principal | None:
    """Who holds this session cookie; None for no, expired or forged cookies (anonymous)."""
    if not token:
        return None
    try:
        return accounts.authenticate(deps, token)
    except Unauthorized:
        return None


def choose_language(deps: Deps, principal: Principal, language: Language) -> None:
    """The account's language: pages, e-mails and SMS all follow it from now on."""
    deps.accounts.set_language(principal.account_id, language)
