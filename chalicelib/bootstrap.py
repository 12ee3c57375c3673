"""Builds the process-wide ``Deps`` on first use (not at import: cold start stays small)."""

from __future__ import annotations

from functools import cache

from chalicelib.services.deps import Deps, build
from chalicelib.settings import Settings, settings


def token_secret(stage: Settings) -> str:
    """The signing secret: from the environment locally, from SSM Parameter Store on AWS."""
    if stage.token_secret:
        return stage.token_secret
    if not stage.token_secret_parameter:
        raise RuntimeError("set WALIMA_TOKEN_SECRET or WALIMA_TOKEN_SECRET_PARAMETER")
    from chalicelib.adapters.aws import client

    answer = client("ssm").get_parameter(Name=stage.token_secret_parameter, WithDecryption=True)
    return str(answer["Parameter"]["Value"])


@cache
def deps() -> Deps:
    stage = settings()
    return build(stage, token_secret(stage))
