"""The embedded default's snapshot: every table's items, every pending schedule and every
upload, as one consistent picture in ``.data/snapshot.json``.

Taken while the runner holds moto's lock (``SerialisedApp.exclusive``), its reads carrying the
lock holder's token, so no write lands in the middle of it; it records the journal's last
sequence number, and on start the runner loads it, then replays the journal after that number.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chalicelib.adapters.aws import client
from chalicelib.adapters.models import ALL_MODELS
from embedded import moto_tables

Clients = Callable[[str], Any]

SCHEDULE_FIELDS = (
    "Name",
    "GroupName",
    "ScheduleExpression",
    "ScheduleExpressionTimezone",
    "FlexibleTimeWindow",
    "Target",
    "ActionAfterCompletion",
)


def _schedules(clients: Clients, group: str) -> list[dict[str, Any]]:
    """Every pending schedule; one deleted between the list and its read is simply gone."""
    scheduler = clients("scheduler")
    pages = scheduler.get_paginator("list_schedules").paginate(GroupName=group)
    names = [s["Name"] for page in pages for s in page.get("Schedules", [])]
    found = []
    for name in names:
        try:
            found.append(scheduler.get_schedule(Name=name, GroupName=group))
        except scheduler.exceptions.ResourceNotFoundException:
            continue
    return [{k: s[k] for k in SCHEDULE_FIELDS if k in s} for s in found]


def _objects(clients: Clients, bucket: str) -> list[dict[str, str]]:
    """The uploads (caterers' documents and photos), base64: small, and few on one machine."""
    s3 = clients("s3")
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    found = []
    for page in pages:
        for listed in page.get("Contents", []):
            got = s3.get_object(Bucket=bucket, Key=listed["Key"])
            body = base64.b64encode(got["Body"].read()).decode()
            found.append({"key": listed["Key"], "type": got["ContentType"], "body": body})
    return found


def save(path: Path, group: str, bucket: str, seq: int, clients: Clients = client) -> None:
    """Write atomically (temp file, fsync, rename, fsync of the folder), so a crash mid-write
    keeps the last good copy; ``seq`` is the last journal entry the picture holds."""
    data = {
        "seq": seq,
        "tables": {m.Meta.table_name: moto_tables.items(m.Meta.table_name) for m in ALL_MODELS},
        "schedules": _schedules(clients, group),
        "objects": _objects(clients, bucket) if bucket else [],
    }
    temp = path.with_suffix(".tmp")
    with temp.open("w") as out:
        json.dump(data, out)
        out.flush()
        os.fsync(out.fileno())
    temp.chmod(0o600)  # it holds password hashes
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def load(path: Path, bucket: str = "") -> int | None:
    """Put a saved snapshot back into fresh tables (and bucket): the last journal entry it
    holds, or None when there is none."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    for table, items in data["tables"].items():
        moto_tables.put(table, items)
    for schedule in data["schedules"]:
        client("scheduler").create_schedule(**schedule)
    for o in data.get("objects", []) if bucket else []:
        body = base64.b64decode(o["body"])
        client("s3").put_object(Bucket=bucket, Key=o["key"], Body=body, ContentType=o["type"])
    return int(data.get("seq", 0))


def holding(token: str, endpoint: str, region: str) -> Clients:
    """Clients whose requests carry the lock holder's token (``aws.HOLDER_HEADER``): the
    snapshot's reads get into moto while the runner holds its lock, and nothing else does."""
    import boto3

    from embedded.aws import HOLDER_HEADER

    session = boto3.session.Session()
    made: dict[str, Any] = {}

    def mark(request: Any, **_: Any) -> None:
        request.headers[HOLDER_HEADER] = token

    def make(name: str) -> Any:
        if name not in made:
            made[name] = session.client(name, endpoint_url=endpoint, region_name=region)
            made[name].meta.events.register("before-send", mark)
        return made[name]

    return make
