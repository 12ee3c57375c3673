"""Reviews of contracted events: the organizer rates the caterer once after completion, the
caterer may reply once. The stars feed the profile's rating and the best-value score."""

from __future__ import annotations

from chalicelib.commands import PostReview, ReplyToReview
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.review import Review
from chalicelib.domain.tender import Tender
from chalicelib.services.deps import Deps
from chalicelib.services.tenders import own_tender


def post_review(deps: Deps, principal: Principal, tender_id: str, command: PostReview) -> Review:
    """Only the tender's organizer, only once it is completed: a review always stands for a
    real contracted event (the write re-checks both, so a race cannot slip past)."""
    tender = own_tender(deps, principal, tender_id)
    if tender.status is not TenderStatus.COMPLETED or tender.award is None:
        raise Conflict(f"the tender is {tender.status}: only a completed event can be reviewed")
    review = Review(
        caterer_id=tender.award.caterer_id,
        tender_id=tender.id,
        organizer_id=principal.account_id,
        stars=command.stars,
        comment=command.comment,
        created_at=deps.clock(),
        verified=tender.delivered,
    )
    deps.reviews.add(review)
    return review


def reply(deps: Deps, principal: Principal, tender_id: str, command: ReplyToReview) -> Review:
    principal.require(Role.CATERER)
    tender = deps.tenders.get(tender_id)
    if tender.award is None or tender.award.caterer_id != principal.account_id:
        raise Forbidden("only the caterer the tender was contracted with may reply")
    deps.reviews.get(principal.account_id, tender_id)  # 404 before there is a review
    if not deps.reviews.reply(principal.account_id, tender_id, command.text, deps.clock()):
        raise Conflict("this review already has a reply")
    return deps.reviews.get(principal.account_id, tender_id)


def of_tender(deps: Deps, tender: Tender) -> Review | None:
    """The review of a completed event, if its organizer wrote one (public, like the
    profile's); None for any other tender."""
    if tender.status is not TenderStatus.COMPLETED or tender.award is None:
        return None
    try:
        return deps.reviews.get(tender.award.caterer_id, tender.id)
    except NotFound:
        return None
