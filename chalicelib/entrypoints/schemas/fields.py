"""What the answers are made of: ids, UTC moments, money as text, the ``Out`` base (other
properties allowed: the contract says "add freely"), the error shape and the downloads.

An answer is built by its model's ``of`` (from the domain's objects) and sent as
``model_dump(mode="json", exclude_unset=True)``: a field the contract shows only sometimes is
left out by not passing it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as Number
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain.money import to_text
from chalicelib.entrypoints.wire import utc

Id = Annotated[str, Field(json_schema_extra={"format": "uuid"})]


Moment = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
        json_schema_extra={"format": "date-time"},
        description="UTC, milliseconds, e.g. 2026-12-01T17:00:00.000Z",
    ),
]


MoneyText = Annotated[
    str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", description='dirhams, e.g. "12500.00"')
]


Decimal = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")

    def wire(self) -> dict[str, Any]:
        """The answer's JSON: a field left unset is left out."""
        return self.model_dump(mode="json", exclude_unset=True, by_alias=True)


def moment(value: datetime | None) -> str | None:
    return None if value is None else utc(value)


def money(value: Number | None) -> str | None:
    return None if value is None else to_text(value)


class OpenApiDocument(Out):
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


class ErrorDetail(BaseModel):
    code: str = Field(pattern=r"^[a-z_]+$")
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(BaseModel):
    """Every 4xx: ``{"error": {"code", "message", "fields"?}}``."""

    error: ErrorDetail


class ContractPdf(Out):
    """``application/pdf``: the contract in the reader's language (Arabic right to left)."""


class FeeCsv(Out):
    """``text/csv``: created_at, caterer_id, business_name, tender_id, entry_id, kind,
    amount_mad, rate, fee_mad, exempt, reverses, reason; then a total line."""
