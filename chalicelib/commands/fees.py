"""Fee exemptions and the ledger's query."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    ConfigDict,
    Field,
)

from chalicelib.commands.fields import (
    Command,
    Cursor,
    Text,
)


class GrantExemption(Command):
    reason: Text
    programme: Text


class FeesQuery(Command):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100
