"""Starts Walima on one machine: moto, tables, demo data, the Chalice app, the local scheduler.

``make run`` calls ``main``; the end-to-end tests use ``Embedded`` directly (port 0, no disk).
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import gzip
import hashlib
import importlib
import json
import logging
import os
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlparse

from chalice.cli.factory import CLIFactory
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LambdaEventConverter,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    MatchResult,
    RouteMatcher,
    ThreadedHTTPServer,
)
from werkzeug.http import parse_accept_header

from embedded.aws import REGION, MotoServer, point_clients_at

PROJECT = Path(__file__).resolve().parents[1]
SNAPSHOT_EVERY_S = 30.0  # compaction of the journal into a snapshot, when it has grown
STOP_POLL_S = 0.5  # how often the main thread looks for a stop signal
logger = logging.getLogger("walima.embedded")


class GreedyRouteMatcher(RouteMatcher):
    """chalice local matches ``{proxy+}`` as one path segment only; API Gateway matches the
    rest of the path. Without this, ``/tenders/x/y`` would get chalice's 403 JSON instead of
    the site's 404 page (and ``/api/a/b`` the contract's 404) under ``make run``."""

    def match_route(self, url: str) -> MatchResult:
        try:
            return super().match_route(url)
        except ValueError:
            path = urlparse(url).path
            greedy = sorted(
                (r for r in self.route_urls if r.endswith("+}")),
                key=lambda r: -len(r),  # the longest prefix wins, as on API Gateway
            )
            for route in greedy:
                prefix = route[: route.rindex("{")]
                if path.startswith(prefix) and len(path) > len(prefix):
                    name = route[route.rindex("{") + 1 : -1]
                    query = parse_qs(urlparse(url).query, keep_blank_values=True)
                    return MatchResult(route, {name: path[len(prefix) :]}, query)
            raise


class Handler(ChaliceRequestHandler):
    """Replies go out at once: with Nagle's algorithm a kept-alive client waited ~40 ms each.
    Bodies from ``minimum_compression_size`` bytes up are gzipped for a client that accepts it,
    as API Gateway does with the same setting, so what a phone downloads here is what it
    downloads in production (``bench page-weight``)."""

    disable_nagle_algorithm = True
    compress_from: int | None = None

    def __getattr__(self, name: str) -> Any:
        """Any other method (TRACE, QUERY…) goes to the app too, which answers 405: the
        standard library's server would answer 501, a 5xx, where API Gateway answers a 4xx."""
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)

    def __init__(self, request: Any, client_address: Any, server: Any, **kwargs: Any) -> None:
        gateway = LocalGateway(kwargs["app_object"], kwargs["config"])
        gateway.event_converter = LambdaEventConverter(
            GreedyRouteMatcher(list(kwargs["app_object"].routes)),
            kwargs["app_object"].api.binary_types,
        )
        self.local_gateway = gateway
        self.compress_from = kwargs["config"].minimum_compression_size
        BaseHTTPRequestHandler.__init__(self, request, client_address, server)

    def _send_http_response_with_body(
        self, code: int, headers: dict[str, Any], body: str | bytes
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        if self._compresses(data, headers):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Accept-Encoding")))
        super()._send_http_response_with_body(code, headers, data)

    def _compresses(self, data: bytes, headers: dict[str, Any]) -> bool:
        return (
            self.compress_from is not None
            and len(data) >= self.compress_from
            and "Content-Encoding" not in headers
            and parse_accept_header(self.headers.get("Accept-Encoding")).quality("gzip") > 0
        )


class QuietHandler(Handler):
    """No access log line per request (tests and load runs would drown in them)."""

    def log_message(self, format: str, *args: object) -> None:
        return


class Server(ThreadedHTTPServer):
    """chalice local's server with a real listen backlog (the default 5 resets bursts)."""

    request_queue_size = 256


@dataclass
class Admin:
    email: str
    password: str


def stage_environment(stage: str) -> dict[str, str]:
    """The stage's ``environment_variables`` exactly as Chalice would set them in Lambda."""
    config = CLIFactory(str(PROJECT)).create_config_obj(chalice_stage_name=stage)
    return {k: str(v) for k, v in config.environment_variables.items()}


class Embedded:
    def __init__(
        self,
        port: int = 0,
        data_dir: Path | None = None,
        seed: bool = False,
        admin: Admin | None = None,
        scheduler_tick: float = 0.25,
        environment: dict[str, str] | None = None,
        moto: MotoServer | None = None,
        access_log: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self._owns_moto = moto is None
        self.moto = moto or MotoServer().start()
        point_clients_at(self.moto.endpoint)
        os.environ.update(stage_environment("local"))
        os.environ.update(environment or {})
        os.environ["WALIMA_TOKEN_SECRET"] = self._secret()
        self.app_module: ModuleType = importlib.import_module("app")
        from chalicelib.bootstrap import deps

        self.deps = deps()
        restored = self._prepare_aws()
        self.admin = admin or self._admin(restored)
        if not restored:
            self._create_admin()
            if seed:
                from embedded.seed import seed as seed_demo

                seed_demo(self.deps)
        self.http = self._serve(port, access_log)
        from embedded.scheduler import LocalScheduler

        self.scheduler = LocalScheduler(
            self.app_module.app,
            self.app_module,
            self.deps.settings.schedule_group,
            tick=scheduler_tick,
        ).start()
        self._stop = threading.Event()
        self._saver = threading.Thread(target=self._save_periodically, daemon=True)
        if data_dir:
            self._saver.start()

    @property
    def url(self) -> str:
        host, port = self.http.server.server_address[:2]
        return f"http://{host}:{port}"

    def _secret(self) -> str:
        if self.data_dir is None:
            return secrets.token_urlsafe(48)
        path = self.data_dir / "token-secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def _admin(self, restored: bool) -> Admin:
        """The admin login the banner prints: one that works. On saved data, the kept one,
        unless ``WALIMA_ADMIN_EMAIL``/``WALIMA_ADMIN_PASSWORD`` name another that can be made
        (a new e-mail is created; a kept e-mail with another password is refused, said why)."""
        email = os.environ.get("WALIMA_ADMIN_EMAIL", "admin@walima.local").lower()
        password = os.environ.get("WALIMA_ADMIN_PASSWORD")
        saved = self.data_dir / "admin.json" if self.data_dir else None
        kept = Admin(**json.loads(saved.read_text())) if saved and saved.exists() else None
        if kept is not None and password is None:
            return kept
        admin = Admin(email, password or secrets.token_urlsafe(12))
        if restored and not self._admin_works(admin):
            print(
                f"  {email}: WALIMA_ADMIN_PASSWORD is not this admin's password in {self.data_dir}"
                " (make reset starts afresh); the admin login below is the kept one",
                file=sys.stderr,
                flush=True,
            )
            return kept or admin
        if saved:
            saved.write_text(json.dumps(admin.__dict__))
            saved.chmod(0o600)
        return admin

    def _admin_works(self, admin: Admin) -> bool:
        """Whether ``admin`` logs in on the restored data, creating it if its e-mail is new."""
        from chalicelib.adapters.passwords import password_matches

        found = self.deps.accounts.credentials(admin.email)
        if found is None:
            self._create_admin(admin)
            return True
        return password_matches(found[1], admin.password)

    def _create_admin(self, admin: Admin | None = None) -> None:
        from chalicelib.services.accounts import create_admin

        admin = admin or self.admin
        digits = int(hashlib.sha256(admin.email.encode()).hexdigest(), 16) % 10**8
        create_admin(
            self.deps.accounts, admin.email, f"+2125{digits:08d}", admin.password, self.deps.clock()
        )

    def _prepare_aws(self) -> bool:
        """Tables, identities, the schedule group and the bucket; then, with a data folder,
        the last snapshot and the journal after it (whether anything was restored)."""
        from chalicelib.adapters.aws import client
        from chalicelib.adapters.models import create_tables

        create_tables()
        client("ses").verify_email_identity(EmailAddress=self.deps.settings.sender_email)
        with contextlib.suppress(client("scheduler").exceptions.ConflictException):
            client("scheduler").create_schedule_group(Name=self.deps.settings.schedule_group)
        with contextlib.suppress(client("s3").exceptions.BucketAlreadyOwnedByYou):
            self.deps.uploads.create_bucket(REGION)  # caterers' uploads
        return self._restore() if self.data_dir else False

    def _restore(self) -> bool:
        """Snapshot, then the journal's later entries, in order; from then on every write moto
        acknowledges is journaled first (``aws.SerialisedApp``)."""
        from embedded import snapshot
        from embedded.journal import Journal

        assert self.data_dir is not None
        started = time.monotonic()
        seq = snapshot.load(self._snapshot_path(), self.deps.uploads.bucket)
        loaded = time.monotonic()
        journal = Journal(self.data_dir / "journal.jsonl")
        replayed = self.moto.app.replay(journal.entries(after=seq or 0))
        journal.last_seq = max(journal.last_seq, seq or 0)
        journal.appended = replayed  # the saver compacts them soon, off the start-up path
        self.moto.app.journal = journal
        logger.info(
            "restored: snapshot in %.2f s, %d journaled writes replayed in %.2f s",
            loaded - started,
            replayed,
            time.monotonic() - loaded,
        )
        return seq is not None or replayed > 0

    def _snapshot_path(self) -> Path:
        assert self.data_dir is not None
        return self.data_dir / "snapshot.json"

    def _serve(self, port: int, access_log: bool) -> LocalDevServer:
        app = self.app_module.app
        config = CLIFactory(str(PROJECT)).create_config_obj(chalice_stage_name="local")
        if not isinstance(app, LocalChalice):  # chalice.local.create_local_server's class swap
            CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
            app.__class__ = CustomLocalChalice
        handler = Handler if access_log else QuietHandler
        server = LocalDevServer(
            app, config, "127.0.0.1", port, handler_cls=handler, server_cls=Server
        )
        threading.Thread(target=server.server.serve_forever, daemon=True).start()
        return server

    def _save_periodically(self) -> None:
        """Compaction: a snapshot once the journal has grown (the journal is what keeps data)."""
        while not self._stop.wait(SNAPSHOT_EVERY_S):
            journal = self.moto.app.journal
            if journal is not None and journal.appended:
                self.save()

    def save(self) -> None:
        """A consistent snapshot under moto's lock, then an empty journal."""
        journal = self.moto.app.journal
        if self.data_dir is None or journal is None:
            return
        from embedded import snapshot

        settings = self.deps.settings
        try:
            with self.moto.app.exclusive() as token:
                clients = snapshot.holding(token, self.moto.endpoint, REGION)
                path, group, bucket = (
                    self._snapshot_path(),
                    settings.schedule_group,
                    settings.upload_bucket,
                )
                snapshot.save(path, group, bucket, journal.last_seq, clients)
                journal.compact()
        except Exception:  # the journal still holds everything: nothing is lost
            logger.exception("could not save the embedded data")

    def stop(self) -> None:
        self._stop.set()
        self.scheduler.stop()
        self.http.shutdown()
        self.save()
        journal, self.moto.app.journal = self.moto.app.journal, None
        if journal is not None:
            journal.close()
        if self._owns_moto:
            self.moto.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Walima on the embedded default")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data", type=Path, default=PROJECT / ".data")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for noisy in ("botocore", "pynamodb", "werkzeug"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sys.path.insert(0, str(PROJECT))
    stopping = threading.Event()  # before the banner: a stop that follows it at once is heard
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    # `kill -USR1 <pid>` prints every thread's stack to stderr: how a stuck stop is diagnosed
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    walima = Embedded(port=args.port, data_dir=args.data, seed=True, access_log=True)
    print(f"Walima is running on {walima.url}", flush=True)
    print(f"  admin login: {walima.admin.email} / {walima.admin.password}", flush=True)
    print("  demo accounts (fatima@example.ma, souss@example.ma, …): password walima-demo-2026")
    print(f"  e-mails and SMS sent: {walima.url}/dev/outbox   ·   Ctrl-C stops", flush=True)
    # Polled, not one blocking wait: the kernel may deliver SIGTERM to any thread, and Python
    # runs the handler only when the main thread next runs bytecode, which a wait without a
    # timeout never does (the stop then hung until the test's 30 s ran out).
    with contextlib.suppress(KeyboardInterrupt):
        while not stopping.wait(STOP_POLL_S):
            pass
    print("stopping: saving data to", args.data, flush=True)
    walima.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
