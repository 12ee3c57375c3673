"""Open data's answers: a tender's history, and its OCDS packages (their releases are the
official OCDS 1.1 schema's, which the tests validate them against; here they stay objects)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from chalicelib.domain.account import Role, Viewer
from chalicelib.domain.bid import Bid
from chalicelib.domain.history import Action, Step
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.money import to_text
from chalicelib.entrypoints.schemas.fields import Id, Moment, MoneyText, Out
from chalicelib.entrypoints.wire import utc
from chalicelib.services.open_data import TenderHistory

Release = dict[str, Any]


class StepOut(Out):
    """One change of the tender's state; ``actor_id`` only for admins and for one's own."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    at: Moment
    actor_role: Literal["organizer", "caterer", "admin", "system"]
    actor_id: Id | None = None
    action: Action
    before: TenderStatus | None = Field(alias="from", description="null for the first step")
    after: TenderStatus = Field(alias="to")
    reason: str

    @classmethod
    def of(cls, step: Step, viewer: Viewer) -> StepOut:
        shown: dict[str, Any] = {
            "at": utc(step.at),
            "actor_role": step.actor.role,
            "action": step.action,
            "from": step.before,
            "to": step.after,
            "reason": step.reason,
        }
        own = step.actor.account_id is not None and step.actor.account_id == viewer.account_id
        if viewer.role is Role.ADMIN or own:
            shown["actor_id"] = step.actor.account_id
        return cls.model_validate(shown)


class BidRevisionOut(Out):
    """Every amount a caterer bid, and its withdrawals: the organizer's, after the close."""

    bid_id: Id
    caterer_id: Id
    amount_mad: MoneyText
    at: Moment
    withdrawn: bool

    @classmethod
    def of(cls, bid: Bid, withdrawn: bool) -> BidRevisionOut:
        return cls(
            bid_id=bid.id,
            caterer_id=bid.caterer_id,
            amount_mad=to_text(bid.amount),
            at=utc(bid.submitted_at),
            withdrawn=withdrawn,
        )


class HistoryPage(Out):
    items: list[StepOut] = Field(description="oldest first, in the order the steps took effect")
    next: str | None = Field(description="always null: a tender's history is one page")
    bid_revisions: list[BidRevisionOut] | None = None

    @classmethod
    def of(cls, found: TenderHistory, viewer: Viewer) -> HistoryPage:
        page = cls(items=[StepOut.of(s, viewer) for s in found.steps], next=None)
        if found.revisions:
            page.bid_revisions = [BidRevisionOut.of(b, w) for b, w in found.revisions]
        return page


class PackageOut(Out):
    """What an OCDS 1.1 release package and record package share."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    uri: str
    version: Literal["1.1"]
    extensions: list[str]
    published_date: str = Field(alias="publishedDate")
    publisher: dict[str, str]


class ReleasePackageOut(PackageOut):
    """An OCDS 1.1 release package (``next``: the index's cursor to its following page)."""

    releases: list[Release]
    next: str | None = None


class RecordPackageOut(PackageOut):
    """An OCDS 1.1 record package: the tender's releases and their compiled release."""

    records: list[Release]
