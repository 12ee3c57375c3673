"""The JSON API's routes: each feature's ``ApiRouter`` declares them, ``Api`` puts them on the
app; a handler receives a ``Call`` (the parsed body and query, the principal, the client's
address) and returns ``(status, answer)``, the answer being an instance of the model its route
declares in ``returns`` (``None`` for a 204); nothing else about HTTP leaks into it or into
services.
Replays idempotent creates; the error shape is ``wire.py``, the middleware ``middleware.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from chalice.app import Request, Response
from pydantic import BaseModel, ValidationError

from chalicelib.adapters.idempotency import request_hash
from chalicelib.bootstrap import deps
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import (
    DomainError,
    InvalidInput,
)
from chalicelib.entrypoints import request as core
from chalicelib.entrypoints.schemas.fields import Out
from chalicelib.entrypoints.wire import (
    Download,
    MalformedBody,
    download_response,
    error_response,
    fields_of,
    json_response,
    parse_json,
)
from chalicelib.services.accounts import authenticate
from chalicelib.services.deps import Deps

if TYPE_CHECKING:
    from chalicelib.entrypoints.features import Routes

M = TypeVar("M", bound=BaseModel)
Reply = tuple[int, Out | None] | Download
Handler = Callable[["Call"], Reply]


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
            by_write = self.operation is not None and self.operation.session_in_write
            self._principal = authenticate(
                self.deps,
                token.strip() if scheme.lower() == "bearer" else None,
                checked_by_write=by_write,
            )
        return self._principal

    @property
    def viewer(self) -> str | None:
        """The caller's account on a public route: None when anonymous, 401 for a bad token."""
        if not self.request.headers.get("authorization"):
            return None
        return self.principal.account_id

    def absolute(self, path: str) -> str:
        """This API's absolute URL for ``path`` (as pages build theirs)."""
        return core.base_url(self.request, self.deps.settings) + path

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


class ApiRouter:
    """One feature's JSON routes, declared beside the feature's pages (Powertools' ``Router``);
    ``Api.include`` puts them on the app."""

    def __init__(self) -> None:
        self.routes: list[tuple[Operation, Handler]] = []

    def route(
        self,
        path: str,
        methods: list[str],
        *,
        idempotent: bool = False,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        returns: tuple[int, type[Out] | None] | None = None,
        counts: str | None = None,
        media_type: str = "application/json",
        body_optional: bool = False,
        session_in_write: bool = False,
    ) -> Callable[[Handler], Handler]:
        """A JSON route. ``body``, ``query`` and ``returns`` (status, the answer's model in
        ``entrypoints/schemas/``, None for a 204) describe it in ``/api/openapi.json``
        (``body``/``query`` must be what it parses);
        ``counts="Bids"`` reports ``BidsAccepted`` / ``BidsRefused`` for each request. Rate
        limits are the use cases' (``services/throttles.py``), the same on both doors.
        ``session_in_write``: the handler's write checks that the caller's session is live
        (a bid's transaction), so authenticating it costs no read."""

        def register(handler: Handler) -> Handler:
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
                session_in_write=session_in_write,
            )
            self.routes.append((operation, handler))
            return handler

        return register


class Api:
    """Puts routers' JSON routes on the app, with the plumbing above."""

    def __init__(self, app: Routes) -> None:
        self.app = app

    def include(self, router: ApiRouter) -> None:
        for operation, handler in router.routes:
            self._register(operation, handler)

    def _register(self, operation: Operation, handler: Handler) -> None:
        @functools.wraps(handler)
        def view(**params: str) -> Response:
            return self._run(handler, params, operation)

        methods = list(operation.methods)
        self.app.route(operation.path, methods=methods, content_types=["application/json"])(view)

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
                response = _idempotent(call, operation, work, key)
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
        status, body = _wire(operation, reply)
        _count(operation, status, ran)
        return json_response(status, body)


def _wire(operation: Operation, reply: Reply) -> tuple[int, dict[str, Any]]:
    """The answer as JSON, once checked to be the model the route declares (and
    ``/api/openapi.json`` shows)."""
    if isinstance(reply, Download):
        raise RuntimeError(f"{operation.path}: an idempotent route answers JSON, not a download")
    status, answer = reply
    declared = operation.returns[1] if operation.returns else None
    if type(answer) is not (declared or type(None)):
        raise RuntimeError(f"{operation.path}: declares {declared}, answers {type(answer)}")
    return status, {} if answer is None else answer.wire()


def _idempotent(call: Call, operation: Operation, handler: Handler, key: str) -> Response:
    """The first answer to this key, replayed for a retry (``Idempotent-Replayed``)."""
    if not 1 <= len(key) <= 255:
        raise InvalidInput("bad Idempotency-Key", {"Idempotency-Key": "from 1 to 255 characters"})
    who = call.principal.account_id if call.request.headers.get("authorization") else "-"
    target = "/".join(f"{k}={v}" for k, v in sorted(call.params.items()))

    def work() -> tuple[int, dict[str, Any]]:
        return _wire(operation, handler(call))

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
    returns: tuple[int, type[Out] | None] | None
    idempotent: bool
    counts: str | None
    media_type: str = "application/json"
    body_optional: bool = False  # an empty body means the body model's defaults
    session_in_write: bool = False  # the handler's write checks the session (no read here)


def _count(operation: Operation, status: int, ran: bool) -> None:
    """``<counts>Accepted`` for a 2xx, ``<counts>Refused`` for a 4xx; a replay is neither."""
    if operation.counts and ran and status < 500:
        outcome = "Accepted" if status < 400 else "Refused"
        deps().metrics.count(f"{operation.counts}{outcome}")
