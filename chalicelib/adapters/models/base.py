"""What every table shares: its stage-scoped name, money as Decimal, and the process's one
DynamoDB connection."""

from __future__ import annotations

import os
from decimal import Decimal

from pynamodb.attributes import Attribute
from pynamodb.connection.table import TableConnection
from pynamodb.constants import NUMBER
from pynamodb.models import Model

from chalicelib.adapters.aws import dynamodb, share_session_with_pynamodb

share_session_with_pynamodb()


def table_name(short: str) -> str:
    """Tables are named per stage (``walima-prod-tenders``) so stages never share data."""
    return os.environ.get("WALIMA_TABLE_PREFIX", "walima-local-") + short


class MoneyAttribute(Attribute[Decimal]):
    """A DynamoDB number read back as ``Decimal`` (PynamoDB's NumberAttribute yields floats)."""

    attr_type = NUMBER

    def serialize(self, value: Decimal) -> str:
        return f"{value:.2f}"

    def deserialize(self, value: str) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))


class OnDemand:
    """Every table's ``Meta`` base: billed per request, no capacity to plan."""

    billing_mode = "PAY_PER_REQUEST"


class Table(Model):
    """A model whose table is reached through the process's one DynamoDB connection
    (``aws.dynamodb()``), not a connection (and botocore client) of its own."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        if table.connection is not dynamodb():
            dynamodb().add_meta_table(table.get_meta_table())
            table.connection = dynamodb()
        return table
