"""moto in-process on loopback, with every request serialised.

Why a lock: moto's DynamoDB backend has no locks, so concurrent conditional writes through its
threaded server lose updates (measured: 23–26 of 300). One lock around the WSGI app makes each
request atomic, as DynamoDB's conditional writes are, at the same throughput.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

REGION = "eu-west-3"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


class SerialisedApp:
    """A WSGI app that lets one request at a time into moto."""

    def __init__(self, app: Callable[[Environ, StartResponse], Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))


class MotoServer:
    """moto's server on 127.0.0.1 (a free port unless given), serialised."""

    def __init__(self, port: int = 0) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        app = SerialisedApp(DomainDispatcherApplication(create_backend_app))
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
