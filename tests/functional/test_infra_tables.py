"""infra/resources.json is generated from the models and describes the tables moto makes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pynamodb.constants import NUMBER
from pynamodb.models import Model

from chalicelib.adapters.aws import client
from chalicelib.adapters.models import ALL_MODELS, TTL_ATTRIBUTES
from infra import tables


def declared(model: type[Model]) -> dict[str, Any]:
    template = json.loads(tables.OUTPUT.read_text())
    properties: dict[str, Any] = template["Resources"][tables.logical_id(model)]["Properties"]
    return properties


def indexes(found: list[dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
    return {i["IndexName"]: (i["KeySchema"], i["Projection"]) for i in found}


def test_the_committed_template_is_what_the_models_generate() -> None:
    assert tables.OUTPUT.read_text() == tables.render(), "stale: run python -m infra.tables"


def test_the_committed_policy_files_are_what_the_generator_writes() -> None:
    for path, text in tables.policy_files().items():
        assert path.read_text() == text, f"{path.name} stale: run python -m infra.tables"


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_each_table_matches_the_one_created_from_its_model(aws: str, model: type[Model]) -> None:
    table = declared(model)
    actual = client("dynamodb").describe_table(TableName=model.Meta.table_name)["Table"]

    assert table["KeySchema"] == actual["KeySchema"]
    assert table["AttributeDefinitions"] == sorted(
        actual["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    assert table["BillingMode"] == actual["BillingModeSummary"]["BillingMode"]
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        assert indexes(table.get(kind, [])) == indexes(actual.get(kind, []))


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_each_table_is_protected_and_expires_only_on_a_number(model: type[Model]) -> None:
    table = declared(model)

    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["DeletionProtectionEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    ttl = TTL_ATTRIBUTES.get(model)
    assert table.get("TimeToLiveSpecification") == (
        None if ttl is None else {"AttributeName": ttl, "Enabled": True}
    )
    if ttl is not None:
        assert model.get_attributes()[ttl].attr_type == NUMBER  # DynamoDB TTL reads epoch numbers
