"""Stage settings, read once from the environment that ``.chalice/config.json`` sets per stage.

Why the environment: Chalice writes each stage's ``environment_variables`` into the Lambda
configuration, and the embedded default loads the same file, so no value lives in code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import cache

from chalicelib.domain.auction import SnipingRules
from chalicelib.domain.quota import Backoff


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` requests per ``window`` (``WALIMA_RATE_*`` is ``"count/seconds"``)."""

    count: int
    window: timedelta


# Limits on both doors (``services/throttles.py``): log-in per address (wrong passwords per
# address and login back off instead: ``WALIMA_LOGIN_BACKOFF``), password-reset codes per login
# and per address, sign-up per e-mail and per address, bids per caterer and per address, upload
# links per caterer (each one lets a file into S3), public questions per caterer, private
# messages per account.
RATE_LIMITS = (
    "login_per_ip",
    "resets_per_login",
    "resets_per_ip",
    "sign_up_per_email",
    "sign_up_per_ip",
    "bids_per_account",
    "bids_per_ip",
    "uploads_per_account",
    "questions_per_account",
    "messages_per_account",
)


def _rate(name: str) -> RateLimit:
    count, _, seconds = _env(f"WALIMA_RATE_{name.upper()}").partition("/")
    return RateLimit(int(count), timedelta(seconds=int(seconds)))


def _backoff() -> Backoff:
    """``WALIMA_LOGIN_BACKOFF`` is ``"free failures/first wait s/longest wait s"``."""
    free, first, longest = (int(part) for part in _env("WALIMA_LOGIN_BACKOFF").split("/"))
    return Backoff(free, timedelta(seconds=first), timedelta(seconds=longest))


@dataclass(frozen=True)
class Settings:
    stage: str
    table_prefix: str
    minimum_bidding_window: timedelta
    fee_rate: Decimal
    token_ttl: timedelta
    max_body_bytes: int
    sender_email: str
    closer_arn: str
    scheduler_role_arn: str
    closer_dlq_arn: str
    schedule_group: str
    token_secret: str
    token_secret_parameter: str
    confirm_window: timedelta
    sniping: SnipingRules
    rate_limits: dict[str, RateLimit]
    login_backoff: Backoff
    upload_bucket: str = ""  # caterers' photos and documents
    public_url: str = ""  # e.g. https://walima.ma: the base of every absolute link
    ocid_prefix: str = "ocds-walima"  # each tender's OCDS ocid is <prefix>-<tender id>
    carrier_email: str = ""  # a carrier's dispatch desk; none: the local stand-in carrier

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


def is_local_stage() -> bool:
    """Whether this is the local stage, read alone: ``chalice package`` imports the app with a
    deployed stage's environment, which lacks the ARNs only the template supplies."""
    return _env("WALIMA_STAGE") == "local"


def _env(name: str) -> str:
    value = os.environ.get(name)
    if value is None:
        raise RuntimeError(f"stage setting {name} is missing from .chalice/config.json")
    return value


@cache
def settings() -> Settings:
    """The settings of the running stage (cached: the environment does not change in a process)."""
    return Settings(
        stage=_env("WALIMA_STAGE"),
        table_prefix=_env("WALIMA_TABLE_PREFIX"),
        minimum_bidding_window=timedelta(seconds=int(_env("WALIMA_MIN_BIDDING_WINDOW_S"))),
        fee_rate=Decimal(_env("WALIMA_FEE_RATE")),
        token_ttl=timedelta(seconds=int(_env("WALIMA_TOKEN_TTL_S"))),
        max_body_bytes=int(_env("WALIMA_MAX_BODY_BYTES")),
        sender_email=_env("WALIMA_SENDER_EMAIL"),
        closer_arn=_env("WALIMA_CLOSER_ARN"),
        scheduler_role_arn=_env("WALIMA_SCHEDULER_ROLE_ARN"),
        closer_dlq_arn=_env("WALIMA_CLOSER_DLQ_ARN"),
        schedule_group=_env("WALIMA_SCHEDULE_GROUP"),
        token_secret=os.environ.get("WALIMA_TOKEN_SECRET", ""),
        token_secret_parameter=os.environ.get("WALIMA_TOKEN_SECRET_PARAMETER", ""),
        confirm_window=timedelta(seconds=int(_env("WALIMA_CONFIRM_S"))),
        sniping=SnipingRules(
            window=timedelta(seconds=int(_env("WALIMA_SNIPING_WINDOW_S"))),
            step=timedelta(seconds=int(_env("WALIMA_SNIPING_WINDOW_S"))),
            cap=timedelta(seconds=int(_env("WALIMA_SNIPING_CAP_S"))),
        ),
        rate_limits={name: _rate(name) for name in RATE_LIMITS},
        login_backoff=_backoff(),
        upload_bucket=_env("WALIMA_UPLOAD_BUCKET"),
        public_url=os.environ.get("WALIMA_PUBLIC_URL", "").rstrip("/"),
        ocid_prefix=_env("WALIMA_OCID_PREFIX"),
        carrier_email=os.environ.get("WALIMA_CARRIER_EMAIL", ""),
    )
