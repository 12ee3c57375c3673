"""The embedded default's journal: what it keeps, and that replaying it after a fresh start
gives moto back exactly the state it had (tables, schedules, uploads)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chalicelib.adapters.aws import client
from chalicelib.adapters.models import ALL_MODELS
from chalicelib.commands import AskQuestion
from chalicelib.domain.errors import Conflict
from chalicelib.services import questions
from chalicelib.services.deps import Deps
from chalicelib.settings import settings
from embedded import moto_tables, snapshot
from embedded.aws import MotoServer
from embedded.journal import Entry, Journal, changes_state
from tests.conftest import fresh_aws, moto_server
from tests.functional.helpers import World

SIGNED = "AWS4-HMAC-SHA256 Credential=embedded/20261202/eu-west-3/{}/aws4_request, ..."


def environ(method: str, path: str = "/", service: str = "", target: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path}
    if service:
        found["HTTP_AUTHORIZATION"] = SIGNED.format(service)
    if target:
        found["HTTP_X_AMZ_TARGET"] = target
    return found


@pytest.mark.parametrize(
    ("request_environ", "kept"),
    [
        (environ("POST", service="dynamodb", target="DynamoDB_20120810.TransactWriteItems"), True),
        (environ("POST", service="dynamodb", target="DynamoDB_20120810.UpdateItem"), True),
        (environ("POST", service="dynamodb", target="DynamoDB_20120810.GetItem"), False),
        (environ("POST", service="dynamodb", target="DynamoDB_20120810.Query"), False),
        (environ("POST", service="dynamodb", target="DynamoDB_20120810.CreateTable"), False),
        (environ("POST", "/schedules/close-1", service="scheduler"), True),
        (environ("DELETE", "/schedules/close-1", service="scheduler"), True),
        (environ("POST", "/schedule-groups/walima-local", service="scheduler"), False),
        (environ("GET", "/schedules", service="scheduler"), False),
        (environ("PUT", "/uploads/photo/a.jpg", service="s3"), True),
        (environ("POST", "/uploads"), True),  # a browser's presigned POST
        (environ("GET", "/uploads/photo/a.jpg", service="s3"), False),
        (environ("POST", "/", service="ses"), False),  # e-mails sent are not data
        (environ("POST", "/", service="sns"), False),
        (environ("POST", "/moto-api/reset"), False),
    ],
)
def test_what_the_journal_keeps(request_environ: dict[str, Any], kept: bool) -> None:
    assert changes_state(request_environ) is kept


def test_a_torn_last_line_is_skipped_and_sequence_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    for n in range(3):
        journal.append(environ("POST", f"/schedules/s{n}", "scheduler"), b"{}")
    journal.close()
    whole = path.read_bytes()
    path.write_bytes(whole + whole.splitlines(keepends=True)[0][:25])  # a crash mid-write
    again = Journal(path)
    assert [e.seq for e in again.entries()] == [1, 2, 3]
    assert [e.path for e in again.entries(after=2)] == ["/schedules/s2"]
    assert again.last_seq == 3
    again.close()


def state(bucket: str) -> dict[str, Any]:
    """Everything a restart must bring back, read as the snapshot reads it."""
    found = {name: sorted(items, key=repr) for name, items in snapshot_tables().items()}
    return {
        "tables": found,
        "schedules": sorted(
            snapshot._schedules(client, settings().schedule_group), key=lambda s: s["Name"]
        ),
        "objects": sorted(snapshot._objects(client, bucket), key=lambda o: o["key"]),
    }


def snapshot_tables() -> dict[str, list[dict[str, Any]]]:
    """Every table as ``Scan`` gives it (over HTTP: not the snapshot's own way of reading)."""
    scans = {
        m.Meta.table_name: client("dynamodb")
        .get_paginator("scan")
        .paginate(TableName=m.Meta.table_name, ConsistentRead=True)
        for m in ALL_MODELS
    }
    return {name: [i for page in pages for i in page["Items"]] for name, pages in scans.items()}


def test_the_snapshot_reads_the_tables_as_a_scan_does(world: World) -> None:
    world.bid(world.caterer(), world.tender(world.organizer()), "12000.00")
    direct = {m.Meta.table_name: moto_tables.items(m.Meta.table_name) for m in ALL_MODELS}
    scanned = snapshot_tables()
    assert {n: sorted(i, key=repr) for n, i in direct.items()} == {
        n: sorted(i, key=repr) for n, i in scanned.items()
    }
    assert any(scanned.values())


@pytest.fixture
def journaled(aws: str, tmp_path: Path) -> Iterator[tuple[MotoServer, Journal]]:
    server = moto_server()
    journal = Journal(tmp_path / "journal.jsonl")
    server.app.journal = journal
    yield server, journal
    server.app.journal = None
    journal.close()


def test_replaying_the_journal_gives_back_the_same_state(
    journaled: tuple[MotoServer, Journal], world: World, deps: Deps
) -> None:
    server, journal = journaled
    organizer, caterer = world.organizer(), world.caterer()
    tender = world.tender(organizer, seconds=3600)
    world.bid(caterer, tender, "15000.00")
    world.bid(caterer, tender, "14000.00")  # a revision: an update of the same item
    questions.ask(deps, caterer, tender.id, AskQuestion(text="Le thé est-il compris ?"))
    late = world.tender(organizer, seconds=60)
    world.clock.advance(minutes=5)
    with pytest.raises(Conflict):  # refused by its condition: moto answered 400, not kept
        world.bid(caterer, late, "9000.00")
    client("s3").put_object(Bucket=settings().upload_bucket, Key="k", Body=b"photo")
    before = state(settings().upload_bucket)
    entries = list(journal.entries())
    assert entries, "the writes were journaled"
    server.app.journal = None
    fresh_aws(server.endpoint)
    assert state(settings().upload_bucket) != before
    assert server.app.replay(entries) == len(entries)
    assert state(settings().upload_bucket) == before


def test_an_entry_is_the_request_again() -> None:
    body = b'{"TableName": "t"}'
    entry = Entry.of(7, environ("POST", "/", "dynamodb", "DynamoDB_20120810.PutItem"), body)
    again = Entry.parse(entry.line())
    assert again == entry
    assert again.environ()["wsgi.input"].read() == body
