"""One throttle policy for every door: which stage limits each action counts, and against what.

The API and the pages call the same use cases, and the use cases apply these limits, so a bid,
a log-in, a sign-up, an upload link, a question or a message meets the same limits whichever door it
came through. Limits counted per address come first: a flood from one address is cut before
anything costly (a password hash) is done. A bid's hits are not counted here but carried by
its own write (``quotas``), so a bid stays one DynamoDB request.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from chalicelib.domain.errors import RateLimited
from chalicelib.domain.quota import Quota, quota
from chalicelib.services.deps import Deps

T = TypeVar("T")


class Throttle(StrEnum):
    LOG_IN = "log_in"
    RESET = "reset"
    SIGN_UP = "sign_up"
    BID = "bid"
    UPLOAD = "upload"
    QUESTION = "question"
    MESSAGE = "message"


# The stage limits (``settings.RATE_LIMITS``) each action counts; ``*_per_ip`` ones count the
# client's address, the others the subject (the login, the e-mail, the account).
POLICY: dict[Throttle, tuple[str, ...]] = {
    Throttle.LOG_IN: ("login_per_ip",),  # and the (address, login) back-off: ``password_attempt``
    Throttle.RESET: ("resets_per_ip", "resets_per_login"),
    Throttle.SIGN_UP: ("sign_up_per_ip", "sign_up_per_email"),
    Throttle.BID: ("bids_per_ip", "bids_per_account"),
    Throttle.UPLOAD: ("uploads_per_account",),
    Throttle.QUESTION: ("questions_per_account",),
    Throttle.MESSAGE: ("messages_per_account",),
}

SLOW_DOWN = "too many requests: slow down and try again later"


def quotas(deps: Deps, throttle: Throttle, source: str, subject: str) -> tuple[Quota, ...]:
    """The hits this action makes, for the write that carries them (or for ``enforce``)."""
    limits, now = deps.settings.rate_limits, deps.clock()
    return tuple(
        quota(
            f"{name}:{source if name.endswith('_per_ip') else subject}",
            limits[name].count,
            limits[name].window,
            now,
        )
        for name in POLICY[throttle]
    )


def enforce(deps: Deps, throttle: Throttle, source: str, subject: str) -> None:
    """Count this action against each of its limits; ``RateLimited`` as soon as one is spent."""
    for hit in quotas(deps, throttle, source, subject):
        wait = deps.ratelimit.hit(hit)
        if wait is not None:
            raise RateLimited(SLOW_DOWN, wait)


def password_attempt(
    deps: Deps, source: str, login: str, check: Callable[[], T | None]
) -> T | None:
    """Check a password (``check``: what it proves, ``None`` if wrong) behind the address's
    flood limit and the back-off of this (address, login): a wrong one counts a failure, a right
    one forgets them. Counted before ``check`` runs, so a flood costs no Argon2 time."""
    enforce(deps, Throttle.LOG_IN, source, login)
    key, now = f"login_failures:{source}|{login}", deps.clock()
    failed = deps.ratelimit.failures(key)
    wait = deps.settings.login_backoff.wait(*failed, now) if failed else None
    if wait is not None:
        raise RateLimited(SLOW_DOWN, wait)
    proof = check()
    if proof is None:
        deps.ratelimit.fail(key, now)
    elif failed:
        deps.ratelimit.forget(key)
    return proof
