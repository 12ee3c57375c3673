"""``/api/openapi.json``: the OpenAPI 3.1 document, generated from the routes as registered.

Nothing here is written by hand: paths and methods come from ``Api.route``, request bodies and
query parameters from the pydantic commands the routes parse (``Call.body`` refuses a model
other than the one declared), answers from ``schemas/``. Pydantic emits JSON Schema 2020-12,
which OpenAPI 3.1 uses as is. Loaded on first request of the document, not at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.entrypoints.schemas import ErrorOut

if TYPE_CHECKING:
    from chalicelib.entrypoints.api import Operation

TITLE, VERSION = "Walima API", "1.0"
REF = "#/components/schemas/{model}"
PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
ERRORS = {
    400: "The body is not a JSON object, or not valid JSON",
    401: "Log in first, or the session is invalid or expired",
    403: "Not allowed for this account",
    404: "No such item (or path)",
    409: "The tender's state forbids it (deadline passed, bid not low enough, not open…)",
    413: "The body is too large",
    415: "Send the body as JSON, with Content-Type: application/json",
    422: "Some fields are not valid (see error.fields)",
    429: "Too many requests: wait Retry-After seconds",
}
CORRELATION = {
    "X-Correlation-Id": {
        "description": "This request's id in Walima's logs: quote it when reporting a problem",
        "schema": {"type": "string"},
    }
}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(model)}}


def _schemas(models: Iterable[type[BaseModel]]) -> dict[str, Any]:
    unique = sorted(set(models), key=lambda m: m.__name__)
    names = [m.__name__ for m in unique]
    if len(set(names)) != len(names):
        raise RuntimeError(f"two models share a name: {names}")
    _, top = models_json_schema([(m, "validation") for m in unique], ref_template=REF)
    schemas: dict[str, Any] = top.get("$defs", {})
    return schemas


def _query_parameters(model: type[BaseModel], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    schema = schemas[model.__name__]
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": field}
        for name, field in schema.get("properties", {}).items()
    ]


def _operation(operation: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string", "format": "uuid"},
        }
        for name in PATH_PARAMETER.findall(operation.path)
    ]
    if operation.query is not None:
        parameters += _query_parameters(operation.query, schemas)
    responses: dict[str, Any] = {}
    status, model = operation.returns or (200, None)
    if model is None:
        responses[str(status)] = {"description": "Done", "headers": dict(CORRELATION)}
    else:
        headers = dict(CORRELATION)
        if operation.idempotent:
            headers["Idempotent-Replayed"] = {
                "description": "true when this is the stored answer to an earlier request",
                "schema": {"type": "string", "enum": ["true"]},
            }
        responses[str(status)] = {
            "description": "Done",
            "headers": headers,
            "content": _json(model)
            if operation.media_type == "application/json"
            else {
                operation.media_type: {
                    "schema": {"type": "string", "description": model.__doc__ or ""}
                }
            },
        }
    for status in ERRORS:
        responses[str(status)] = {"$ref": f"#/components/responses/Error{status}"}
    described: dict[str, Any] = {
        "operationId": operation.name,
        "summary": operation.summary.splitlines()[0],
        "responses": responses,
    }
    if operation.idempotent:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "the same key and body within 24 h returns the first answer",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            }
        )
    if parameters:
        described["parameters"] = parameters
    if operation.body is not None:
        required = not operation.body_optional
        described["requestBody"] = {"required": required, "content": _json(operation.body)}
    return described


def _error_responses() -> dict[str, Any]:
    """Every error has the same shape; each status is described once and referenced."""
    responses: dict[str, Any] = {}
    for status, description in ERRORS.items():
        response: dict[str, Any] = {
            "description": description,
            "headers": dict(CORRELATION),
            "content": _json(ErrorOut),
        }
        if status == 429:
            response["headers"]["Retry-After"] = {
                "description": "seconds to wait",
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            }
        responses[f"Error{status}"] = response
    return responses


@cache
def described() -> dict[str, Any]:
    """The document of every feature's JSON routes (built once per process)."""
    return document(operations(), TITLE, VERSION)


def operations() -> list[Operation]:
    """Every JSON route's description, from the features' routers in the app's order."""
    from chalicelib.entrypoints.routes import manifest

    return [op for feature in manifest.FEATURES for op, _ in manifest.module(feature).api.routes]


def document(operations: Sequence[Operation], title: str, version: str) -> dict[str, Any]:
    models: list[type[BaseModel]] = [ErrorOut]
    for op in operations:
        models += [m for m in (op.body, op.query) if m is not None]
        if op.returns is not None and op.returns[1] is not None:
            models.append(op.returns[1])
    schemas = _schemas(models)
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        for method in op.methods:
            paths.setdefault(op.path, {})[method.lower()] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "Catering tenders in Souss-Massa. Errors are "
            '`{"error": {"code", "message", "fields"?}}`; money is a decimal string.',
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            "responses": _error_responses(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}, {}],
    }
