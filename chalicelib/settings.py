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
    schedule_group: str
    token_secret: str
    token_secret_parameter: str

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


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
        schedule_group=_env("WALIMA_SCHEDULE_GROUP"),
        token_secret=os.environ.get("WALIMA_TOKEN_SECRET", ""),
        token_secret_parameter=os.environ.get("WALIMA_TOKEN_SECRET_PARAMETER", ""),
    )
