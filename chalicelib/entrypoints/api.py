"""The JSON API's plumbing: parse and bound the body, authenticate, replay idempotent creates,
and turn every refusal into the contract's error shape.

Routes in ``app.py`` receive a ``Call`` and return ``(status, body)``; nothing else about HTTP
leaks into them or into services.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from chalice.app import Chalice, Request, Response
from pydantic import BaseModel, ValidationError

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
    Unauthorized,
)
from chalicelib.services.accounts import authenticate
from chalicelib.services.deps import Deps

M = TypeVar("M", bound=BaseModel)
Reply = tuple[int, dict[str, Any]]
Handler = Callable[["Call"], Reply]

ERRORS: dict[type[DomainError], tuple[int, str]] = {
    InvalidInput: (422, "validation_error"),
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    PayloadTooLarge: (413, "payload_too_large"),
}


class MalformedBody(DomainError):
    """The body is not a JSON object (400)."""


ERRORS[MalformedBody] = (400, "validation_error")

# Refusals Chalice makes itself, before a route runs (wrong method, a body that is not JSON).
CHALICE_ERRORS: dict[int, tuple[str, str]] = {
    405: ("method_not_allowed", "this path does not take this method (see the Allow header)"),
    415: ("unsupported_media_type", "send the body as JSON, with Content-Type: application/json"),
}


def json_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
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

    def __init__(self, request: Request, params: dict[str, str]) -> None:
        self.request = request
        self.params = params
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

    def raw_body(self) -> bytes:
        raw = self.request.raw_body or b""
        raw = raw if isinstance(raw, bytes) else raw.encode()
        if len(raw) > self.deps.settings.max_body_bytes:
            raise PayloadTooLarge(f"the body is over {self.deps.settings.max_body_bytes} bytes")
        return raw

    def body(self, model: type[M]) -> M:
        data = parse_json(self.raw_body())
        if not isinstance(data, dict):
            raise MalformedBody("the body must be a JSON object")
        return self.parse(model, data)

    def query(self, model: type[M]) -> M:
        return self.parse(model, dict(self.request.query_params or {}))

    @staticmethod
    def parse(model: type[M], data: dict[str, Any]) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise InvalidInput("some fields are not valid", fields_of(error)) from error


def _check_ids(params: dict[str, str]) -> None:
    """Ids in paths are UUIDs; anything else cannot exist (and must not reach DynamoDB)."""
    for name, value in params.items():
        try:
            uuid.UUID(value)
        except ValueError as error:
            raise NotFound(f"no such {name.removesuffix('_id') or 'item'}") from error


class Api:
    """Registers JSON routes on the Chalice app with the plumbing above."""

    def __init__(self, app: Chalice) -> None:
        self.app = app
        app.register_middleware(_contract_errors, "http")

    def route(
        self, path: str, methods: list[str], *, idempotent: bool = False
    ) -> Callable[[Handler], Callable[..., Response]]:
        def register(handler: Handler) -> Callable[..., Response]:
            @functools.wraps(handler)
            def view(**params: str) -> Response:
                return self._run(handler, params, idempotent)

            self.app.route(path, methods=methods, content_types=["application/json"])(view)
            return view

        return register

    def _run(self, handler: Handler, params: dict[str, str], idempotent: bool) -> Response:
        try:
            _check_ids(params)
            request = self.app.current_request
            if request is None:
                raise RuntimeError("a route ran outside a request")
            call = Call(request, params)
            key = call.request.headers.get("idempotency-key")
            if idempotent and key:
                return self._idempotent(call, handler, key)
            status, body = handler(call)
        except DomainError as error:
            status, body = error_body(error)
        return json_response(status, body)

    @staticmethod
    def _idempotent(call: Call, handler: Handler, key: str) -> Response:
        if len(key) > 255:
            raise InvalidInput("bad Idempotency-Key", {"Idempotency-Key": "at most 255 characters"})
        who = call.principal.account_id if call.request.headers.get("authorization") else "-"
        target = "/".join(f"{k}={v}" for k, v in sorted(call.params.items()))
        scoped = f"{who}:{call.request.path}:{target}:{key}"
        store = call.deps.idempotency
        replay = store.claim(scoped, request_hash(call.raw_body()), call.now)
        if replay is not None:
            return json_response(replay.status_code, replay.body, {"Idempotent-Replayed": "true"})
        try:
            status, body = handler(call)
        except BaseException:
            store.release(scoped)
            raise
        store.complete(scoped, status, body)
        return json_response(status, body)


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
