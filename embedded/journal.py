"""The embedded default's write-ahead journal: every write moto acknowledges is on disk first.

moto keeps its state in memory. ``SerialisedApp`` (``aws.py``) lets one request at a time into
moto; for each one that changes state and succeeds (a DynamoDB item write, a schedule created,
updated or deleted, an S3 object put or deleted) it appends the raw request here and fsyncs the
file *before* moto's answer leaves, still under the lock. So the journal's order is the order
moto applied the writes in, and an answer the app saw — and so a 201 the app gave a caterer —
is never lost to a crash: on start the runner loads the last snapshot, then replays the
journal's entries after the snapshot's sequence number through moto, in order.

Each line is one JSON entry: ``seq``, the WSGI method, path, query, headers and the body
(base64). A torn last line (a crash in mid-write) was never acknowledged and is skipped.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger("walima.embedded")

Environ = dict[str, Any]

DYNAMODB_WRITES = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)
SIGNED_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def changes_state(environ: Environ) -> bool:
    """Whether this request, if it succeeds, changes what a restart must bring back.

    DynamoDB item writes (not table set-up: the runner creates the tables), Scheduler's schedule
    writes (not groups), and S3 writes, signed or presigned. E-mails and SMS sent are moto's
    outbox, not data: they are not kept.
    """
    if environ.get("REQUEST_METHOD", "GET") in READ_METHODS:
        return False
    if str(environ.get("PATH_INFO", "")).startswith("/moto-api"):  # moto's own controls
        return False
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    if target:
        return target.startswith("DynamoDB_") and target.rsplit(".", 1)[-1] in DYNAMODB_WRITES
    signed = SIGNED_SERVICE.search(str(environ.get("HTTP_AUTHORIZATION", "")))
    if signed is None:  # a browser's presigned POST of an upload
        return True
    service = signed.group(1)
    if service == "scheduler":
        return str(environ.get("PATH_INFO", "")).startswith("/schedules/")
    return service == "s3"


@dataclass(frozen=True)
class Entry:
    seq: int
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    @classmethod
    def of(cls, seq: int, environ: Environ, body: bytes) -> Entry:
        headers = {
            k: str(v) for k, v in environ.items() if k.startswith("HTTP_") or k == "CONTENT_TYPE"
        }
        return cls(
            seq,
            str(environ.get("REQUEST_METHOD", "POST")),
            str(environ.get("PATH_INFO", "/")),
            str(environ.get("QUERY_STRING", "")),
            headers,
            body,
        )

    def line(self) -> bytes:
        fields = {
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": base64.b64encode(self.body).decode(),
        }
        return json.dumps(fields, separators=(",", ":")).encode() + b"\n"

    @classmethod
    def parse(cls, line: bytes) -> Entry:
        fields = json.loads(line)
        return cls(
            int(fields["seq"]),
            fields["method"],
            fields["path"],
            fields["query"],
            dict(fields["headers"]),
            base64.b64decode(fields["body"]),
        )

    def environ(self) -> Environ:
        """The request again, as a WSGI environ for moto."""
        return {
            **self.headers,
            "REQUEST_METHOD": self.method,
            "PATH_INFO": self.path,
            "QUERY_STRING": self.query,
            "CONTENT_LENGTH": str(len(self.body)),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "0",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(self.body),
            "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }


class Journal:
    """An append-only file of ``Entry`` lines, each fsynced before it counts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.last_seq = max((e.seq for e in self.entries()), default=0)
        self._file = path.open("ab")
        path.chmod(0o600)  # it holds password hashes, as the snapshot does
        self.appended = 0  # since the last compaction

    def entries(self, after: int = 0) -> Iterator[Entry]:
        """The kept entries with ``seq`` above ``after``, in order; a torn last line is not."""
        if not self.path.exists():
            return
        with self.path.open("rb") as kept:
            for number, line in enumerate(kept, start=1):
                try:
                    entry = Entry.parse(line)
                except (ValueError, KeyError):
                    logger.warning("journal line %d is torn (a crash mid-write): skipped", number)
                    continue
                if entry.seq > after:
                    yield entry

    def append(self, environ: Environ, body: bytes) -> None:
        self.last_seq += 1
        self._file.write(Entry.of(self.last_seq, environ, body).line())
        self._file.flush()
        os.fsync(self._file.fileno())
        self.appended += 1

    def compact(self) -> None:
        """Empty the file once a snapshot holds everything up to ``last_seq``."""
        self._file.close()
        self._file = self.path.open("wb")
        os.fsync(self._file.fileno())
        self.appended = 0

    def close(self) -> None:
        self._file.close()
