"""The JSON wire: the contract's error shape for every refusal, JSON and download answers, and
a strict reading of a JSON body."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalice.app import Response

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
from chalicelib.entrypoints.request import transport_headers

if TYPE_CHECKING:
    from pydantic import ValidationError

NO_CONTENT = 204
# Answers sent as bytes: API Gateway passes them base64-encoded (``app.py`` declares them).
BINARY_TYPES = ("application/pdf", "image/jpeg", "image/png")


def utc(moment: datetime) -> str:
    """A moment as every answer writes it: UTC, milliseconds, ``Z``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Download:
    """A non-JSON answer (a CSV export, a PDF): sent as is, with its media type and file name
    (text goes out as UTF-8; bytes are binary, base64 through API Gateway)."""

    text: str | bytes
    media_type: str
    filename: str


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


def api_headers(extra: dict[str, str] | None = None) -> dict[str, str | list[str]]:
    """Every API answer: never sniffed as another type, never stored by a cache (tokens and
    personal data ride in them), HSTS where served over HTTPS."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        **transport_headers(),
        **(extra or {}),
    }


def json_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    if status == NO_CONTENT:  # nothing to say, and HTTP allows no body
        return Response(body="", status_code=status, headers=api_headers(headers))
    content = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers=api_headers(content),
    )


def download_response(download: Download) -> Response:
    return Response(
        body=download.text,
        status_code=200,
        headers=api_headers(
            {
                "Content-Type": download.media_type
                if isinstance(download.text, bytes)
                else f"{download.media_type}; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{download.filename}"',
            }
        ),
    )


def not_found_response() -> Response:
    """For API paths no route serves (API Gateway would say 403 "Missing Authentication Token")."""
    return json_response(*error_body(NotFound("no such API path; see /api/openapi.json")))


def status_of(error: DomainError) -> int:
    """The HTTP status of a refusal, on both doors (a page re-shown with its message too)."""
    return _entry(error)[0]


def _entry(error: DomainError) -> tuple[int, str]:
    return next(ERRORS[kind] for kind in type(error).__mro__ if kind in ERRORS)


def error_body(error: DomainError) -> tuple[int, dict[str, Any]]:
    status, code = _entry(error)
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
