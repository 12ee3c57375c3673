"""CloudFormation for Walima's tables, generated from the PynamoDB models, and the rest of the
stack (``infra/stack.py``): the fragment ``chalice package --merge-template`` merges.

Why generated: ``chalicelib/adapters/models/`` is the one definition of every table and index.
The embedded default creates its tables from those classes and this script writes
``infra/resources.json`` from the same classes (through PynamoDB's own ``_get_schema()``, the
schema ``create_table`` sends), so local and deployed tables cannot drift apart; a test
regenerates the file and compares it, and compares each table with the one moto creates.

    python -m infra.tables           # rewrite infra/resources.json and .chalice/policy-*.json
    python -m infra.tables --check   # exit 1 if any of them is stale

The output is a template fragment for ``chalice package --merge-template infra/resources.json``.
Names are ``<app>-${Stage}-<table>``: the ``Stage`` parameter must be the Chalice stage packaged,
whose ``WALIMA_TABLE_PREFIX`` and ``WALIMA_SCHEDULE_GROUP`` this script checks against the names.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pynamodb.models import Model

from chalicelib.adapters.models import ALL_MODELS, TTL_ATTRIBUTES, table_name
from infra import stack

PROJECT = Path(__file__).resolve().parents[1]
OUTPUT = PROJECT / "infra" / "resources.json"
CONFIG = PROJECT / ".chalice" / "config.json"
LOCAL_STAGE = "local"  # the embedded default: moto, never deployed

Json = dict[str, Any]


def deployed_stages(config: Json) -> list[str]:
    """The stages the template may be deployed as, once their names are checked to match it."""
    app = config["app_name"]
    stages = sorted(s for s in config["stages"] if s != LOCAL_STAGE)
    for stage in stages:
        env = config["stages"][stage].get("environment_variables", {})
        expected = {
            "WALIMA_TABLE_PREFIX": f"{app}-{stage}-",
            "WALIMA_SCHEDULE_GROUP": f"{app}-{stage}",
        }
        for name, value in expected.items():
            if env.get(name) != value:
                raise SystemExit(f".chalice/config.json stage {stage}: {name} must be {value!r}")
    return stages


def short_name(model: type[Model]) -> str:
    """``accounts`` from ``walima-local-accounts``: the table name without the stage prefix."""
    prefix, name = table_name(""), model.Meta.table_name
    if not name.startswith(prefix):
        raise SystemExit(f"{model.__name__}: table {name!r} does not start with {prefix!r}")
    return name.removeprefix(prefix)


def logical_id(model: type[Model]) -> str:
    """``BidRevisionsTable`` for ``bid-revisions``."""
    return "".join(part.capitalize() for part in short_name(model).split("-")) + "Table"


def _keys(schema: Iterable[Mapping[str, Any]]) -> list[Json]:
    """HASH before RANGE, as DynamoDB requires (PynamoDB sorts the same way when it creates)."""
    keys = [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in schema]
    return sorted(keys, key=lambda k: str(k["KeyType"]))


def _indexes(indexes: Iterable[Mapping[str, Any]]) -> list[Json]:
    return [
        {
            "IndexName": index["index_name"],
            "KeySchema": _keys(index["key_schema"]),
            "Projection": dict(index["projection"]),
        }
        for index in sorted(indexes, key=lambda i: i["index_name"])
    ]


def table_resource(model: type[Model], app: str) -> Json:
    schema = model._get_schema()
    definitions = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    properties: Json = {
        "TableName": {"Fn::Sub": f"{app}-${{Stage}}-{short_name(model)}"},
        "BillingMode": model.Meta.billing_mode,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in sorted(definitions.items())
        ],
        "KeySchema": _keys(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
        "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"},
    }
    if schema["global_secondary_indexes"]:
        properties["GlobalSecondaryIndexes"] = _indexes(schema["global_secondary_indexes"])
    if schema["local_secondary_indexes"]:
        properties["LocalSecondaryIndexes"] = _indexes(schema["local_secondary_indexes"])
    if model in TTL_ATTRIBUTES:
        properties["TimeToLiveSpecification"] = {
            "AttributeName": TTL_ATTRIBUTES[model],
            "Enabled": True,
        }
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": properties,
    }


def template(config: Json | None = None) -> Json:
    config = config or json.loads(CONFIG.read_text())
    app = config["app_name"]
    stages = deployed_stages(config)
    resources: Json = {logical_id(m): table_resource(m, app) for m in ALL_MODELS}
    resources["CloseSchedulesGroup"] = {
        "Type": "AWS::Scheduler::ScheduleGroup",
        "Properties": {"Name": {"Fn::Sub": f"{app}-${{Stage}}"}},
    }
    tables = [short_name(m) for m in ALL_MODELS]
    resources |= stack.functions_wiring(app, tables, config)
    resources |= stack.scheduling(app)
    resources |= stack.alarms(app)
    resources |= stack.email(app)
    resources |= stack.uploads(app)  # caterers' photos and documents
    return {
        "Parameters": {
            "Stage": {
                "Type": "String",
                "AllowedValues": stages,
                "Description": "The Chalice stage packaged (names every resource)",
            }
        },
        "Mappings": {
            "StageSettings": {stage: stack.stage_settings(config, stage) for stage in stages}
        },
        "Resources": resources,
        "Outputs": stack.outputs(),
    }


def policy_files(config: Json | None = None) -> dict[Path, str]:
    """``.chalice/policy-<stage>-<function>.json``: each function's policy, for Chalice."""
    config = config or json.loads(CONFIG.read_text())
    app = config["app_name"]
    tables = [short_name(m) for m in ALL_MODELS]
    files: dict[Path, str] = {}
    for stage in deployed_stages(config):
        env = config["stages"][stage].get("environment_variables", {})
        values = stack.stage_settings(config, stage)
        for function in stack.FUNCTIONS:
            document = stack.policy(function, app, tables, env)
            rendered = stack.for_policy_file(document, stage, values)
            path = CONFIG.parent / stack.policy_file_name(stage, function)
            files[path] = json.dumps(rendered, indent=2) + "\n"
    return files


def render() -> str:
    return json.dumps(template(), indent=2, ensure_ascii=False) + "\n"


def outputs() -> dict[Path, str]:
    return {OUTPUT: render(), **policy_files()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    files = outputs()
    if args.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
        for path in stale:
            print(f"{path} is stale: run python -m infra.tables", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text)
    print(f"wrote {OUTPUT.relative_to(PROJECT)} ({len(ALL_MODELS)} tables) and the policy files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
