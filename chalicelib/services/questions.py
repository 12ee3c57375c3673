"""The enquiry period: caterers ask, the organizer answers in public, askers stay anonymous."""

from __future__ import annotations

import uuid

from chalicelib.commands import Answer, AskQuestion
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.question import Question
from chalicelib.services import notifications, throttles
from chalicelib.services.deps import Deps
from chalicelib.services.tenders import own_tender
from chalicelib.services.throttles import Throttle


def ask(deps: Deps, principal: Principal, tender_id: str, command: AskQuestion) -> Question:
    principal.require(Role.CATERER)
    deps.tenders.get(tender_id)  # 404 before 409 for a tender that does not exist
    throttles.enforce(deps, Throttle.QUESTION, "", principal.account_id)
    question = Question(
        str(uuid.uuid4()), tender_id, principal.account_id, command.text, deps.clock()
    )
    deps.questions.ask(question)
    return question


def answer(
    deps: Deps, principal: Principal, tender_id: str, question_id: str, command: Answer
) -> Question:
    own_tender(deps, principal, tender_id)
    question = deps.questions.get(tender_id, question_id)
    deps.questions.answer(question, principal.account_id, command.text, deps.clock())
    notifications.send_pending(deps, tender_id)
    return deps.questions.get(tender_id, question_id)


def public_questions(deps: Deps, tender_id: str) -> list[Question]:
    deps.tenders.get(tender_id)
    return deps.questions.of_tender(tender_id)
