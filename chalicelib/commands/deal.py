"""After the award: reasons, payments, the delivery code, disputes and reviews."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from chalicelib.commands.fields import (
    Command,
    Cursor,
    OneTimeCode,
    printable,
)
from chalicelib.domain.contract import MilestoneKind, PaymentMethod
from chalicelib.domain.errors import NotFound
from chalicelib.domain.shipment import ShipmentStatus


class GiveReason(Command):
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=1000),
        AfterValidator(printable),
    ]


class RecordPayment(Command):
    method: Annotated[PaymentMethod, Field(strict=False)]


class MoveShipment(Command):
    status: Annotated[ShipmentStatus, Field(strict=False)]


class EnterDeliveryCode(Command):
    code: OneTimeCode


class DisputesQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None


class DecideDispute(Command):
    decision: Literal["upheld", "dismissed"]
    note: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=1000),
        AfterValidator(printable),
    ]


def milestone_kind(text: str) -> MilestoneKind:
    """A milestone named in a path (``deposit`` or ``balance``); no other exists."""
    try:
        return MilestoneKind(text)
    except ValueError as error:
        raise NotFound("no such milestone") from error


class PostReview(Command):
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(printable)
    ] = ""


class ReplyToReview(Command):
    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
        AfterValidator(printable),
    ]


class ReviewsQuery(Command):
    """``GET /api/caterers/{id}?cursor=``: the next page of the caterer's reviews."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None
