"""moto in-process on loopback, with every request serialised and every write journaled.

Why a lock: moto's DynamoDB backend has no locks, so concurrent conditional writes through its
threaded server lose updates (measured: 23–26 of 300). One lock around the WSGI app makes each
request atomic, as DynamoDB's conditional writes are, at the same throughput; it is also what
makes ``moto_transactions`` (transactions that back up their items, not their tables) safe.
The journal (``journal.py``) is written under the same lock, so what moto acknowledged survives
a crash.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wsgi import get_input_stream

from embedded import moto_transactions
from embedded.journal import Entry, Journal, changes_state

REGION = "eu-west-3"
HOLDER_HEADER = "X-Walima-Lock-Holder"
HOLDER_ENVIRON = "HTTP_X_WALIMA_LOCK_HOLDER"
logger = logging.getLogger("walima.embedded")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


class SerialisedApp:
    """A WSGI app that lets one request at a time into moto, and journals the writes.

    With a ``journal``, a request that changes state and succeeds is appended (and fsynced)
    before its answer leaves, under the same lock, so the journal's order is moto's. While
    ``exclusive()`` is held (a snapshot), only requests carrying its token get in.
    """

    def __init__(self, app: Callable[[Environ, StartResponse], Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._holder = secrets.token_hex(16)
        self._held = False
        self.journal: Journal | None = None

    def __call__(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        if self._held and environ.get(HOLDER_ENVIRON) == self._holder:
            return list(self._app(environ, start_response))  # the snapshot, under the lock
        body = get_input_stream(environ).read()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        with self._lock:
            statuses: list[str] = []

            def seen(status: str, headers: Any, exc_info: Any = None) -> Any:
                statuses.append(status)
                return start_response(status, headers, exc_info)

            answer = list(self._app(environ, seen))
            kept = self.journal is not None and statuses and statuses[0].startswith("2")
            if kept and self.journal is not None and changes_state(environ):
                self.journal.append(environ, body)
            return answer

    @contextmanager
    def exclusive(self) -> Iterator[str]:
        """Hold the lock: nothing else gets in until the block ends; requests that send the
        yielded token in ``HOLDER_HEADER`` do (one at a time: the holder's own, in order)."""
        with self._lock:
            self._held = True
            try:
                yield self._holder
            finally:
                self._held = False

    def replay(self, entries: Iterable[Entry]) -> int:
        """Apply journaled requests again, in order, before anything else is served."""
        count = 0
        with self._lock:
            for entry in entries:
                statuses: list[str] = []
                list(self._app(entry.environ(), functools.partial(_keep, statuses)))
                if not statuses or not statuses[0].startswith("2"):
                    logger.warning("journal entry %d answered %s on replay", entry.seq, statuses)
                count += 1
        return count


def _keep(statuses: list[str], status: str, *_: Any) -> None:
    statuses.append(status)


class MotoServer:
    """moto's server on 127.0.0.1 (a free port unless given), serialised."""

    def __init__(self, port: int = 0) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        moto_transactions.install()  # safe here: SerialisedApp lets one request in at a time
        app = SerialisedApp(DomainDispatcherApplication(create_backend_app))
        self.app = app
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", port, app, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> MotoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


def point_clients_at(endpoint: str) -> None:
    """Every boto3/botocore/PynamoDB client created after this talks to moto, never to AWS."""
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="embedded",
        AWS_SECRET_ACCESS_KEY="embedded",  # noqa: S106 - moto dummy credentials
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
    )
