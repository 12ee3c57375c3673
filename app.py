"""Walima's Lambda entry: routes, schedules and functions only. The work is in ``chalicelib``."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, Rate, Response

from chalicelib.commands import (
    AddPhoto,
    AlertPreferencesIn,
    Answer,
    AskQuestion,
    DecideVerification,
    ExtendDeadline,
    FeesQuery,
    GiveReason,
    GrantExemption,
    InboxQuery,
    LanguageQuery,
    LogIn,
    PlaceBid,
    PostReview,
    PostTender,
    ReplyToReview,
    RequestUpload,
    ReviewsQuery,
    SignUp,
    SubmitVerification,
    TenderQuery,
    UpdateMe,
)
from chalicelib.entrypoints import (
    alert_pages,
    fee_pages,
    jobs,
    learning_pages,
    pages,
    profile_pages,
    verification_pages,
    views,
)
from chalicelib.entrypoints.api import Api, Call, Download, Reply, not_found_response
from chalicelib.entrypoints.pages import page
from chalicelib.entrypoints.web import Site
from chalicelib.services import (
    accounts,
    alerts,
    awards,
    bidding,
    fees,
    lessons,
    notifications,
    onboarding,
    profiles,
    questions,
    reviews,
    sessions,
    tenders,
    uploads,
    verification,
)
from chalicelib.services.ranking_rules import ranking_explained
from chalicelib.settings import is_local_stage

app = Chalice(app_name="walima")
api = Api(app)


# --- accounts -----------------------------------------------------------------------------


@api.route(
    "/api/accounts",
    methods=["POST"],
    idempotent=True,
    body=SignUp,
    returns=(201, "AccountOut"),
)
def sign_up(call: Call) -> Reply:
    return 201, views.account_view(accounts.sign_up(call.deps, call.body(SignUp), call.source))


@api.route(
    "/api/sessions",
    methods=["POST"],
    body=LogIn,
    returns=(200, "SessionOut"),
)
def log_in(call: Call) -> Reply:
    session = sessions.log_in(call.deps, call.body(LogIn), call.source)
    return 200, {"token": session.token, "account": views.account_view(session.account)}


@api.route("/api/me", methods=["GET"], returns=(200, "MeOut"))
def me(call: Call) -> Reply:
    return 200, views.me_view(accounts.me(call.deps, call.principal))


@api.route("/api/me/notifications", methods=["GET"], query=InboxQuery, returns=(200, "InboxPage"))
def my_notifications(call: Call) -> Reply:
    items, cursor = notifications.inbox(call.deps, call.principal, call.query(InboxQuery))
    return 200, {"items": [views.inbox_view(i) for i in items], "next": cursor}


@api.route(
    "/api/caterers/{caterer_id}/verification",
    methods=["POST"],
    body=DecideVerification,
    body_optional=True,
    returns=(200, "AccountOut"),
)
def verify_caterer(call: Call) -> Reply:
    """Admins: approve a caterer (no body, or ``{"decision": "approve"}``) or reject its file
    with a reason; the caterer is told either way."""
    command = call.body(DecideVerification)
    caterer = verification.decide(call.deps, call.principal, call.params["caterer_id"], command)
    return 200, views.account_view(caterer)


# --- tenders and bids ---------------------------------------------------------------------


@api.route(
    "/api/tenders",
    methods=["POST"],
    idempotent=True,
    body=PostTender,
    returns=(201, "TenderOut"),
)
def post_tender(call: Call) -> Reply:
    tender = tenders.post_tender(call.deps, call.principal, call.body(PostTender))
    return 201, views.tender_view(tender, call.now)


@api.route("/api/tenders", methods=["GET"], query=TenderQuery, returns=(200, "TenderPage"))
def list_tenders(call: Call) -> Reply:
    found = tenders.list_tenders(call.deps, call.query(TenderQuery))
    return 200, {"items": [views.tender_view(t, call.now) for t in found.items], "next": found.next}


@api.route("/api/tenders/{tender_id}", methods=["GET"], returns=(200, "TenderOut"))
def get_tender(call: Call) -> Reply:
    tender = tenders.get_tender(call.deps, call.params["tender_id"])
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/deadline",
    methods=["POST"],
    body=ExtendDeadline,
    returns=(200, "TenderOut"),
)
def extend_deadline(call: Call) -> Reply:
    command = call.body(ExtendDeadline)
    tender = tenders.extend_deadline(call.deps, call.principal, call.params["tender_id"], command)
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/cancel",
    methods=["POST"],
    body=GiveReason,
    returns=(200, "TenderOut"),
)
def cancel_tender(call: Call) -> Reply:
    command = call.body(GiveReason)
    tender = tenders.cancel_tender(call.deps, call.principal, call.params["tender_id"], command)
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/bids",
    methods=["POST"],
    idempotent=True,
    body=PlaceBid,
    returns=(201, "BidOut"),
    counts="Bids",
)
def place_bid(call: Call) -> Reply:
    bid = bidding.place_bid(
        call.deps, call.principal, call.params["tender_id"], call.body(PlaceBid), call.source
    )
    return 201, views.bid_view(bid)


@api.route("/api/tenders/{tender_id}/bids", methods=["GET"], returns=(200, "BidPage"))
def list_bids(call: Call) -> Reply:
    lines = bidding.visible_bids(call.deps, call.principal, call.params["tender_id"])
    return 200, {"items": [views.bid_line_view(line) for line in lines], "next": None}


@api.route(
    "/api/tenders/{tender_id}/bids/mine",
    methods=["DELETE"],
    returns=(200, "WithdrawnOut"),
)
def withdraw_bid(call: Call) -> Reply:
    bid = bidding.withdraw_bid(call.deps, call.principal, call.params["tender_id"])
    return 200, {"withdrawn": views.bid_view(bid)}


# --- questions ----------------------------------------------------------------------------


@api.route(
    "/api/tenders/{tender_id}/questions",
    methods=["POST"],
    idempotent=True,
    body=AskQuestion,
    returns=(201, "QuestionOut"),
)
def ask_question(call: Call) -> Reply:
    command = call.body(AskQuestion)
    question = questions.ask(call.deps, call.principal, call.params["tender_id"], command)
    return 201, views.question_view(question)


@api.route("/api/tenders/{tender_id}/questions", methods=["GET"], returns=(200, "QuestionPage"))
def list_questions(call: Call) -> Reply:
    found = questions.public_questions(call.deps, call.params["tender_id"])
    return 200, {"items": [views.question_view(q) for q in found], "next": None}


@api.route(
    "/api/tenders/{tender_id}/questions/{question_id}/answer",
    methods=["POST"],
    body=Answer,
    returns=(200, "QuestionOut"),
)
def answer_question(call: Call) -> Reply:
    p = call.params
    command = call.body(Answer)
    question = questions.answer(
        call.deps, call.principal, p["tender_id"], p["question_id"], command
    )
    return 200, views.question_view(question)


# --- the award ----------------------------------------------------------------------------


@api.route("/api/tenders/{tender_id}/award/confirm", methods=["POST"], returns=(200, "TenderOut"))
def confirm_award(call: Call) -> Reply:
    tender = awards.confirm(call.deps, call.principal, call.params["tender_id"])
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route("/api/tenders/{tender_id}/award/decline", methods=["POST"], returns=(200, "TenderOut"))
def decline_award(call: Call) -> Reply:
    tender = awards.decline(call.deps, call.principal, call.params["tender_id"])
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/award/reject",
    methods=["POST"],
    body=GiveReason,
    returns=(200, "TenderOut"),
)
def reject_award(call: Call) -> Reply:
    command = call.body(GiveReason)
    tender = awards.reject(call.deps, call.principal, call.params["tender_id"], command)
    return 200, views.tender_view(tender, call.now, call.viewer)


@api.route("/api/ranking", methods=["GET"], query=LanguageQuery, returns=(200, "RankingRules"))
def ranking_rules(call: Call) -> Reply:
    return 200, ranking_explained(call.query(LanguageQuery).lang)


# --- the caterers' space: profiles, reviews, the fee and its exemption ----------


@api.route("/api/me", methods=["PATCH"], body=UpdateMe, returns=(200, "MeOut"))
def update_me(call: Call) -> Reply:
    """Edit one's own profile fields and language."""
    return 200, views.me_view(profiles.update_me(call.deps, call.principal, call.body(UpdateMe)))


@api.route(
    "/api/caterers/{caterer_id}",
    methods=["GET"],
    query=ReviewsQuery,
    returns=(200, "CatererProfileOut"),
)
def caterer_profile(call: Call) -> Reply:
    """A caterer's public profile (no e-mail or phone), its reviews newest first, a page at a
    time (``?cursor=`` the previous page's ``reviews_next``)."""
    cursor = call.query(ReviewsQuery).cursor
    found = profiles.public_profile(call.deps, call.params["caterer_id"], cursor)
    return 200, views.caterer_profile_view(found, call.now)


@api.route(
    "/api/caterers/{caterer_id}/exemption",
    methods=["POST"],
    body=GrantExemption,
    returns=(201, "ExemptionOut"),
)
def grant_exemption(call: Call) -> Reply:
    """Admins: one year without service fees, from now."""
    command = call.body(GrantExemption)
    exemption = fees.grant_exemption(call.deps, call.principal, call.params["caterer_id"], command)
    return 201, views.exemption_view(exemption)


@api.route("/api/me/fees", methods=["GET"], returns=(200, "FeeLedgerOut"))
def my_fees(call: Call) -> Reply:
    """A caterer's fee ledger and its total."""
    ledger = fees.my_fees(call.deps, call.principal)
    return 200, views.ledger_view(ledger.items, ledger.total_fee, None)


@api.route("/api/admin/fees", methods=["GET"], query=FeesQuery, returns=(200, "FeeLedgerOut"))
def admin_fees(call: Call) -> Reply:
    """Admins: every caterer's fee entries, oldest first, a page at a time."""
    ledger = fees.all_fees(call.deps, call.principal, call.query(FeesQuery))
    return 200, views.ledger_view(ledger.items, ledger.total_fee, ledger.next)


@api.route("/api/admin/fees.csv", methods=["GET"], returns=(200, "FeeCsv"), media_type="text/csv")
def admin_fees_csv(call: Call) -> Reply:
    """Admins: the whole fee ledger as CSV."""
    return Download(fees.fees_csv(call.deps, call.principal), "text/csv", "walima-fees.csv")


@api.route(
    "/api/tenders/{tender_id}/review",
    methods=["POST"],
    idempotent=True,
    body=PostReview,
    returns=(201, "ReviewOut"),
)
def post_review(call: Call) -> Reply:
    """The organizer rates the caterer of a completed tender, once."""
    command = call.body(PostReview)
    review = reviews.post_review(call.deps, call.principal, call.params["tender_id"], command)
    return 201, views.review_view(review)


@api.route(
    "/api/tenders/{tender_id}/review/reply",
    methods=["POST"],
    body=ReplyToReview,
    returns=(200, "ReviewOut"),
)
def reply_to_review(call: Call) -> Reply:
    """The reviewed caterer answers the review, once."""
    command = call.body(ReplyToReview)
    review = reviews.reply(call.deps, call.principal, call.params["tender_id"], command)
    return 200, views.review_view(review)


@api.route("/api/openapi.json", methods=["GET"], returns=(200, "OpenApiDocument"))
def openapi_document(call: Call) -> Reply:
    """This document: OpenAPI 3.1, generated from the routes and their pydantic models."""
    return 200, api.openapi()


@app.route("/api/{proxy+}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_api_path() -> Response:
    return not_found_response()


# --- the fee ledger: reversals ---------------------------------------------------


@api.route(
    "/api/admin/fees/{entry_id}/reversal",
    methods=["POST"],
    body=GiveReason,
    returns=(201, "FeeEntryOut"),
)
def reverse_fee(call: Call) -> Reply:
    """Admins: cancel a fee entry with a new entry giving the reason (once per entry)."""
    command = call.body(GiveReason)
    reversal = fees.reverse_fee(call.deps, call.principal, call.params["entry_id"], command)
    return 201, views.fee_entry_view(reversal)


# --- verification and uploads --------------------------------------------------


@api.route(
    "/api/me/uploads",
    methods=["POST"],
    body=RequestUpload,
    returns=(201, "UploadOut"),
)
def request_upload(call: Call) -> Reply:
    """Caterers: a presigned POST to send one photo or document straight to storage."""
    upload = uploads.request_upload(call.deps, call.principal, call.body(RequestUpload))
    return 201, views.upload_view(upload)


@api.route(
    "/api/me/verification",
    methods=["POST"],
    body=SubmitVerification,
    returns=(202, "VerificationOut"),
)
def submit_verification(call: Call) -> Reply:
    """Caterers: send the ICE or the cooperative number and an uploaded document."""
    found = verification.submit(call.deps, call.principal, call.body(SubmitVerification))
    return 202, views.verification_view(found)


@api.route("/api/me/verification", methods=["GET"], returns=(200, "VerificationOut"))
def my_verification(call: Call) -> Reply:
    """Caterers: where their verification stands (and why it was rejected)."""
    return 200, views.verification_view(verification.status(call.deps, call.principal))


# --- tender alerts ----------------------------------------------------------------


@api.route("/api/me/alerts", methods=["GET"], returns=(200, "AlertPreferencesOut"))
def my_alerts(call: Call) -> Reply:
    """Caterers: how they hear of matching tenders."""
    return 200, views.alert_preferences_view(alerts.preferences(call.deps, call.principal))


@api.route(
    "/api/me/alerts", methods=["PUT"], body=AlertPreferencesIn, returns=(200, "AlertPreferencesOut")
)
def set_my_alerts(call: Call) -> Reply:
    """Caterers: choose SMS, e-mail or the inbox only, at once or in a daily digest."""
    command = call.body(AlertPreferencesIn)
    chosen = alerts.set_preferences(call.deps, call.principal, command.channel, command.digest)
    return 200, views.alert_preferences_view(chosen)


# --- onboarding and lessons -------------------------------------------------------


@api.route("/api/lessons", methods=["GET"], query=LanguageQuery, returns=(200, "LessonPage"))
def list_lessons(call: Call) -> Reply:
    """The short lessons for caterers, in one language, rendered from their Markdown files."""
    found = lessons.lessons(call.query(LanguageQuery).lang)
    return 200, {"items": [views.lesson_view(x) for x in found], "next": None}


@api.route("/api/me/lessons/{slug}", methods=["POST"], returns=(200, "OnboardingOut"))
def mark_lesson_read(call: Call) -> Reply:
    """Caterers: mark a lesson read (idempotent); answers the onboarding progress."""
    lessons.mark_read(call.deps, call.principal, call.params["slug"])
    return 200, views.onboarding_view(onboarding.progress(call.deps, call.principal))


@api.route("/api/me/onboarding", methods=["GET"], returns=(200, "OnboardingOut"))
def my_onboarding(call: Call) -> Reply:
    """Caterers: the getting-started checklist and its progress."""
    return 200, views.onboarding_view(onboarding.progress(call.deps, call.principal))


# --- caterer photos -----------------------------------------------------------


@api.route("/api/me/photos", methods=["POST"], body=AddPhoto, returns=(201, "MeOut"))
def add_photo(call: Call) -> Reply:
    """Caterers: put an uploaded photo (``POST /api/me/uploads``, purpose photo) on the
    profile; at most six."""
    return 201, views.me_view(profiles.add_photo(call.deps, call.principal, call.body(AddPhoto)))


@api.route("/api/me/photos/{number}", methods=["DELETE"], returns=(200, "MeOut"))
def remove_photo(call: Call) -> Reply:
    """Caterers: take photo ``number`` (1 is the first) off the profile."""
    number = call.params["number"]
    return 200, views.me_view(profiles.remove_photo(call.deps, call.principal, number))


# --- jobs ---------------------------------------------------------------------------------


@app.lambda_function(name="close_tender")
def close_tender(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return jobs.close(event, context)


@app.schedule(Rate(1, unit=Rate.MINUTES), name="sweep")
def sweep(event: Any) -> dict[str, Any]:
    return jobs.sweep(event)


# --- local stage only ---------------------------------------------------------------------

if is_local_stage():

    @app.route("/dev/outbox", methods=["GET"])
    def dev_outbox() -> Response:
        from chalicelib.entrypoints.dev import moto_outbox

        emails, sms = moto_outbox()
        return page("dev_outbox.html", emails=emails, sms=sms)


# --- pages: the server-rendered site (handlers in chalicelib/entrypoints/pages.py) --------

site = Site(app, pages.Pages())
site.route("/", ["GET"])(pages.home)
site.route("/signup", ["GET", "POST"])(pages.sign_up)
site.route("/login", ["GET", "POST"])(pages.log_in)
site.route("/logout", ["GET", "POST"])(pages.log_out)
site.route("/tenders/new", ["GET", "POST"])(pages.new_tender)
site.route("/tenders/{tender_id}", ["GET", "POST"])(pages.tender)
site.route("/tenders/{tender_id}/live", ["GET"])(pages.live)
site.route("/tenders/{tender_id}/questions", ["POST"])(pages.ask)
site.route("/tenders/{tender_id}/questions/{question_id}/answer", ["POST"])(pages.answer)
site.route("/tenders/{tender_id}/withdraw", ["POST"])(pages.withdraw)
site.route("/tenders/{tender_id}/deadline", ["POST"])(pages.extend)
site.route("/tenders/{tender_id}/cancel", ["POST"])(pages.cancel)
site.route("/tenders/{tender_id}/award/confirm", ["POST"])(pages.confirm_award)
site.route("/tenders/{tender_id}/award/decline", ["POST"])(pages.decline_award)
site.route("/tenders/{tender_id}/award/reject", ["POST"])(pages.reject_award)
site.route("/how-ranking-works", ["GET"])(pages.how_ranking_works)
site.route("/me", ["GET"])(pages.me)
site.route("/inbox", ["GET"])(pages.inbox)
site.route("/admin/caterers", ["GET", "POST"])(verification_pages.admin_caterers)
# --- the fee ledger and the exemption ---
site.route("/me/fees", ["GET"])(fee_pages.my_fees)
site.route("/admin/fees", ["GET"])(fee_pages.admin_fees)
site.route("/admin/fees.csv", ["GET"])(fee_pages.admin_fees_csv)
site.route("/admin/fees/{entry_id}/reversal", ["POST"])(fee_pages.reverse)
site.route("/admin/caterers/{caterer_id}/exemption", ["POST"])(fee_pages.grant_exemption)
# --- caterer profiles, photos and reviews on the pages ---
site.route("/caterers/{caterer_id}", ["GET"])(profile_pages.caterer)
site.route("/me/profile", ["GET", "POST"])(profile_pages.edit_profile)
site.route("/tenders/{tender_id}/review", ["POST"])(profile_pages.review)
site.route("/tenders/{tender_id}/review/reply", ["POST"])(profile_pages.reply)
site.route("/me/photos", ["GET"])(profile_pages.added_photo)
site.route("/me/photos/{number}/remove", ["POST"])(profile_pages.remove_photo)
# --- tender alerts ---
site.route("/me/alerts", ["GET", "POST"])(alert_pages.alert_settings)
# --- onboarding and lessons ---
site.route("/learn", ["GET"])(learning_pages.learn)
site.route("/learn/{slug}", ["GET", "POST"])(learning_pages.lesson)
site.route("/me/start", ["GET"])(learning_pages.start)
site.route("/practice", ["GET"])(learning_pages.practice)
# --- verification ---
site.route("/me/verification", ["GET", "POST"])(verification_pages.my_verification)
site.route("/admin/caterers/{caterer_id}/document", ["GET"])(verification_pages.document)
site.route("/static/{name}", ["GET"])(pages.static_file)
site.route("/{proxy+}", ["GET", "POST"])(pages.not_found)  # any other path: the 404 page
