"""The caterers' onboarding on both doors: the lessons, the checklist, the practice tender.

Anyone may read a lesson; only caterers record progress (a POST with the CSRF token).
"""

from __future__ import annotations

from typing import Any

from chalicelib.commands import LanguageQuery
from chalicelib.domain.account import Role
from chalicelib.domain.onboarding import (
    MENU,
    PRACTICE_BID,
    PROFILE,
    VERIFICATION,
    Progress,
    lesson_key,
)
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import (
    lessons,
    onboarding,
)

api = ApiRouter()
pages = PageRouter()


PRACTICE_PATH = "/practice"

# Each checklist step: its label and where the caterer does it.
STEPS: dict[str, tuple[str, str]] = {
    PROFILE: (N_("Complete your profile"), "/me/profile"),
    MENU: (N_("Add a sample menu with its price per guest"), "/me/profile"),
    PRACTICE_BID: (N_("Place a practice bid on the demo tender"), PRACTICE_PATH),
    VERIFICATION: (N_("Send your ICE or cooperative number for verification"), "/me/verification"),
}


@pages.route("/learn", ["GET"])
def learn(visit: Visit) -> Result:
    """The lessons, with a tick on those the signed-in caterer has read."""
    found = lessons.lessons(visit.language)
    read = lessons.read_lessons(visit.deps, visit.principal)
    return Html("learn.html", {"lessons": found, "read": read})


@pages.route("/learn/{slug}", ["GET", "POST"])
def lesson(visit: Visit) -> Result:
    """One lesson (GET); a caterer marks it read (POST), then sees its checklist."""
    slug = visit.params["slug"]
    if visit.method == "POST":
        principal = visit.acting(Role.CATERER)
        visit.form()  # the CSRF check
        lessons.mark_read(visit.deps, principal, slug)
        return Redirect("/me/start?done=lesson_read")
    found = lessons.lesson(slug, visit.language)
    read = slug in lessons.read_lessons(visit.deps, visit.principal)
    return Html("learn_lesson.html", {"lesson": found, "is_read": read})


@pages.route("/me/start", ["GET"])
def start(visit: Visit) -> Result:
    """The new caterer's checklist, with its progress."""
    principal = visit.acting(Role.CATERER)
    progress = onboarding.progress(visit.deps, principal)
    return Html("start.html", {"progress": progress, "steps": checklist_lines(visit, progress)})


@pages.route("/practice", ["GET"])
def practice(visit: Visit) -> Result:
    """The practice tender (created on first use), where caterers learn the bid form."""
    return Redirect(f"/tenders/{onboarding.practice_tender(visit.deps).id}")


def checklist_lines(visit: Visit, progress: Progress) -> list[dict[str, Any]]:
    """(label, link, done) per step, in the visitor's language."""
    found = {lesson_key(x.slug): x for x in lessons.lessons(visit.language)}
    lines = []
    for step in progress.steps:
        if step.key in found:
            read = found[step.key]
            label, href = visit.t(READ_LESSON, title=read.title), f"/learn/{read.slug}"
        else:
            message, href = STEPS[step.key]
            label = visit.t(message)
        lines.append({"key": step.key, "label": label, "href": href, "done": step.done})
    return lines


READ_LESSON = N_("Read the lesson “%(title)s”")


# --- the JSON API ------------------------------------------------------------------------


@api.route("/api/lessons", methods=["GET"], query=LanguageQuery, returns=(200, schemas.LessonPage))
def list_lessons(call: Call) -> Reply:
    """The short lessons for caterers, in one language, rendered from their Markdown files."""
    found = lessons.lessons(call.query(LanguageQuery).lang)
    return 200, schemas.LessonPage(items=[schemas.LessonOut.of(x) for x in found], next=None)


@api.route("/api/me/lessons/{slug}", methods=["POST"], returns=(200, schemas.OnboardingOut))
def mark_lesson_read(call: Call) -> Reply:
    """Caterers: mark a lesson read (idempotent); answers the onboarding progress."""
    lessons.mark_read(call.deps, call.principal, call.params["slug"])
    return 200, schemas.OnboardingOut.of(onboarding.progress(call.deps, call.principal))


@api.route("/api/me/onboarding", methods=["GET"], returns=(200, schemas.OnboardingOut))
def my_onboarding(call: Call) -> Reply:
    """Caterers: the getting-started checklist and its progress."""
    return 200, schemas.OnboardingOut.of(onboarding.progress(call.deps, call.principal))
