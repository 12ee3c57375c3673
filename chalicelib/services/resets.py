"""A forgotten password: a 6-digit code goes to the login's phone (SMS) or e-mail, and the code
with a new password sets it and ends every session of the account.

The request says the same (202) whether the login exists or not, so it tells no one who has
an account. The code is kept only as a keyed digest on the account item, good for 15 minutes
and 5 wrong tries; a new request replaces it. Requests are limited per login and per address,
confirmations share the log-in's limit per address.
"""

from __future__ import annotations

import logging
import secrets

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib import i18n
from chalicelib.adapters.passwords import hash_password
from chalicelib.commands import ConfirmReset, RequestReset, normalise_login
from chalicelib.domain.account import RESET_LIFETIME, Account, PasswordReset
from chalicelib.domain.codes import CODE_SPACE, code_of, same_code
from chalicelib.domain.errors import EXPIRED_CODE, WRONG_CODE, InvalidInput
from chalicelib.domain.notice_policy import Channel
from chalicelib.i18n import N_
from chalicelib.services import accounts, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.throttles import Throttle

logger = logging.getLogger(__name__)

SUBJECT = N_("Your Walima password reset code")
TEXT = N_(
    "Your Walima code is %(code)s. It resets your password within %(minutes)s minutes. "
    "If you did not ask for it, ignore this message: your password stays as it is."
)
PURPOSE = "password-reset"


def request(deps: Deps, command: RequestReset, source: str) -> Channel:
    """Send a reset code to the login, if it is an account's; by which channel it goes (the
    login says: a phone or an e-mail), the same answer whether it is an account's or not."""
    login = normalise_login(command.login)
    channel = Channel.SMS if login.startswith("+") else Channel.EMAIL
    throttles.enforce(deps, Throttle.RESET, source, login)
    found = deps.accounts.credentials(login)
    if found is not None:
        account, code = found[0], code_of(secrets.randbelow(CODE_SPACE))
        reset = PasswordReset(digest(deps, account.id, code), deps.clock() + RESET_LIFETIME)
        deps.accounts.start_reset(account.id, reset)
        _send(deps, account, channel, code)
    return channel


def confirm(deps: Deps, command: ConfirmReset, source: str) -> int:
    """The new password, if the code is the one sent and still good; every session of the
    account ends (whoever knew the old password is out). How many sessions ended."""
    login = normalise_login(command.login)
    throttles.enforce(deps, Throttle.LOG_IN, source, login)
    found = deps.accounts.credentials(login)
    account = found[0] if found else None
    reset = account.password_reset if account else None
    if account is None or reset is None or not reset.usable(deps.clock()):
        raise _no_code()
    if not same_code(digest(deps, account.id, command.code), reset.digest):
        if not deps.accounts.count_wrong_reset_code(account.id, reset.digest):
            raise _no_code()
        raise _wrong(reset.tries_left - 1)
    accounts.check_new_password(command.new, accounts.personal_words_of(account), "new")
    if not deps.accounts.reset_password(account.id, reset.digest, hash_password(command.new)):
        raise _no_code()
    return deps.sessions.end_others(account.id, kept="")


def digest(deps: Deps, account_id: str, code: str) -> str:
    """What is kept of a code: only the server can make it, so a copy of the table does not
    give the code away."""
    return deps.tokens.digest(PURPOSE, f"{account_id}:{code}")


def _send(deps: Deps, account: Account, channel: Channel, code: str) -> None:
    """A failed send is logged, and the person asks again."""
    text = i18n.say(account.language, TEXT, code=code, minutes=RESET_LIFETIME.seconds // 60)
    try:
        if channel is Channel.SMS:
            deps.messenger.sms(account.phone, text)
        else:
            deps.messenger.email(account.email, i18n.say(account.language, SUBJECT), text)
    except (BotoCoreError, ClientError):
        deps.metrics.count("NotificationsFailed")
        logger.exception("the reset code for %s could not be sent", account.id)


def _wrong(left: int) -> InvalidInput:
    return InvalidInput(
        "that is not the code we sent",
        {"code": f"wrong code: {left} tries left"},
        field_reasons={"code": WRONG_CODE},
    )


def _no_code() -> InvalidInput:
    """No code to try (never asked, expired, used, or out of tries): the same answer for all,
    and for a login that is no account."""
    return InvalidInput(
        "no valid code for this login: ask for a new one",
        {"code": "expired or used up: ask for a new code"},
        field_reasons={"code": EXPIRED_CODE},
    )
