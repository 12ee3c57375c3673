"""The JSON API's plumbing: parse and bound the body, authenticate, replay idempotent creates,
and turn every refusal into the contract's error shape.

Routes in ``app.py`` receive a ``Call`` and return ``(status, body)``; nothing else about HTTP
leaks into them or into services.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from chalice.app import Chalice, Request, Response
from pydantic import BaseModel, ValidationError

from chalicelib.adapters import telemetry
from chalicelib.adapters.idempotency import request_hash
from chalicelib.bootstrap import deps
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthorized,
)
from chalicelib.entrypoints import request as core
from chalicelib.services.accounts import authenticate
from chalicelib.services.deps import Deps

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Download:
    """A non-JSON answer (a CSV export): sent as is, with its media type and file name."""

    text: str
    media_type: str
    filename: str


Reply = tuple[int, dict[str, Any]] | Download
Handler = Callable[["Call"], Reply]

ERRORS: dict[type[DomainError], tuple[int, str]] = {
    InvalidInput: (422, "validation_error"),
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    PayloadTooLarge: (413, "payload_too_large"),
    RateLimited: (429, "rate_limited"),
}


class MalformedBody(DomainError):
    """The body is not a JSON object (400)."""


ERRORS[MalformedBody] = (400, "validation_error")

# Refusals Chalice makes itself, before a route runs (wrong method, a body that is not JSON).
CHALICE_ERRORS: dict[int, tuple[str, str]] = {
    405: ("method_not_allowed", "this path does not take this method (see the Allow header)"),
    415: ("unsupported_media_type", "send the body as JSON, with Content-Type: application/json"),
}


def error_response(error: DomainError) -> Response:
    """The contract's error answer; a 429 says when to come back (``Retry-After``, seconds)."""
    headers = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(max(1, math.ceil(error.retry_after.total_seconds())))
    return json_response(*error_body(error), headers)


def json_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


def download_response(download: Download) -> Response:
    return Response(
        body=download.text,
        status_code=200,
        headers={
            "Content-Type": f"{download.media_type}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{download.filename}"',
        },
    )


def not_found_response() -> Response:
    """For API paths no route serves (API Gateway would say 403 "Missing Authentication Token")."""
    return json_response(*error_body(NotFound("no such API path; see /api/openapi.json")))


def error_body(error: DomainError) -> tuple[int, dict[str, Any]]:
    status, code = ERRORS[type(error)]
    payload: dict[str, Any] = {"code": code, "message": error.message}
    if error.fields:
        payload["fields"] = error.fields
    return status, {"error": payload}


def _not_a_number(constant: str) -> float:
    raise ValueError(f"{constant} is not a JSON number")


def parse_json(raw: bytes) -> Any:
    """The body's JSON, or ``MalformedBody``: UTF-8 text only, no NaN, and not nested too deep.

    Python's parser is laxer than JSON (it takes NaN, UTF-16, lone surrogates such as
    ``"\\ud800"``), and a deep enough nesting exhausts its recursion: each would either pass
    something that is not text to the services or end in a 500.
    """
    try:
        data = json.loads(raw.decode("utf-8-sig") or "null", parse_constant=_not_a_number)
        json.dumps(data, ensure_ascii=False).encode()  # fails on a lone surrogate
    except UnicodeError as error:
        raise MalformedBody("the body is not valid UTF-8 text") from error
    except ValueError as error:
        raise MalformedBody("the body is not valid JSON") from error
    except RecursionError as error:
        raise MalformedBody("the body is nested too deeply") from error
    return data


def fields_of(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"]) or "body"
        fields.setdefault(name, problem["msg"].removeprefix("Value error, "))
    return fields


class Call:
    """One API request, as the route sees it."""

    def __init__(
        self, request: Request, params: dict[str, str], operation: Operation | None = None
    ) -> None:
        self.request = request
        self.params = params
        self.operation = operation
        self.deps: Deps = deps()
        self.now: datetime = self.deps.clock()
        self._principal: Principal | None = None

    @property
    def principal(self) -> Principal:
        if self._principal is None:
            header = self.request.headers.get("authorization") or ""
            scheme, _, token = header.partition(" ")
            self._principal = authenticate(
                self.deps, token.strip() if scheme.lower() == "bearer" else None
            )
        return self._principal

    @property
    def viewer(self) -> str | None:
        """The caller's account on a public route: None when anonymous, 401 for a bad token."""
        if not self.request.headers.get("authorization"):
            return None
        return self.principal.account_id

    @property
    def source(self) -> str:
        """The client's address, for the use cases' throttles."""
        return core.client_address(self.request)

    def raw_body(self) -> bytes:
        return core.raw_body(self.request, self.deps.settings.max_body_bytes)

    def body(self, model: type[M]) -> M:
        self._declared("body", model)
        raw = self.raw_body()
        if not raw.strip() and self.operation is not None and self.operation.body_optional:
            return self.parse(model, {})  # a route whose body may be left out: its defaults
        data = parse_json(raw)
        if not isinstance(data, dict):
            raise MalformedBody("the body must be a JSON object")
        return self.parse(model, data)

    def query(self, model: type[M]) -> M:
        self._declared("query", model)
        return self.parse(model, dict(self.request.query_params or {}))

    def _declared(self, part: str, model: type[BaseModel]) -> None:
        """The model a route parses must be the one it declares (and /api/openapi.json shows)."""
        declared = getattr(self.operation, part, None)
        if declared is not None and declared is not model:
            raise RuntimeError(f"{self.request.path}: declares {part} {declared}, parses {model}")

    @staticmethod
    def parse(model: type[M], data: dict[str, Any]) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise InvalidInput("some fields are not valid", fields_of(error)) from error


class Api:
    """Registers JSON routes on the Chalice app with the plumbing above."""

    def __init__(self, app: Chalice, title: str = "Walima API", version: str = "1.0") -> None:
        self.app = app
        self.title = title
        self.version = version
        self.operations: list[Operation] = []
        app.register_middleware(_observe, "http")  # first: the outermost, sees the final status
        app.register_middleware(_contract_errors, "http")

    def route(
        self,
        path: str,
        methods: list[str],
        *,
        idempotent: bool = False,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        returns: tuple[int, str] | None = None,
        counts: str | None = None,
        media_type: str = "application/json",
        body_optional: bool = False,
    ) -> Callable[[Handler], Callable[..., Response]]:
        """A JSON route. ``body``, ``query`` and ``returns`` (status, the name of a model in
        ``entrypoints/schemas.py``, imported only to build the document, not at cold start)
        describe it in ``/api/openapi.json`` (``body``/``query`` must be what it parses);
        ``counts="Bids"`` reports ``BidsAccepted`` / ``BidsRefused`` for each request. Rate
        limits are the use cases' (``services/throttles.py``), the same on both doors."""

        def register(handler: Handler) -> Callable[..., Response]:
            operation = Operation(
                path=path,
                methods=tuple(methods),
                name=handler.__name__,
                summary=(handler.__doc__ or handler.__name__.replace("_", " ")).strip(),
                body=body,
                query=query,
                returns=returns,
                idempotent=idempotent,
                counts=counts,
                media_type=media_type,
                body_optional=body_optional,
            )
            self.operations.append(operation)

            @functools.wraps(handler)
            def view(**params: str) -> Response:
                return self._run(handler, params, operation)

            self.app.route(path, methods=methods, content_types=["application/json"])(view)
            return view

        return register

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document of every route registered here (built once per process)."""
        if self._document is None:
            from chalicelib.entrypoints.openapi import document

            self._document = document(self.operations, self.title, self.version)
        return self._document

    _document: dict[str, Any] | None = None

    def _run(self, handler: Handler, params: dict[str, str], operation: Operation) -> Response:
        ran = False

        def work(call: Call) -> Reply:
            nonlocal ran
            ran = True
            return handler(call)

        try:
            core.check_ids(params)
            request = self.app.current_request
            if request is None:
                raise RuntimeError("a route ran outside a request")
            call = Call(request, params, operation)
            key = call.request.headers.get("idempotency-key")
            if operation.idempotent and key is not None:
                response = _idempotent(call, work, key)
                _count(operation, response.status_code, ran)
                return response
            reply = work(call)
        except DomainError as error:
            response = error_response(error)
            _count(operation, response.status_code, ran)
            return response
        if isinstance(reply, Download):
            _count(operation, 200, ran)
            return download_response(reply)
        status, body = reply
        _count(operation, status, ran)
        return json_response(status, body)


def _idempotent(call: Call, handler: Handler, key: str) -> Response:
    """The first answer to this key, replayed for a retry (``Idempotent-Replayed``)."""
    if not 1 <= len(key) <= 255:
        raise InvalidInput("bad Idempotency-Key", {"Idempotency-Key": "from 1 to 255 characters"})
    who = call.principal.account_id if call.request.headers.get("authorization") else "-"
    target = "/".join(f"{k}={v}" for k, v in sorted(call.params.items()))

    def work() -> tuple[int, dict[str, Any]]:
        reply = handler(call)
        if isinstance(reply, Download):
            raise RuntimeError("an idempotent route answers JSON, not a download")
        return reply

    scoped = f"{who}:{call.request.path}:{target}:{key}"
    fingerprint = request_hash(call.raw_body())
    outcome = core.once(call.deps.idempotency, scoped, fingerprint, call.now, work)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return json_response(outcome.status, outcome.body, headers)


@dataclass(frozen=True)
class Operation:
    """A JSON route as ``/api/openapi.json`` describes it."""

    path: str
    methods: tuple[str, ...]
    name: str
    summary: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    returns: tuple[int, str] | None
    idempotent: bool
    counts: str | None
    media_type: str = "application/json"
    body_optional: bool = False  # an empty body means the body model's defaults


def _count(operation: Operation, status: int, ran: bool) -> None:
    """``<counts>Accepted`` for a 2xx, ``<counts>Refused`` for a 4xx; a replay is neither."""
    if operation.counts and ran and status < 500:
        outcome = "Accepted" if status < 400 else "Refused"
        deps().metrics.count(f"{operation.counts}{outcome}")


def _contract_errors(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """Give the refusals Chalice makes itself (405, 415) the contract's error shape.

    Chalice answers them before any route runs, as ``{"Code", "Message"}``; API clients must
    get ``{"error": {"code", "message"}}`` like every other 4xx. Pages keep Chalice's answer.
    """
    response = get_response(request)
    known = CHALICE_ERRORS.get(response.status_code)
    path = str(request.context.get("resourcePath", ""))
    if known is None or not path.startswith("/api/"):
        return response
    code, message = known
    headers = {
        name: value
        for name, value in response.headers.items()
        if isinstance(value, str) and name.lower() != "content-type"
    }
    return json_response(
        response.status_code, {"error": {"code": code, "message": message}}, headers
    )


def correlation_id(request: Request) -> str:
    """API Gateway's request id (what its access logs and the client's 5xx report carry); the
    Lambda request id where there is none (the embedded server)."""
    given = request.context.get("requestId")
    if given:
        return str(given)
    context = getattr(request, "lambda_context", None)
    return str(getattr(context, "aws_request_id", None) or uuid.uuid4())


def _observe(request: Request, get_response: Callable[[Request], Response]) -> Response:
    """One structured log line per request, with its correlation id, which every log line of
    the request also carries and the response returns (``X-Correlation-Id``).

    The line names the route template, never the path or query (ids, cursors), headers or
    body (tokens, passwords).
    """
    started = time.perf_counter()
    route = f"{request.method} {request.context.get('resourcePath', '?')}"
    request_id = correlation_id(request)
    with telemetry.invocation(request_id, route, route=route) as log:
        response = get_response(request)
        response.headers["X-Correlation-Id"] = request_id
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        log.log(level, "request", extra={"status": status, "ms": elapsed})
    return response
