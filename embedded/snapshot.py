"""Keeps the embedded default's data across restarts: tables and schedules dumped to JSON.

moto keeps everything in memory; on stop (and every few seconds) the runner writes every table's
items and every pending schedule to ``.data/snapshot.json`` and loads them back on start.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from chalicelib.adapters.aws import client
from chalicelib.adapters.models import ALL_MODELS

SCHEDULE_FIELDS = (
    "Name",
    "GroupName",
    "ScheduleExpression",
    "ScheduleExpressionTimezone",
    "FlexibleTimeWindow",
    "Target",
    "ActionAfterCompletion",
)


def _table_items(table: str) -> list[dict[str, Any]]:
    pages = client("dynamodb").get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
    return [item for page in pages for item in page["Items"]]


def _schedules(group: str) -> list[dict[str, Any]]:
    scheduler = client("scheduler")
    pages = scheduler.get_paginator("list_schedules").paginate(GroupName=group)
    names = [s["Name"] for page in pages for s in page.get("Schedules", [])]
    found = [scheduler.get_schedule(Name=n, GroupName=group) for n in names]
    return [{k: s[k] for k in SCHEDULE_FIELDS if k in s} for s in found]


def _objects(bucket: str) -> list[dict[str, str]]:
    """The uploads (caterers' documents and photos), base64: small, and few on one machine."""
    s3 = client("s3")
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    found = []
    for page in pages:
        for listed in page.get("Contents", []):
            got = s3.get_object(Bucket=bucket, Key=listed["Key"])
            body = base64.b64encode(got["Body"].read()).decode()
            found.append({"key": listed["Key"], "type": got["ContentType"], "body": body})
    return found


def save(path: Path, group: str, bucket: str = "") -> None:
    """Write atomically (temp file + rename), so a crash mid-write keeps the last good copy."""
    data = {
        "tables": {m.Meta.table_name: _table_items(m.Meta.table_name) for m in ALL_MODELS},
        "schedules": _schedules(group),
        "objects": _objects(bucket) if bucket else [],
    }
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(data))
    temp.chmod(0o600)  # it holds password hashes
    os.replace(temp, path)


def load(path: Path, bucket: str = "") -> bool:
    """Put a saved snapshot back into fresh tables (and bucket); False when there is none."""
    if not path.exists():
        return False
    data = json.loads(path.read_text())
    dynamodb = client("dynamodb")
    for table, items in data["tables"].items():
        for start in range(0, len(items), 25):
            batch = [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]
            dynamodb.batch_write_item(RequestItems={table: batch})
    for schedule in data["schedules"]:
        client("scheduler").create_schedule(**schedule)
    for o in data.get("objects", []) if bucket else []:
        body = base64.b64decode(o["body"])
        client("s3").put_object(Bucket=bucket, Key=o["key"], Body=body, ContentType=o["type"])
    return True
