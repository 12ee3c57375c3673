"""Uploads, and a caterer's verification: submitted, then decided by an admin."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    StringConstraints,
)

from chalicelib.commands.fields import (
    Command,
    printable,
)


class RequestUpload(Command):
    """``POST /api/me/uploads``: a presigned POST for one file (the purpose bounds type and
    size)."""

    purpose: Literal["photo", "document"]
    content_type: Annotated[str, StringConstraints(min_length=1, max_length=100)]


BusinessNumberText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)
]


class SubmitVerification(Command):
    """``POST /api/me/verification``: the ICE or the cooperative number, and the document."""

    ice: BusinessNumberText | None = None
    cooperative_number: BusinessNumberText | None = None
    document_key: Annotated[str, StringConstraints(min_length=1, max_length=500)]


Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(printable)
]


class DecideVerification(Command):
    """``POST /api/caterers/{id}/verification``: no body approves; a rejection says why."""

    decision: Literal["approve", "reject"] = "approve"
    reason: Reason | None = None
