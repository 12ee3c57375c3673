"""The API's own description: OpenAPI 3.1, generated from every feature's routes."""

from __future__ import annotations

from chalicelib.entrypoints import openapi, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter

api = ApiRouter()
pages = PageRouter()


@api.route("/api/openapi.json", methods=["GET"], returns=(200, schemas.OpenApiDocument))
def openapi_document(call: Call) -> Reply:
    """This document: OpenAPI 3.1, generated from the routes and their pydantic models."""
    return 200, schemas.OpenApiDocument.model_validate(openapi.described())
