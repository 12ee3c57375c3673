from __future__ import annotations

import pytest

from chalicelib.services.deps import Deps, build
from chalicelib.settings import settings
from tests.conftest import Clock
from tests.functional.helpers import World


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deps(aws: str, clock: Clock) -> Deps:
    import os

    return build(settings(), os.environ["WALIMA_TOKEN_SECRET"], clock)


@pytest.fixture
def world(deps: Deps, clock: Clock) -> World:
    return World(deps, clock)
