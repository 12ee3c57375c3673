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


def log_in(deps: Deps, command: LogIn, source: str) -> Session:
    """The password, behind the address's flood limit and the back-off of wrong passwords
    from this address at this login (``throttles.password_attempt``)."""
    login = normalise_login(command.login)
    account = throttles.password_attempt(
        deps, source, login, lambda: accounts.password_holder(deps, login, command.password)
    )
    if account is None:
        raise Unauthorized(accounts.WRONG_LOGIN)
    return accounts.open_session(deps, account)


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
