"""Reviews: one per contracted tender, written with the caterer's rating totals in one
transaction, so the totals that feed the best-value score always match the reviews."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import pagination
from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import refused, transact, update_if
from chalicelib.adapters.models import AccountModel, ReviewModel, TenderModel
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.review import Review


def _to_domain(item: ReviewModel) -> Review:
    return Review(
        item.caterer_id,
        item.tender_id,
        item.organizer_id,
        int(item.stars),
        item.comment or "",
        item.created_at,
        item.reply,
        item.replied_at,
        bool(item.verified),
    )


class ReviewRepository:
    def add(self, review: Review) -> None:
        """Store the review once, if the tender is completed, its organizer is the reviewer
        and the caterer is the one it was contracted with; add the stars to the caterer."""
        tender_ok = (
            (TenderModel.status == TenderStatus.COMPLETED.value)
            & (TenderModel.organizer_id == review.organizer_id)
            & (TenderModel.award_caterer_id == review.caterer_id)
        )
        if review.verified:
            tender_ok &= TenderModel.delivered == True  # noqa: E712 - a condition, not a test
        item = ReviewModel(
            caterer_id=review.caterer_id,
            tender_id=review.tender_id,
            organizer_id=review.organizer_id,
            stars=review.stars,
            verified=review.verified or None,
            comment=review.comment,
            created_at=review.created_at,
        )

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.condition_check(TenderModel, review.tender_id, condition=tender_ok)
                tx.save(item, condition=ReviewModel.tender_id.does_not_exist())
                tx.update(
                    AccountModel(id=review.caterer_id),
                    actions=[
                        AccountModel.reviews.add(1),
                        AccountModel.stars_total.add(review.stars),
                    ],
                    condition=AccountModel.id.exists(),
                )

        try:
            transact(write)
        except TransactWriteError as error:
            failed = refused(error)
            if len(failed) > 1 and failed[1]:
                raise Conflict("this tender is already reviewed") from error
            if any(failed):
                raise Conflict(
                    "only a completed tender can be reviewed, by its organizer"
                ) from error
            raise

    def get(self, caterer_id: str, tender_id: str) -> Review:
        try:
            return _to_domain(ReviewModel.get(caterer_id, tender_id, consistent_read=True))
        except ReviewModel.DoesNotExist as error:
            raise NotFound("no review of this tender") from error

    def reply(self, caterer_id: str, tender_id: str, text: str, now: datetime) -> bool:
        """The caterer's one reply; False when there is already one (or no review)."""
        return update_if(
            ReviewModel(caterer_id=caterer_id, tender_id=tender_id),
            [ReviewModel.reply.set(text), ReviewModel.replied_at.set(now)],
            ReviewModel.tender_id.exists() & ReviewModel.reply.does_not_exist(),
        )

    def of_caterer(
        self, caterer_id: str, cursor: str | None = None, limit: int = 20
    ) -> tuple[list[Review], str | None]:
        """A page of the caterer's reviews, newest first, and the cursor to the next page."""
        shape = {"caterer_id": caterer_id, "tender_id": None, "created_at": None}
        result = ReviewModel.newest_first.query(
            caterer_id,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=pagination.decode(cursor, shape),
        )
        items, next_cursor = pagination.collect(result)
        return [_to_domain(i) for i in items], next_cursor
