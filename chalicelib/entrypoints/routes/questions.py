"""The enquiry period on both doors: caterers ask, the organizer answers in public."""

from __future__ import annotations

from chalicelib.commands import (
    Answer,
    AskQuestion,
)
from chalicelib.domain.account import Principal, Role
from chalicelib.entrypoints import forms, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.tender_page import post_on_tender
from chalicelib.entrypoints.web import Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import (
    questions,
)

QUESTIONS_OVER = N_("Questions on this tender are closed.")
ALREADY_ANSWERED = N_("This question is already answered.")

api = ApiRouter()
pages = PageRouter()


@api.route(
    "/api/tenders/{tender_id}/questions",
    methods=["POST"],
    idempotent=True,
    body=AskQuestion,
    returns=(201, schemas.QuestionOut),
)
def ask_question(call: Call) -> Reply:
    command = call.body(AskQuestion)
    question = questions.ask(call.deps, call.principal, call.params["tender_id"], command)
    return 201, schemas.QuestionOut.of(question)


@api.route(
    "/api/tenders/{tender_id}/questions", methods=["GET"], returns=(200, schemas.QuestionPage)
)
def list_questions(call: Call) -> Reply:
    found = questions.public_questions(call.deps, call.params["tender_id"])
    return 200, schemas.QuestionPage(items=[schemas.QuestionOut.of(q) for q in found], next=None)


@api.route(
    "/api/tenders/{tender_id}/questions/{question_id}/answer",
    methods=["POST"],
    body=Answer,
    returns=(200, schemas.QuestionOut),
)
def answer_question(call: Call) -> Reply:
    p = call.params
    command = call.body(Answer)
    question = questions.answer(
        call.deps, call.principal, p["tender_id"], p["question_id"], command
    )
    return 200, schemas.QuestionOut.of(question)


@pages.route("/tenders/{tender_id}/questions", ["POST"])
def ask(visit: Visit) -> Result:
    """A caterer asks a question in the enquiry period (its name is never shown)."""
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        questions.ask(visit.deps, principal, tender_id, forms.ask_question(form, visit.t))

    return post_on_tender(visit, Role.CATERER, act, "asked", ("question", QUESTIONS_OVER))


@pages.route("/tenders/{tender_id}/questions/{question_id}/answer", ["POST"])
def answer(visit: Visit) -> Result:
    tender_id, question_id = visit.params["tender_id"], visit.params["question_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.answer(form, question_id, visit.t)
        questions.answer(visit.deps, principal, tender_id, question_id, command)

    conflict = (f"answer-{question_id}", ALREADY_ANSWERED)
    return post_on_tender(visit, Role.ORGANIZER, act, "answered", conflict, owner=True)
