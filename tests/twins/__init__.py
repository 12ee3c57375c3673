"""In-memory twins of the tender engine's ports (``chalicelib/services/ports.py``), for
service tests that run in milliseconds.

The same service tests run on them and on moto (``tests/functional/conftest.py``: a module
with ``pytestmark = pytest.mark.twins`` runs each test on both), so a twin that drifts from
its DynamoDB repository fails a test. The twins cover the bidding core (accounts, tenders,
bids, rate limits, the chronograph's schedules); every other port is ``Uncovered`` and fails
the test that uses it, which is then marked ``moto_only`` (notices, the deal, questions).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from chalicelib.services.deps import Clock, Deps, build
from chalicelib.settings import Settings
from tests.twins.accounts import MemoryAccounts, MemoryRateLimits
from tests.twins.tenders import MemoryBids, MemoryTenders


class MemorySchedules:
    """The chronograph's one schedule per tender: when it fires next."""

    def __init__(self) -> None:
        self.at: dict[str, datetime] = {}

    def wake_at(self, tender_id: str, when: datetime) -> None:
        self.at[tender_id] = when

    def forget(self, tender_id: str) -> None:
        self.at.pop(tender_id, None)


# The ports a use case reaches only through storage the twins do not have.
UNCOVERED = (
    "questions",
    "inbox",
    "idempotency",
    "messenger",
    "fees",
    "reviews",
    "photos",
    "alerts",
    "learning",
    "uploads",
    "verification",
    "sessions",
    "contracts",
    "payments",
    "disputes",
    "deals",
    "threads",
    "insights",
    "impact",
    "joint_bids",
)


class Uncovered:
    """Stands for a port the twins do not cover: using it fails the test, which must then be
    ``moto_only``; a twin never mixes with moto's state."""

    def __init__(self, port: str) -> None:
        self.port = port

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the twins have no {self.port}.{name}: mark the test moto_only")


def twins(settings: Settings, token_secret: str, clock: Clock) -> Deps:
    """``Deps`` whose tender engine lives in memory, with the clock and the pure ports (the
    tokens, the metrics) as ``build`` makes them."""
    accounts, limits, tenders = MemoryAccounts(), MemoryRateLimits(), MemoryTenders()
    uncovered: dict[str, Any] = {port: Uncovered(port) for port in UNCOVERED}
    return dataclasses.replace(
        build(settings, token_secret, clock),
        **uncovered,
        accounts=accounts,
        tenders=tenders,
        history=tenders.history,
        bids=MemoryBids(tenders, accounts, limits),
        ratelimit=limits,
        scheduler=MemorySchedules(),
    )
