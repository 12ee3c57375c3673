"""A JSON route answers the model it declares (the one ``/api/openapi.json`` shows), sent with
only the fields that were set."""

from __future__ import annotations

import json

from chalice.app import Chalice
from chalice.test import Client

from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import Api, ApiRouter, Call, Reply


def _app(answer: schemas.QuestionPage | schemas.BidPage) -> Chalice:
    app = Chalice("answers")
    router = ApiRouter()

    @router.route("/api/probe", methods=["GET"], returns=(200, schemas.QuestionPage))
    def probe(call: Call) -> Reply:
        return 200, answer

    Api(app).include(router)
    return app


def test_the_declared_model_is_sent_without_its_unset_fields(aws: str) -> None:
    page = schemas.QuestionPage(items=[], next=None)
    with Client(_app(page)) as client:
        answer = client.http.get("/api/probe")
    assert answer.status_code == 200
    assert json.loads(answer.body) == {"items": [], "next": None}
    unset = schemas.LessonPage(items=[])  # ``next`` has a default and was not passed
    assert unset.wire() == {"items": []}


def test_another_model_than_the_declared_one_is_a_bug_not_an_answer(aws: str) -> None:
    with Client(_app(schemas.BidPage(items=[], next=None))) as client:
        answer = client.http.get("/api/probe")
    assert answer.status_code == 500
    assert b"items" not in answer.body
