"""One throttle policy for every door: which stage limits each action counts, and against what.

The API and the pages call the same use cases, and the use cases apply these limits, so a bid,
a log-in, a sign-up, an upload link or a question meets the same limits whichever door it
came through. Limits counted per address come first: a flood from one address is cut before
anything costly (a password hash) is done. A bid's hits are not counted here but carried by
its own write (``quotas``), so a bid stays one DynamoDB request.
"""

from __future__ import annotations

from enum import StrEnum

from chalicelib.domain.errors import RateLimited
from chalicelib.domain.quota import Quota, quota
from chalicelib.services.deps import Deps


class Throttle(StrEnum):
    LOG_IN = "log_in"
    SIGN_UP = "sign_up"
    BID = "bid"
    UPLOAD = "upload"
    QUESTION = "question"


# The stage limits (``settings.RATE_LIMITS``) each action counts; ``*_per_ip`` ones count the
# client's address, the others the subject (the login tried, the e-mail, the account).
POLICY: dict[Throttle, tuple[str, ...]] = {
    Throttle.LOG_IN: ("login_per_ip", "login_per_account"),
    Throttle.SIGN_UP: ("sign_up_per_ip", "sign_up_per_email"),
    Throttle.BID: ("bids_per_ip", "bids_per_account"),
    Throttle.UPLOAD: ("uploads_per_account",),
    Throttle.QUESTION: ("questions_per_account",),
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
