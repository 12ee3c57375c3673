"""A small vocabulary for functional tests: make people and tenders through the real services."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal
from typing import Any

from chalicelib.commands import PlaceBid, PostTender, SignUp
from chalicelib.domain.account import Principal
from chalicelib.domain.bid import Bid
from chalicelib.domain.tender import Tender
from chalicelib.services import accounts, bidding, tenders
from chalicelib.services.deps import Deps
from chalicelib.settings import RateLimit
from tests.bodies import sign_up_body
from tests.conftest import Clock


def tender_body(clock: Clock, seconds: float = 3600, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Mariage à Agadir",
        "event_type": "wedding",
        "event_date": (clock.now + timedelta(days=30)).date().isoformat(),
        "province": "agadir-ida-outanane",
        "venue": "Founty",
        "guests": 200,
        "menu": ["pastilla", "méchoui"],
        "service_style": "buffet",
        "mode": "sealed",
        "bid_deadline": (clock.now + timedelta(seconds=seconds)).isoformat(),
    } | extra


def limited(deps: Deps, **limits: RateLimit) -> Deps:
    """``deps`` with some of the stage's rate limits lowered, as a stage's settings set them."""
    rates = deps.settings.rate_limits | limits
    return dataclasses.replace(deps, settings=dataclasses.replace(deps.settings, rate_limits=rates))


SOURCE = "192.0.2.1"  # the client address the World's requests count against


class World:
    def __init__(self, deps: Deps, clock: Clock) -> None:
        self.deps = deps
        self.clock = clock

    def organizer(self, **extra: Any) -> Principal:
        account = accounts.sign_up(self.deps, SignUp.model_validate(sign_up_body(**extra)), SOURCE)
        return Principal(account.id, account.role)

    def caterer(self, verified: bool = True, **extra: Any) -> Principal:
        body = sign_up_body("caterer", **extra)
        account = accounts.sign_up(self.deps, SignUp.model_validate(body), SOURCE)
        if verified:
            self.deps.accounts.verify(account.id, self.clock.now)
        return Principal(account.id, account.role)

    def tender(self, organizer: Principal, seconds: float = 3600, **extra: Any) -> Tender:
        command = PostTender.model_validate(tender_body(self.clock, seconds, **extra))
        return tenders.post_tender(self.deps, organizer, command)

    def bid(self, caterer: Principal, tender: Tender, amount: str, proposal: str = "") -> Bid:
        command = PlaceBid(amount_mad=Decimal(amount), proposal=proposal)
        return bidding.place_bid(self.deps, caterer, tender.id, command, SOURCE)
