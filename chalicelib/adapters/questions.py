"""Questions in the enquiry period. Asking is one transaction that checks the tender still takes
questions; answering writes the answer and the tender's outbox event together."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import refused, transact
from chalicelib.adapters.models import AccountModel, QuestionModel, TenderModel
from chalicelib.adapters.tender_items import event_actions
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.notices import Event, event_key
from chalicelib.domain.question import Question


def _question(item: QuestionModel) -> Question:
    return Question(
        item.question_id,
        item.tender_id,
        item.asker_id,
        item.text,
        item.asked_at,
        item.answer,
        item.answered_at,
    )


class QuestionRepository:
    def ask(self, question: Question) -> None:
        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.condition_check(
                    AccountModel,
                    question.asker_id,
                    condition=AccountModel.verified == True,  # noqa: E712
                )
                tx.condition_check(
                    TenderModel,
                    question.tender_id,
                    condition=(TenderModel.status == TenderStatus.OPEN.value)
                    & (TenderModel.questions_deadline > question.asked_at),
                )
                tx.save(
                    QuestionModel(
                        tender_id=question.tender_id,
                        question_id=question.id,
                        asker_id=question.asker_id,
                        text=question.text,
                        asked_at=question.asked_at,
                    ),
                    condition=QuestionModel.question_id.does_not_exist(),
                )

        try:
            transact(write)
        except TransactWriteError as error:
            failed = refused(error)  # the account check first, then the tender's
            if failed and failed[0]:
                raise Forbidden("only verified caterers ask public questions") from error
            raise Conflict("the questions period of this tender is over") from error

    def answer(self, question: Question, organizer_id: str, text: str, now: datetime) -> None:
        """Answer once; the answer is public and every bidder and asker will be told."""
        key = event_key(Event.ANSWERED, question.id)

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.update(
                    QuestionModel(tender_id=question.tender_id, question_id=question.id),
                    actions=[QuestionModel.answer.set(text), QuestionModel.answered_at.set(now)],
                    condition=QuestionModel.question_id.exists()
                    & QuestionModel.answer.does_not_exist(),
                )
                tx.update(
                    TenderModel(id=question.tender_id),
                    actions=event_actions(key, now),
                    condition=TenderModel.organizer_id == organizer_id,
                )

        try:
            transact(write)
        except TransactWriteError as error:
            raise Conflict("this question is already answered") from error

    def get(self, tender_id: str, question_id: str) -> Question:
        try:
            return _question(QuestionModel.get(tender_id, question_id, consistent_read=True))
        except QuestionModel.DoesNotExist as error:
            raise NotFound("no such question") from error

    def of_tender(self, tender_id: str) -> list[Question]:
        found = [_question(q) for q in QuestionModel.query(tender_id, consistent_read=True)]
        return sorted(found, key=lambda q: (q.asked_at, q.id))
