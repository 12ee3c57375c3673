"""Reviews on both doors: the organizer of a completed tender rates its caterer once, and the
caterer answers once; the form sits on the tender's page, the reviews show on the profile."""

from __future__ import annotations

from chalicelib.commands import (
    PostReview,
    ReplyToReview,
)
from chalicelib.domain.account import Principal, Role
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.tender_page import post_on_tender
from chalicelib.entrypoints.web import Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import reviews

api = ApiRouter()
pages = PageRouter()

ALREADY_REVIEWED = N_("This event is already reviewed, or cannot be reviewed yet.")
ALREADY_REPLIED = N_("This review already has a reply.")


@pages.route("/tenders/{tender_id}/review", ["POST"])
def review(visit: Visit) -> Result:
    """The organizer of a completed tender rates its caterer, once."""
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = review_command(form, visit.t)
        reviews.post_review(visit.deps, principal, tender_id, command)

    return post_on_tender(
        visit, Role.ORGANIZER, act, "reviewed", ("stars", ALREADY_REVIEWED), owner=True
    )


@pages.route("/tenders/{tender_id}/review/reply", ["POST"])
def reply(visit: Visit) -> Result:
    """The reviewed caterer answers the review, once."""
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.renamed(
            ReplyToReview, {"text": form.one("reply")}, {"text": "reply"}, visit.t
        )
        reviews.reply(visit.deps, principal, tender_id, command)

    return post_on_tender(visit, Role.CATERER, act, "replied", ("reply", ALREADY_REPLIED))


def review_command(form: Form, t: refusals.Translate) -> PostReview:
    stars = forms.western_digits(form.one("stars")).strip()
    if stars not in {"1", "2", "3", "4", "5"}:
        raise forms.Invalid({"stars": t(refusals.CHOOSE)})
    data = {"stars": int(stars), "comment": form.one("comment")}
    return forms.renamed(PostReview, data, {}, t)


@api.route(
    "/api/tenders/{tender_id}/review",
    methods=["POST"],
    idempotent=True,
    body=PostReview,
    returns=(201, schemas.ReviewOut),
)
def post_review(call: Call) -> Reply:
    """The organizer rates the caterer of a completed tender, once."""
    command = call.body(PostReview)
    review = reviews.post_review(call.deps, call.principal, call.params["tender_id"], command)
    return 201, schemas.ReviewOut.of(review)


@api.route(
    "/api/tenders/{tender_id}/review/reply",
    methods=["POST"],
    body=ReplyToReview,
    returns=(200, schemas.ReviewOut),
)
def reply_to_review(call: Call) -> Reply:
    """The reviewed caterer answers the review, once."""
    command = call.body(ReplyToReview)
    review = reviews.reply(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.ReviewOut.of(review)
