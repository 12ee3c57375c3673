from __future__ import annotations

import os

import pytest

from chalicelib.services.deps import Deps, build
from chalicelib.settings import settings
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.twins import twins

BACKENDS = ("moto", "memory")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A ``twins`` module's tests run on both backends (``moto_only`` ones on moto)."""
    node = metafunc.definition
    on_both = node.get_closest_marker("twins") and not node.get_closest_marker("moto_only")
    if on_both and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend() -> str:
    return "moto"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deps(backend: str, request: pytest.FixtureRequest, clock: Clock) -> Deps:
    secret = os.environ["WALIMA_TOKEN_SECRET"]
    if backend == "memory":
        return twins(settings(), secret, clock)
    request.getfixturevalue("aws")  # fresh moto state
    return build(settings(), secret, clock)


@pytest.fixture
def world(deps: Deps, clock: Clock) -> World:
    return World(deps, clock)
