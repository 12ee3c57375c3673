"""The API's middleware: one structured log line per request with its correlation id, and the
contract's error shape for the refusals Chalice makes itself (405, 415)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from chalice.app import Request, Response

from chalicelib.adapters import telemetry
from chalicelib.entrypoints.wire import CHALICE_ERRORS, json_response


def contract_errors(request: Request, get_response: Callable[[Request], Response]) -> Response:
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


def observe(request: Request, get_response: Callable[[Request], Response]) -> Response:
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
