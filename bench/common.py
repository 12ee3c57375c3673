"""What every figure shares: the line it prints, moto and the embedded server in child
processes, the local stage's environment, a DynamoDB request counter, page logins.

Rules (README, "Benchmarks"): each figure is a ratio or a count measured side by side in one
run; load goes only to 127.0.0.1, bounded in count and time; nothing reaches AWS or the internet.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
REGION = "eu-west-3"
LOOPBACK = "127.0.0.1"
ADMIN_EMAIL = "admin@walima.bench"
NO_ENDPOINT = "http://127.0.0.1:9"  # discard port: a client that is not pointed at moto fails


# --- the line -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure's fixed name and goal, e.g. ``Target("page-weight", "<=", 30000)``."""

    name: str
    op: str  # "<=" or ">="
    threshold: float

    def met_by(self, value: float | None) -> bool:
        if value is None:
            return False
        return value <= self.threshold if self.op == "<=" else value >= self.threshold

    def line(self, shown: str, ok: bool) -> str:
        return f"bench {self.name}: {shown} (target {self.op} {self.threshold:g}) " + (
            "ok" if ok else "short"
        )


@dataclass
class Result:
    """One measurement: ``value`` is compared with the target, ``shown`` is what is printed
    (the value and its side-by-side details), ``notes`` go to stderr under the line."""

    value: float | None
    shown: str
    notes: list[str] = field(default_factory=list)
    ok: bool | None = None  # None: decided by the target alone


def emit(target: Target, result: Result) -> None:
    ok = target.met_by(result.value) if result.ok is None else result.ok
    print(target.line(result.shown, ok), flush=True)
    for note in result.notes:
        print(f"  {target.name}: {note}", file=sys.stderr, flush=True)


def run_figure(target: Target, measure: Callable[[], Result]) -> int:
    """Entry point of ``python -m bench.<figure>``: one line, exit 0 even when short."""
    try:
        result = measure()
    except Exception as error:  # a broken figure is reported, never hidden
        traceback.print_exc(file=sys.stderr)
        first = " ".join(str(error).split())[:160]  # one line, whatever the message
        result = Result(None, f"error ({type(error).__name__}: {first})")
    emit(target, result)
    return 0


def fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


# --- environment --------------------------------------------------------------------------


def stage_environment() -> dict[str, str]:
    """The local stage's ``environment_variables`` from ``.chalice/config.json``."""
    from embedded.runner import stage_environment as from_config

    return from_config("local")


def aws_environment(endpoint: str = NO_ENDPOINT) -> dict[str, str]:
    """Dummy credentials and an endpoint on loopback: nothing can reach real AWS."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def app_environment(endpoint: str = NO_ENDPOINT) -> dict[str, str]:
    """What the app needs to import and run on the local stage against ``endpoint``."""
    return {
        **stage_environment(),
        **aws_environment(endpoint),
        "WALIMA_TOKEN_SECRET": secrets.token_urlsafe(48),
    }


def use_moto(endpoint: str) -> None:
    """Point this process at moto with the local stage's settings (before importing the app),
    then give moto fresh tables, the SES identity and the schedule group."""
    os.environ.update(app_environment(endpoint))
    reset_moto(endpoint)
    from chalicelib.adapters.aws import client
    from chalicelib.adapters.models import create_tables
    from chalicelib.settings import settings

    create_tables()
    client("ses").verify_email_identity(EmailAddress=settings().sender_email)
    with contextlib.suppress(client("scheduler").exceptions.ConflictException):
        client("scheduler").create_schedule_group(Name=settings().schedule_group)


def reset_moto(endpoint: str) -> None:
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=30).close()  # loopback only


# --- child processes ----------------------------------------------------------------------


MARK = "@bench "  # prefix of the lines a helper process says to the bench (the app logs too)


def say(message: dict[str, Any]) -> None:
    print(MARK + json.dumps(message), flush=True)


def said(output: str) -> list[dict[str, Any]]:
    """The messages among a finished process's output lines."""
    return [json.loads(line[len(MARK) :]) for line in output.splitlines() if line.startswith(MARK)]


class Messages:
    """Reads a helper's standard output all the time (so its log lines can never fill the pipe
    and block it), keeping only what it ``say``-s."""

    def __init__(self, process: subprocess.Popen[str], name: str) -> None:
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._name = name
        self._tail: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(MARK):
                self._queue.put(json.loads(line[len(MARK) :]))
            else:
                self._tail = [*self._tail[-9:], line.rstrip()]
        self._queue.put(None)  # the helper ended

    def next(self, limit_s: float) -> dict[str, Any]:
        try:
            message = self._queue.get(timeout=limit_s)
        except queue.Empty:
            message = None
        if message is None:
            tail = "\n".join(self._tail)
            raise RuntimeError(f"{self._name} said nothing within {limit_s:.0f} s\n{tail}")
        return message


class Child:
    """A helper process of ours (moto, or the embedded server): says one message when ready,
    stops when its standard input closes, and is killed by its own pid if it lingers."""

    def __init__(self, role: str, env: dict[str, str] | None = None, ready_s: float = 60) -> None:
        self.process = subprocess.Popen(
            [PYTHON, "-m", "bench.common", role],
            cwd=PROJECT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            self.info = Messages(self.process, f"bench.common {role}").next(ready_s)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def moto_process(gc: bool = True) -> Child:
    """moto (serialised, as the embedded default runs it) in its own process.

    ``gc=False`` turns off CPython's cyclic garbage collector in moto: with tens of thousands of
    items in memory each collection walks them all, which slows every request to every table, a
    cost of the stand-in that DynamoDB does not have.
    """
    return Child("moto", env={"BENCH_MOTO_GC": "on" if gc else "off"})


def embedded_process() -> Child:
    """The embedded default (app + moto + local scheduler) in its own process, on a free port.
    ``info``: ``url``, ``admin_email``, ``admin_password``, ``moto``."""
    return Child("embedded")


def durable_process(data: Path) -> Child:
    """The embedded default as ``make run`` keeps data: journal and snapshot in ``data``.
    ``info`` as ``embedded_process``'s; killing ``process`` is a crash."""
    return Child("embedded", env={"BENCH_DATA": str(data)})


def _serve_moto() -> None:
    import gc

    from embedded.aws import MotoServer

    if os.environ.get("BENCH_MOTO_GC") == "off":
        gc.disable()
    moto = MotoServer().start()
    say({"endpoint": moto.endpoint})
    sys.stdin.read()
    moto.stop()


def _serve_embedded() -> None:
    """The embedded server; with ``BENCH_DATA``, keeping its data there as ``make run`` does
    (the admin's password is then the same after a restart on the same data)."""
    from embedded.runner import Admin, Embedded

    os.environ.update(aws_environment())
    data = os.environ.get("BENCH_DATA")
    admin = Admin(ADMIN_EMAIL, "bench-admin-2026" if data else secrets.token_urlsafe(12))
    walima = Embedded(port=0, admin=admin, data_dir=Path(data) if data else None)
    say(
        {
            "url": walima.url,
            "admin_email": admin.email,
            "admin_password": admin.password,
            "moto": walima.moto.endpoint,
        }
    )
    sys.stdin.read()
    walima.stop()


# --- counting DynamoDB requests -----------------------------------------------------------


class DynamoDBCalls:
    """A botocore event hook on every DynamoDB client this process creates (PynamoDB's and
    boto3's alike): counts requests by operation and keeps each request's parameters.

    Install before the app creates its first client (``DynamoDBCalls.install()``).
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)  # by "Operation table-or-index"
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.items_read = 0
        self._lock = threading.Lock()
        self._started = threading.local()

    @classmethod
    def install(cls) -> DynamoDBCalls:
        import botocore.session

        calls = cls()
        original = botocore.session.Session.create_client

        def create_client(session: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
            made = original(session, service_name, *args, **kwargs)
            if service_name == "dynamodb":
                calls.watch(made)
            return made

        botocore.session.Session.create_client = create_client
        return calls

    def watch(self, client: Any) -> None:
        client.meta.events.register("provide-client-params.dynamodb", self._params)
        client.meta.events.register("after-call.dynamodb", self._answer)

    def _params(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        where = params.get("IndexName") or params.get("TableName") or ""
        self._started.request = (f"{model.name} {where}".strip(), time.perf_counter())
        with self._lock:
            self.counts[model.name] += 1
            self.requests.append((model.name, json.loads(json.dumps(params, default=str))))

    def _answer(self, parsed: dict[str, Any], **_: Any) -> None:
        what, start = getattr(self._started, "request", ("?", time.perf_counter()))
        with self._lock:
            self.seconds[what] += time.perf_counter() - start
            # Items DynamoDB had to read for a Query or Scan: the index's work, not the table's.
            if isinstance(parsed, dict) and "ScannedCount" in parsed:
                self.items_read += int(parsed["ScannedCount"])

    @contextlib.contextmanager
    def during(self) -> Iterator[DynamoDBCalls]:
        """Counts for the block only."""
        window = DynamoDBCalls()
        with self._lock:
            start_counts, start_requests = Counter(self.counts), len(self.requests)
            start_seconds, start_read = dict(self.seconds), self.items_read
        yield window
        with self._lock:
            window.counts = self.counts - start_counts
            window.seconds = defaultdict(
                float, {k: v - start_seconds.get(k, 0.0) for k, v in self.seconds.items()}
            )
            window.requests = self.requests[start_requests:]
            window.items_read = self.items_read - start_read

    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        """``GetItem tenders 1, TransactWriteItems 1, …``: each operation with its tables."""
        seen: Counter[str] = Counter()
        for operation, params in self.requests:
            seen[f"{operation} {'+'.join(tables_of(params)) or '?'}"] += 1
        return ", ".join(f"{what} {n}" for what, n in sorted(seen.items())) or "none"


def tables_of(params: dict[str, Any]) -> list[str]:
    """Short table names a request touches (``tenders``, not ``walima-local-tenders``)."""
    prefix = os.environ.get("WALIMA_TABLE_PREFIX", "")
    names: list[str] = []
    if "TableName" in params:
        names.append(params["TableName"])
    names += list(params.get("RequestItems", {}))
    for item in params.get("TransactItems", []):
        names += [op["TableName"] for op in item.values() if "TableName" in op]
    return list(dict.fromkeys(n.removeprefix(prefix) for n in names))


# --- timing -------------------------------------------------------------------------------


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` is the elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


# --- the API, in-process or over HTTP ---------------------------------------------------

PASSWORD = "bench-password-2026"


def sign_up_body(n: int, role: str, language: str = "fr") -> dict[str, Any]:
    body: dict[str, Any] = {
        "role": role,
        "name": f"Bench {role} {n}",
        "email": f"bench{n}@example.ma",
        "phone": f"06{61000000 + n:08d}",
        "password": PASSWORD,
        "language": language,
    }
    if role == "caterer":
        body |= {
            "business_name": f"Traiteur Bench {n}",
            "provinces": ["agadir-ida-outanane"],
            "categories": ["catering"],
        }
    return body


def tender_body(seconds: float, **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "title": "Mariage à Agadir — dîner de 200 invités",
        "event_type": "wedding",
        "event_date": (now + timedelta(days=30)).date().isoformat(),
        "province": "agadir-ida-outanane",
        "venue": "Salle Founty, Agadir",
        "guests": 200,
        "menu": ["pastilla", "méchoui", "tajine"],
        "dietary": ["halal"],
        "service_style": "buffet",
        "mode": "sealed",
        "bid_deadline": (now + timedelta(seconds=seconds)).isoformat(),
    } | extra


@dataclass(frozen=True)
class Person:
    id: str
    token: str
    login: str


class Api:
    """The JSON API by its contract; a transport (in-process or HTTP) sends the requests."""

    def __init__(self, admin_login: str, admin_password: str, first_number: int = 1) -> None:
        self._numbers = itertools.count(first_number)
        self._numbers_lock = threading.Lock()
        self._admin = (admin_login, admin_password)
        self._admin_token: str | None = None

    def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        raise NotImplementedError

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        raw = json.dumps(body).encode() if body is not None else b""
        status, answer = self.send(method, path, headers, raw)
        try:
            return status, json.loads(answer) if answer else None
        except ValueError:
            return status, answer.decode(errors="replace")

    def ok(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        status, answer = self.call(method, path, body, token)
        if status not in (200, 201):
            raise RuntimeError(f"{method} {path} answered {status}: {answer}")
        return answer

    def get(self, path: str, token: str | None = None) -> Any:
        return self.ok("GET", path, token=token)

    def log_in(self, login: str, password: str = PASSWORD) -> str:
        answer = self.ok("POST", "/api/sessions", {"login": login, "password": password})
        return str(answer["token"])

    def admin_token(self) -> str:
        if self._admin_token is None:
            self._admin_token = self.log_in(*self._admin)
        return self._admin_token

    def sign_up(self, role: str = "organizer", verify: bool = True, **extra: Any) -> Person:
        with self._numbers_lock:
            n = next(self._numbers)
        body = sign_up_body(n, role) | extra
        account = self.ok("POST", "/api/accounts", body)
        if role == "caterer" and verify:
            self.ok("POST", f"/api/caterers/{account['id']}/verification", {}, self.admin_token())
        return Person(account["id"], self.log_in(body["email"]), body["email"])

    def tender(self, organizer: Person, seconds: float, **extra: Any) -> dict[str, Any]:
        return dict(self.ok("POST", "/api/tenders", tender_body(seconds, **extra), organizer.token))

    def bid(self, caterer: Person, tender_id: str, amount: str) -> tuple[int, Any]:
        return self.call(
            "POST", f"/api/tenders/{tender_id}/bids", {"amount_mad": amount}, caterer.token
        )


class InProcessApi(Api):
    """The Chalice app in this process through ``chalice.test.Client`` (API Gateway's event
    shape, no socket). Call ``use_moto`` first; an admin is created in moto directly, unless
    ``beside`` names a server whose admin it uses (sign-ups then number from 100,000)."""

    def __init__(self, beside: Child | None = None) -> None:
        from chalice.test import Client

        import app as app_module
        from chalicelib.bootstrap import deps
        from chalicelib.services.accounts import create_admin

        if beside is None:
            password = secrets.token_urlsafe(12)
            create_admin(deps().accounts, ADMIN_EMAIL, "+212500000000", password, deps().clock())
            super().__init__(ADMIN_EMAIL, password)
        else:
            info = beside.info
            super().__init__(info["admin_email"], info["admin_password"], first_number=100_000)
        self.module = app_module
        self.client = Client(app_module.app, stage_name="local", project_dir=str(PROJECT))

    def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        answer = self.client.http.request(method, path, headers=headers, body=body)
        return answer.status_code, answer.body or b""


class HttpApi(Api):
    """The API over HTTP on 127.0.0.1 (the embedded server), one keep-alive session a thread."""

    def __init__(self, server: Child) -> None:
        super().__init__(server.info["admin_email"], server.info["admin_password"])
        self.base: str = server.info["url"]
        if not self.base.startswith(f"http://{LOOPBACK}:"):
            raise RuntimeError(f"load goes to {LOOPBACK} only, not {self.base}")
        self._local = threading.local()

    @property
    def session(self) -> Any:
        import requests

        if getattr(self._local, "session", None) is None:
            self._local.session = requests.Session()
        return self._local.session

    def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        answer = self.session.request(
            method, self.base + path, headers=headers, data=body or None, timeout=60
        )
        return answer.status_code, answer.content


def minimum_window_s() -> int:
    """The local stage's shortest bidding window, from ``.chalice/config.json``."""
    name = "WALIMA_MIN_BIDDING_WINDOW_S"
    return int(os.environ.get(name) or stage_environment()[name])


# --- pages --------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Forms, stylesheets and scripts of an HTML page (enough to log in and weigh a page)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "inputs": []})
        elif tag in ("input", "select", "textarea", "button") and self.forms and a.get("name"):
            self.forms[-1]["inputs"].append(a)
        elif tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href") and self._preloads_code(a):
            self.assets.append(a["href"])

    @staticmethod
    def _preloads_code(a: dict[str, str]) -> bool:
        rel = a.get("rel", "")
        return rel == "modulepreload" or (rel == "preload" and a.get("as") in ("script", "style"))


def parse_page(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


LOGIN_NAMES = re.compile(r"login|email|phone|user", re.IGNORECASE)


def page_login(session: Any, base: str, login: str, password: str) -> bool:
    """Log in through ``/login`` as a person would: fill the form (keeping its hidden fields,
    e.g. the CSRF token) and post it; True when the session then holds a cookie."""
    answer = session.get(f"{base}/login", timeout=30)
    if answer.status_code != 200 or "html" not in answer.headers.get("Content-Type", ""):
        return False
    forms = [f for f in parse_page(answer.text).forms if _has_password(f)]
    if not forms:
        return False
    form = forms[0]
    data: dict[str, str] = {}
    for field_ in form["inputs"]:
        name, kind = field_["name"], field_.get("type", "text").lower()
        if kind == "password":
            data[name] = password
        elif kind in ("email", "tel") or (kind == "text" and LOGIN_NAMES.search(name)):
            data[name] = login
        elif kind in ("hidden", "submit") and "value" in field_:
            data[name] = field_["value"]
    action = form["action"] or "/login"
    url = action if action.startswith("http") else f"{base}{action}"
    posted = session.post(url, data=data, timeout=30, allow_redirects=True)
    return posted.status_code < 400 and bool(session.cookies)


def _has_password(form: dict[str, Any]) -> bool:
    return any(f.get("type", "").lower() == "password" for f in form["inputs"])


if __name__ == "__main__":
    {"moto": _serve_moto, "embedded": _serve_embedded}[sys.argv[1]]()
