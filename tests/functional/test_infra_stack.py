"""The packaged template (Chalice's output merged with infra/resources.json), built offline:
cfn-lint clean, every function named, wired and given a least-privilege policy, the alarms and
the scheduler's role and dead-letter queue in place, and the ARNs the code needs really are the
closer's, the role's and the queue's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from chalicelib.adapters.models import ALL_MODELS
from infra import stack, tables

PROJECT = Path(__file__).resolve().parents[2]
ACCOUNT, REGION = "111122223333", "eu-west-3"
STAGES = ("dev", "prod")


def clean_environment() -> dict[str, str]:
    """Only what ``chalice package`` would see on a build machine: no stage, no moto."""
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    return env | {"AWS_DEFAULT_REGION": REGION, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module", params=STAGES)
def packaged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"package-{request.param}")
    subprocess.run(
        [sys.executable, "-m", "infra.package", "--stage", request.param, str(out)],
        cwd=PROJECT,
        env=clean_environment(),
        check=True,
        capture_output=True,
    )
    return out / "sam.json"


@pytest.fixture(scope="module")
def template(packaged: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(packaged.read_text())
    return loaded


def stage_of(packaged: Path) -> str:
    return packaged.parent.name.split("-")[1].rstrip("0123456789")


# --- resolving the intrinsic functions the template uses, as CloudFormation would ------------


class Resolver:
    def __init__(self, template: dict[str, Any], stage: str) -> None:
        self.template = template
        self.resources: dict[str, Any] = template["Resources"]
        self.refs = {
            "Stage": stage,
            "AWS::AccountId": ACCOUNT,
            "AWS::Region": REGION,
            "AWS::Partition": "aws",
        }

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1 or not next(iter(value)).startswith(("Fn::", "Ref")):
            return {k: self(v) for k, v in value.items()}
        (name, argument), *_ = value.items()
        if name == "Ref":
            return self.ref(argument)
        if name == "Fn::GetAtt":
            return self.get_att(*argument)
        if name == "Fn::FindInMap":
            mapping, key, field = self(argument)
            return self.template["Mappings"][mapping][key][field]
        if name == "Fn::Join":
            return argument[0].join(self(argument[1]))
        if name == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            values = {k: str(self(v)) for k, v in variables.items()}
            return re.sub(
                r"\$\{([^}]+)\}",
                lambda m: values.get(m.group(1)) or str(self.sub_value(m.group(1))),
                text,
            )
        raise AssertionError(f"unexpected intrinsic {name}")

    def sub_value(self, name: str) -> Any:
        if "." in name:
            return self.get_att(*name.split(".", 1))
        return self.ref(name)

    def ref(self, name: str) -> Any:
        if name in self.refs:
            return self.refs[name]
        resource = self.resources[name]
        properties = resource.get("Properties", {})
        for key in ("FunctionName", "RoleName", "TopicName", "Name", "TableName"):
            if key in properties:
                return self(properties[key])
        if resource["Type"] == "AWS::SQS::Queue":
            return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{self(properties['QueueName'])}"
        return name

    def get_att(self, name: str, attribute: str) -> Any:
        resource = self.resources[name]
        properties = resource.get("Properties", {})
        kind = resource["Type"]
        if kind == "AWS::Serverless::Function" and attribute == "Arn":
            return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self(properties['FunctionName'])}"
        if kind == "AWS::IAM::Role" and attribute == "Arn":
            return f"arn:aws:iam::{ACCOUNT}:role/{self(properties.get('RoleName', name))}"
        if kind == "AWS::SQS::Queue":
            queue = self(properties["QueueName"])
            return queue if attribute == "QueueName" else f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}"
        raise AssertionError(f"unexpected GetAtt {name}.{attribute}")


@pytest.fixture(scope="module")
def resolve(template: dict[str, Any], packaged: Path) -> Resolver:
    return Resolver(template, stage_of(packaged))


def of_type(template: dict[str, Any], kind: str) -> dict[str, Any]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def policies(template: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, role in of_type(template, "AWS::IAM::Role").items():
        for item in role["Properties"].get("Policies", []):
            yield name, item["PolicyDocument"]
    for name, item in of_type(template, "AWS::IAM::Policy").items():
        yield name, item["Properties"]["PolicyDocument"]


def role_policy(template: dict[str, Any], resolve: Resolver, function: stack.Function) -> Any:
    role = resolve(template["Resources"][function.role_id]["Properties"])
    (document,) = [p["PolicyDocument"] for p in role["Policies"]]
    return document


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- tests --------------------------------------------------------------------------------


def test_the_packaged_template_is_cfn_lint_clean(packaged: Path) -> None:
    linted = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(packaged)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert linted.stdout == ""


def test_every_function_is_named_wired_and_logged(
    template: dict[str, Any], resolve: Resolver, packaged: Path
) -> None:
    functions = of_type(template, "AWS::Serverless::Function")
    assert set(functions) == {f.logical_id for f in stack.FUNCTIONS}, "a new function in app.py?"
    stage = stage_of(packaged)
    closer = resolve({"Fn::GetAtt": ["CloseTender", "Arn"]})
    for function in stack.FUNCTIONS:
        properties = functions[function.logical_id]["Properties"]
        assert resolve(properties["FunctionName"]) == f"walima-{stage}-{function.name}"
        assert resolve(properties["Role"]) == resolve({"Fn::GetAtt": [function.role_id, "Arn"]})
        env = resolve(properties["Environment"]["Variables"])
        assert env["WALIMA_STAGE"] == stage
        assert env["WALIMA_CLOSER_ARN"] == closer
        assert (
            env["WALIMA_SCHEDULER_ROLE_ARN"]
            == f"arn:aws:iam::{ACCOUNT}:role/walima-{stage}-scheduler"
        )
        assert (
            env["WALIMA_CLOSER_DLQ_ARN"]
            == f"arn:aws:sqs:{REGION}:{ACCOUNT}:walima-{stage}-closer-dlq"
        )
        assert properties["Tracing"] == "Active"
        log_group = template["Resources"][f"{function.logical_id}LogGroup"]["Properties"]
        assert resolve(log_group["LogGroupName"]) == f"/aws/lambda/walima-{stage}-{function.name}"
        assert log_group["RetentionInDays"] == stack.RETENTION_DAYS


def test_the_scheduler_role_invokes_the_closer_and_fills_the_dead_letter_queue(
    template: dict[str, Any], resolve: Resolver
) -> None:
    role = template["Resources"]["SchedulerRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert resolve(trust["Condition"])["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    granted = resolve(template["Resources"]["SchedulerRolePolicy"]["Properties"])
    assert granted["Roles"] == [resolve({"Ref": "SchedulerRole"})]
    by_action = {s["Action"]: s["Resource"] for s in granted["PolicyDocument"]["Statement"]}
    assert by_action == {
        "lambda:InvokeFunction": [resolve({"Fn::GetAtt": ["CloseTender", "Arn"]})],
        "sqs:SendMessage": [resolve({"Fn::GetAtt": ["CloserDeadLetterQueue", "Arn"]})],
    }
    retries = resolve(template["Resources"]["CloserInvokeConfig"]["Properties"])
    assert retries["FunctionName"] == resolve({"Ref": "CloseTender"})
    assert retries["DestinationConfig"]["OnFailure"]["Destination"] == resolve(
        {"Fn::GetAtt": ["CloserDeadLetterQueue", "Arn"]}
    )
    assert template["Resources"]["CloserDeadLetterQueue"]["Properties"]["SqsManagedSseEnabled"]


def test_no_policy_grants_every_action_or_a_service_wildcard(template: dict[str, Any]) -> None:
    found = list(policies(template))
    assert {name for name, _ in found} >= {f.role_id for f in stack.FUNCTIONS}
    for name, document in found:
        for rule in document["Statement"]:
            actions = listed(rule["Action"])
            assert all(a != "*" and not a.endswith(":*") for a in actions), (name, actions)
            if rule["Effect"] == "Allow" and "*" in listed(rule["Resource"]):
                # the only actions AWS does not scope to a resource: SMS and X-Ray
                assert set(actions) <= {
                    "sns:Publish",
                    "xray:PutTelemetryRecords",
                    "xray:PutTraceSegments",
                }, (name, actions)


def test_jobs_cannot_touch_sign_in_or_request_bookkeeping(
    template: dict[str, Any], resolve: Resolver, packaged: Path
) -> None:
    stage = stage_of(packaged)
    for function in stack.FUNCTIONS:
        document = role_policy(template, resolve, function)
        tables_granted = {
            arn.split(":table/")[1].split("/")[0].removeprefix(f"walima-{stage}-")
            for rule in document["Statement"]
            for arn in listed(rule["Resource"])
            if ":table/" in arn
        }
        every = {tables.short_name(m) for m in ALL_MODELS}
        expected = every - stack.API_ONLY_TABLES if function.jobs_only else every
        assert tables_granted == expected
        assert all(
            arn.startswith("arn:aws:")
            for rule in document["Statement"]
            for arn in listed(rule["Resource"])
            if arn != "*"
        )


def denied(document: dict[str, Any], stage: str, action: str) -> set[str]:
    """The tables a role's policy denies ``action`` on."""
    return {
        arn.split(":table/")[1].removeprefix(f"walima-{stage}-")
        for rule in document["Statement"]
        if rule["Effect"] == "Deny" and f"dynamodb:{action}" in listed(rule["Action"])
        for arn in listed(rule["Resource"])
    }


def test_the_bid_history_the_fee_ledger_and_the_tender_history_cannot_be_changed(
    template: dict[str, Any], resolve: Resolver, packaged: Path
) -> None:
    stage = stage_of(packaged)
    for function in stack.FUNCTIONS:
        document = role_policy(template, resolve, function)

        deleting = denied(document, stage, "DeleteItem")
        assert deleting == {"bid-revisions", "fees", "tender-steps"}, function.name
        assert denied(document, stage, "UpdateItem") == {"tender-steps"}, function.name
        allowed = {
            a for r in document["Statement"] if r["Effect"] == "Allow" for a in listed(r["Action"])
        }
        assert "dynamodb:BatchWriteItem" not in allowed  # no way around the Deny


def test_alarms_watch_5xx_closer_errors_and_the_dead_letter_queue(
    template: dict[str, Any], resolve: Resolver, packaged: Path
) -> None:
    stage = stage_of(packaged)
    alarms = {
        name: resolve(alarm["Properties"])
        for name, alarm in of_type(template, "AWS::CloudWatch::Alarm").items()
    }
    watched = {(a["Namespace"], a["MetricName"]): a for a in alarms.values()}
    api = watched["AWS/ApiGateway", "5XXError"]
    assert {d["Name"]: d["Value"] for d in api["Dimensions"]} == {
        "ApiName": resolve(template["Resources"]["RestAPI"]["Properties"]["Name"]),
        "Stage": template["Resources"]["RestAPI"]["Properties"]["StageName"],
    }
    assert api["Threshold"] == 1
    errors = [a["Dimensions"] for a in alarms.values() if a["MetricName"] == "Errors"]
    assert [{"Name": "FunctionName", "Value": f"walima-{stage}-close_tender"}] in errors
    dlq = watched["AWS/SQS", "ApproximateNumberOfMessagesVisible"]
    assert dlq["Dimensions"] == [{"Name": "QueueName", "Value": f"walima-{stage}-closer-dlq"}]
    topic = resolve({"Ref": "AlarmTopic"})
    assert all(a["AlarmActions"] == [topic] for a in alarms.values())


def test_the_template_environment_is_enough_for_the_code_to_schedule_a_close(
    template: dict[str, Any],
    resolve: Resolver,
    monkeypatch: pytest.MonkeyPatch,
    aws: str,
) -> None:
    """Settings load from the deployed environment alone, and a posted tender's schedule
    targets the closer with the scheduler role and the dead-letter queue, as deployed."""
    from chalicelib.adapters.aws import client
    from chalicelib.services.deps import build
    from chalicelib.settings import settings
    from tests.conftest import Clock
    from tests.functional.helpers import World

    env = resolve(template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"])
    for name in [n for n in os.environ if n.startswith("WALIMA_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    try:
        deployed = settings()
    finally:
        settings.cache_clear()
    # tables keep their local names (models read the prefix at import); the rest is deployed
    client("scheduler").create_schedule_group(Name=deployed.schedule_group)
    local = build(replace(deployed, token_secret="x" * 48), "x" * 48, Clock())
    world = World(local, Clock())
    tender = world.tender(world.organizer())
    schedule = client("scheduler").get_schedule(
        Name=f"tender-{tender.id}", GroupName=deployed.schedule_group
    )
    target = schedule["Target"]
    assert target["Arn"] == resolve({"Fn::GetAtt": ["CloseTender", "Arn"]})
    assert target["RoleArn"] == resolve({"Fn::GetAtt": ["SchedulerRole", "Arn"]})
    assert target["DeadLetterConfig"] == {
        "Arn": resolve({"Fn::GetAtt": ["CloserDeadLetterQueue", "Arn"]})
    }
    assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0


def test_the_upload_bucket_expires_what_is_never_used(template: dict[str, Any], aws: str) -> None:
    """The deployed bucket and the embedded one carry the same rule: ``pending/`` (where every
    presigned POST sends its file) expires after a day; a used file has moved out of it."""
    from chalicelib.adapters.aws import client
    from chalicelib.settings import settings

    rules = template["Resources"]["UploadBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    deployed = {r["Id"]: (r.get("Prefix"), r.get("ExpirationInDays")) for r in rules}
    assert deployed["expire-unused-uploads"] == ("pending/", 1)
    embedded = client("s3").get_bucket_lifecycle_configuration(Bucket=settings().upload_bucket)
    same = {
        r["ID"]: (r["Filter"].get("Prefix"), r.get("Expiration", {}).get("Days"))
        for r in embedded["Rules"]
    }
    assert same["expire-unused-uploads"] == ("pending/", 1)


def test_functions_run_on_arm64(template: dict[str, Any]) -> None:
    functions = {
        name: r["Properties"]
        for name, r in template["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
    }
    assert len(functions) >= 3
    assert {name: p.get("Architectures") for name, p in functions.items()} == {
        name: ["arm64"] for name in functions
    }


def test_the_api_gzips_answers_from_1_kb_and_throttles_floods(template: dict[str, Any]) -> None:
    api = template["Resources"]["RestAPI"]["Properties"]
    assert api["MinimumCompressionSize"] == 1024
    assert api["MethodSettings"] == [
        {
            "ResourcePath": "/*",
            "HttpMethod": "*",
            "ThrottlingRateLimit": stack.THROTTLE_RATE_PER_S,
            "ThrottlingBurstLimit": stack.THROTTLE_BURST,
        }
    ]
    assert stack.THROTTLE_BURST >= 200  # a burst of 200 bidders is traffic, not a flood
