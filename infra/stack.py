"""Everything in Walima's CloudFormation besides the tables: the scheduler's role and dead-letter
queue, each function's least-privilege policy, the ARNs the code needs, alarms, SES.

Why here and not in ``.chalice/``: Chalice generates the functions, their roles and the API, and
``chalice package --merge-template infra/resources.json`` deep-merges this fragment into them.
Chalice cannot express a reference to another resource (the closer's ARN in the API handler's
environment, a queue's ARN in a policy), CloudFormation can; so the wiring lives in the
template and the stage's ``environment_variables`` keep only plain values.

The policies are written once, as statements with ``${AWS::Region}``-style placeholders, and
rendered twice: exact (``Fn::Sub``) into each function's role in the template, and with the
region and account as ``*`` into ``.chalice/policy-<stage>-<function>.json``, the files
Chalice requires when ``autogen_policy`` is false (its own policy generator cannot see
PynamoDB's calls). The template's rendering replaces the files' in the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.uploads import PENDING, UNUSED_DAYS

Json = dict[str, Any]

# Tables only the API reads or writes: sign-in and request bookkeeping. The jobs never do.
API_ONLY_TABLES = frozenset({"logins", "idempotency", "rate-limits", "sessions"})

APPEND_ONLY = ("bid-revisions", "fees")
# Never changed once put either: a tender's history (each step is put if its number is free)
IMMUTABLE = ("tender-steps",)
DATA_ACTIONS = (  # TransactWriteItems is authorised item by item through these
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)
RETENTION_DAYS = 90
# The stage's throttle, every method: a flood backstop far above real traffic (200 caterers
# bidding in the same second is a burst of 200), below the account's 10,000 requests/s.
THROTTLE_RATE_PER_S = 200
THROTTLE_BURST = 500
CLOSER = "close_tender"


@dataclass(frozen=True)
class Function:
    """One Lambda function Chalice packages, by the names Chalice gives it."""

    name: str  # as in app.py / .chalice/config.json ``lambda_functions``
    logical_id: str  # the function's resource in Chalice's SAM template
    role_id: str  # the role Chalice creates for it
    jobs_only: bool  # a job: no sign-in or request-bookkeeping tables

    def function_name(self, app: str) -> str:
        return f"{app}-${{Stage}}-{self.name}"

    def log_group(self, app: str) -> str:
        return f"/aws/lambda/{self.function_name(app)}"


FUNCTIONS: tuple[Function, ...] = (
    Function("api_handler", "APIHandler", "ApiHandlerRole", jobs_only=False),
    Function(CLOSER, "CloseTender", "CloseTenderRole", jobs_only=True),
    Function("sweep", "Sweep", "SweepRole", jobs_only=True),
)

PLACEHOLDER = re.compile(r"\$\{([A-Za-z:]+)\}")


def arn(service: str, resource: str) -> str:
    """An ARN in this stack's partition, region and account (placeholders until rendered)."""
    region = "" if service == "iam" else "${AWS::Region}"
    return f"arn:${{AWS::Partition}}:{service}:{region}:${{AWS::AccountId}}:{resource}"


def closer_arn(app: str) -> str:
    return arn("lambda", f"function:{app}-${{Stage}}-{CLOSER}")


def uploads_bucket_name(app: str) -> str:
    """Bucket names are global: the account id keeps each stage's own."""
    return f"{app}-${{Stage}}-uploads-${{AWS::AccountId}}"


def statement(actions: Iterable[str], resources: Iterable[str], **extra: Any) -> Json:
    return {"Effect": "Allow", "Action": sorted(actions), "Resource": list(resources)} | extra


def policy(function: Function, app: str, tables: Iterable[str], stage: Json) -> Json:
    """What ``function`` may do: its own logs, its tables' items, the stage's schedules, the
    scheduler role (passed to Scheduler only), the stage's e-mail identity, SMS, the secret."""
    used = sorted(t for t in tables if not (function.jobs_only and t in API_ONLY_TABLES))
    table_arns = [arn("dynamodb", f"table/{app}-${{Stage}}-{t}") for t in used]
    group = f"{app}-${{Stage}}"
    statements = [
        statement(
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [arn("logs", f"log-group:{function.log_group(app)}:*")],
        ),
        statement(DATA_ACTIONS, table_arns + [f"{t}/index/*" for t in table_arns]),
        {  # the bid history and the fee ledger are append-only: nobody deletes from them
            "Effect": "Deny",
            "Action": ["dynamodb:DeleteItem"],
            "Resource": [arn("dynamodb", f"table/{app}-${{Stage}}-{t}") for t in APPEND_ONLY],
        },
        {  # nor is a tender's history ever updated
            "Effect": "Deny",
            "Action": ["dynamodb:DeleteItem", "dynamodb:UpdateItem"],
            "Resource": [arn("dynamodb", f"table/{app}-${{Stage}}-{t}") for t in IMMUTABLE],
        },
        statement(
            ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule"],
            [arn("scheduler", f"schedule/{group}/*")],
        ),
        statement(
            ["iam:PassRole"],
            [arn("iam", f"role/{group}-scheduler")],
            Condition={"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
        ),
        statement(
            ["ses:SendEmail", "ses:SendRawEmail"],
            [arn("ses", "identity/${SenderDomain}"), arn("ses", f"configuration-set/{group}")],
        ),
        # SMS go to phone numbers, which have no ARN: publishing needs "*"; the Deny below
        # keeps the functions from publishing to any topic.
        statement(["sns:Publish"], ["*"]),
        {"Effect": "Deny", "Action": ["sns:Publish"], "Resource": [arn("sns", "*")]},
        statement(["xray:PutTelemetryRecords", "xray:PutTraceSegments"], ["*"]),
    ]
    if stage.get("WALIMA_TOKEN_SECRET_PARAMETER"):
        statements.append(
            statement(["ssm:GetParameter"], [arn("ssm", "parameter${TokenSecretParameter}")])
        )
    if not function.jobs_only:  # caterers' uploads: presigned POSTs are signed with
        # the function's own rights (PutObject); HeadObject and presigned GETs need GetObject;
        # a photo taken off a profile is deleted (DeleteObject)
        bucket = f"arn:${{AWS::Partition}}:s3:::{uploads_bucket_name(app)}"
        actions = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
        statements.append(statement(actions, [f"{bucket}/*"]))
    if function.name == CLOSER:
        statements.append(
            statement(["sqs:SendMessage"], [arn("sqs", f"{app}-${{Stage}}-closer-dlq")])
        )
    return {"Version": "2012-10-17", "Statement": statements}


# --- rendering ----------------------------------------------------------------------------

STAGE_VARIABLES = {  # placeholder -> mapping key, for values that differ by stage
    "SenderDomain": "SenderDomain",
    "TokenSecretParameter": "TokenSecretParameter",
}


def for_template(document: Any) -> Any:
    """Strings with placeholders become ``Fn::Sub``; per-stage values come from the mapping."""
    if isinstance(document, dict):
        return {k: for_template(v) for k, v in document.items()}
    if isinstance(document, list):
        return [for_template(v) for v in document]
    if isinstance(document, str) and PLACEHOLDER.search(document):
        names = {m for m in PLACEHOLDER.findall(document) if m in STAGE_VARIABLES}
        if not names:
            return {"Fn::Sub": document}
        variables = {
            n: {"Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, STAGE_VARIABLES[n]]}
            for n in sorted(names)
        }
        return {"Fn::Sub": [document, variables]}
    return document


def for_policy_file(document: Any, stage: str, settings: Json) -> Any:
    """The same document for Chalice's policy file: the stage filled in, region and account
    ``*`` (only CloudFormation knows them), so it stays valid IAM without the template."""
    values = {
        "AWS::Partition": "aws",
        "AWS::Region": "*",
        "AWS::AccountId": "*",
        "Stage": stage,
        **{name: settings[key] for name, key in STAGE_VARIABLES.items()},
    }
    if isinstance(document, dict):
        return {k: for_policy_file(v, stage, settings) for k, v in document.items()}
    if isinstance(document, list):
        return [for_policy_file(v, stage, settings) for v in document]
    if isinstance(document, str):
        return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), document)
    return document


def stage_settings(config: Json, stage: str) -> Json:
    """The per-stage values the template maps (``StageSettings``), from ``.chalice/config.json``."""
    env = config["stages"][stage].get("environment_variables", {})
    return {
        "SenderDomain": env["WALIMA_SENDER_EMAIL"].rpartition("@")[2],
        "TokenSecretParameter": env.get("WALIMA_TOKEN_SECRET_PARAMETER", ""),
        "ApiGatewayStage": config["stages"][stage].get("api_gateway_stage", "api"),
    }


def policy_file_name(stage: str, function: Function) -> str:
    return f"policy-{stage}-{function.name}.json"


# --- resources ----------------------------------------------------------------------------


def _alarm(description: str, metric: Json, threshold: float, period: int = 60) -> Json:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Threshold": threshold,
            "EvaluationPeriods": 1,
            "Period": period,
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": "AlarmTopic"}],
            "OKActions": [{"Ref": "AlarmTopic"}],
            **metric,
        },
    }


def _dimensions(**values: Any) -> list[Json]:
    return [{"Name": k, "Value": v} for k, v in values.items()]


def functions_wiring(app: str, tables: list[str], config: Json) -> Json:
    """Merged into Chalice's own resources: names, environment, policies, log groups."""
    resources: Json = {}
    any_stage = next(s for s in config["stages"] if s != "local")
    env = {
        "WALIMA_CLOSER_ARN": {"Fn::Sub": closer_arn(app)},
        "WALIMA_SCHEDULER_ROLE_ARN": {"Fn::GetAtt": ["SchedulerRole", "Arn"]},
        "WALIMA_CLOSER_DLQ_ARN": {"Fn::GetAtt": ["CloserDeadLetterQueue", "Arn"]},
        "WALIMA_UPLOAD_BUCKET": {"Ref": "UploadBucket"},
    }
    for function in FUNCTIONS:
        log_group = f"{function.logical_id}LogGroup"
        resources[function.logical_id] = {
            "DependsOn": [log_group],
            "Properties": {
                "FunctionName": {"Fn::Sub": function.function_name(app)},
                "Environment": {"Variables": env},
            },
        }
        document = policy(
            function, app, tables, config["stages"][any_stage]["environment_variables"]
        )
        resources[function.role_id] = {
            "Properties": {
                "Policies": [
                    {
                        "PolicyName": f"{function.role_id}Policy",
                        "PolicyDocument": for_template(document),
                    }
                ]
            }
        }
        resources[log_group] = {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "LogGroupName": {"Fn::Sub": function.log_group(app)},
                "RetentionInDays": RETENTION_DAYS,
            },
        }
    resources["RestAPI"] = {
        "Properties": {
            "Name": {"Fn::Sub": f"{app}-${{Stage}}"},
            "MethodSettings": [
                {
                    "ResourcePath": "/*",
                    "HttpMethod": "*",
                    "ThrottlingRateLimit": THROTTLE_RATE_PER_S,
                    "ThrottlingBurstLimit": THROTTLE_BURST,
                }
            ],
        }
    }
    return resources


def scheduling(app: str) -> Json:
    """The role EventBridge Scheduler assumes to invoke the closer, and where failures go.

    Two ways a close can fail, one queue for both: the scheduler cannot invoke the closer (after
    the schedule's retry policy, set by ``adapters/scheduling.py``), or the closer is invoked
    and raises (after Lambda's own retries of an asynchronous invocation). The sweeper closes
    the tender anyway; the queue and its alarm say that something is wrong.
    """
    dlq = {"Fn::GetAtt": ["CloserDeadLetterQueue", "Arn"]}
    return {
        "CloserDeadLetterQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": {"Fn::Sub": f"{app}-${{Stage}}-closer-dlq"},
                "MessageRetentionPeriod": 1209600,
                "SqsManagedSseEnabled": True,
            },
        },
        "SchedulerRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "RoleName": {"Fn::Sub": f"{app}-${{Stage}}-scheduler"},
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "scheduler.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                            "Condition": {
                                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                                "ArnLike": {
                                    "aws:SourceArn": {
                                        "Fn::Sub": arn(
                                            "scheduler", f"schedule-group/{app}-${{Stage}}"
                                        )
                                    }
                                },
                            },
                        }
                    ],
                },
            },
        },
        # A separate policy, not the role's own: the closer's environment names the role, and
        # the role's permission names the closer; one resource each way would be a cycle.
        "SchedulerRolePolicy": {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": "InvokeCloser",
                "Roles": [{"Ref": "SchedulerRole"}],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "lambda:InvokeFunction",
                            "Resource": [{"Fn::GetAtt": ["CloseTender", "Arn"]}],
                        },
                        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [dlq]},
                    ],
                },
            },
        },
        "CloserInvokeConfig": {
            "Type": "AWS::Lambda::EventInvokeConfig",
            "Properties": {
                "FunctionName": {"Ref": "CloseTender"},
                "Qualifier": "$LATEST",
                "MaximumRetryAttempts": 2,
                "MaximumEventAgeInSeconds": 3600,
                "DestinationConfig": {"OnFailure": {"Destination": dlq}},
            },
        },
    }


def alarms(app: str) -> Json:
    """Someone is told when a request fails with a 5xx (always a bug), a job raises, a close
    lands in the dead-letter queue, e-mail bounces, or notices fail to go out."""
    functions = {f.name: f for f in FUNCTIONS}
    return {
        "AlarmTopic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": {"Fn::Sub": f"{app}-${{Stage}}-alarms"}},
        },
        "ApiServerErrorsAlarm": _alarm(
            "The API answered with a 5xx: always a bug",
            {
                "Namespace": "AWS/ApiGateway",
                "MetricName": "5XXError",
                "Statistic": "Sum",
                "Dimensions": _dimensions(
                    ApiName={"Fn::Sub": f"{app}-${{Stage}}"},
                    Stage={"Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, "ApiGatewayStage"]},
                ),
            },
            1,
        ),
        **{
            f"{functions[name].logical_id}ErrorsAlarm": _alarm(
                f"The {name} function raised",
                {
                    "Namespace": "AWS/Lambda",
                    "MetricName": "Errors",
                    "Statistic": "Sum",
                    "Dimensions": _dimensions(
                        FunctionName={"Fn::Sub": functions[name].function_name(app)}
                    ),
                },
                1,
                300,
            )
            for name in (CLOSER, "sweep")
        },
        "CloserDeadLetterAlarm": _alarm(
            "A tender close could not be delivered or failed after retries (the sweeper retries)",
            {
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Statistic": "Maximum",
                "Dimensions": _dimensions(
                    QueueName={"Fn::GetAtt": ["CloserDeadLetterQueue", "QueueName"]}
                ),
            },
            1,
            300,
        ),
        "NotificationsFailedAlarm": _alarm(
            "E-mails or SMS keep failing (the sweeper retries them)",
            {
                "Namespace": "Walima",
                "MetricName": "NotificationsFailed",
                "Statistic": "Sum",
                "Dimensions": _dimensions(service=app, stage={"Ref": "Stage"}),
            },
            10,
            900,
        ),
        "EmailBounceRateAlarm": _alarm(
            "SES bounce rate at 5 %: SES reviews accounts from 5 % and may pause them at 10 %",
            {"Namespace": "AWS/SES", "MetricName": "Reputation.BounceRate", "Statistic": "Maximum"},
            0.05,
            3600,
        ),
    }


def email(app: str) -> Json:
    """The sender's domain, DKIM-signed, with a configuration set that suppresses addresses
    that bounced or complained and requires TLS. SMS settings have no CloudFormation resource:
    docs/operations.md lists the account-level ones."""
    return {
        "EmailConfigurationSet": {
            "Type": "AWS::SES::ConfigurationSet",
            "Properties": {
                "Name": {"Fn::Sub": f"{app}-${{Stage}}"},
                "DeliveryOptions": {"TlsPolicy": "REQUIRE"},
                "ReputationOptions": {"ReputationMetricsEnabled": True},
                "SendingOptions": {"SendingEnabled": True},
                "SuppressionOptions": {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
            },
        },
        "SenderIdentity": {
            "Type": "AWS::SES::EmailIdentity",
            "Properties": {
                "EmailIdentity": {
                    "Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, "SenderDomain"]
                },
                "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"},
                "ConfigurationSetAttributes": {
                    "ConfigurationSetName": {"Ref": "EmailConfigurationSet"}
                },
            },
        },
    }


def uploads(app: str) -> Json:
    """The caterers' photos and documents: private (public access blocked, bucket
    owner owns every object), encrypted at rest, TLS only. Browsers POST files straight here
    with a presigned policy (type and size bounded by it); the no-JavaScript form needs no
    CORS, the CORS rule lets a script POST too (writes still need the signed policy).
    New uploads land under ``pending/`` and move out when used: what is never used expires
    after ``UNUSED_DAYS``; incomplete multipart uploads are dropped after a day."""
    name = uploads_bucket_name(app)
    return {
        "UploadBucket": {
            "Type": "AWS::S3::Bucket",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "BucketName": {"Fn::Sub": name},
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                },
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
                "CorsConfiguration": {
                    "CorsRules": [
                        {
                            "AllowedMethods": ["POST"],
                            "AllowedOrigins": ["*"],
                            "AllowedHeaders": ["*"],
                            "MaxAge": 3600,
                        }
                    ]
                },
                "LifecycleConfiguration": {
                    "Rules": [
                        {
                            "Id": "expire-unused-uploads",
                            "Status": "Enabled",
                            "Prefix": PENDING,
                            "ExpirationInDays": UNUSED_DAYS,
                        },
                        {
                            "Id": "drop-incomplete-uploads",
                            "Status": "Enabled",
                            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                        },
                    ]
                },
            },
        },
        "UploadBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "UploadBucket"},
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "TlsOnly",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [
                                {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{name}"},
                                {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{name}/*"},
                            ],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    ],
                },
            },
        },
    }


def outputs() -> Json:
    dkim = {
        f"SenderDkimRecord{i}": {
            "Description": f"DKIM CNAME {i} to publish in the sender domain's DNS",
            "Value": {
                "Fn::Join": [
                    " CNAME ",
                    [
                        {"Fn::GetAtt": ["SenderIdentity", f"DkimDNSTokenName{i}"]},
                        {"Fn::GetAtt": ["SenderIdentity", f"DkimDNSTokenValue{i}"]},
                    ],
                ]
            },
        }
        for i in (1, 2, 3)
    }
    return {
        "AlarmTopicArn": {
            "Description": "Subscribe the on-call address to this topic",
            "Value": {"Ref": "AlarmTopic"},
        },
        "CloserDeadLetterQueueUrl": {"Value": {"Ref": "CloserDeadLetterQueue"}},
        "SchedulerRoleArn": {"Value": {"Fn::GetAtt": ["SchedulerRole", "Arn"]}},
        **dkim,
    }
