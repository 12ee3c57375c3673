"""The tender page as every form on it shows it again: its context, and the one way its forms
are posted (``post_on_tender``), with refusals next to the form that was sent.

Used by the features whose forms sit on the tender page: bidding, questions, the deadline,
cancellation, the award and the review.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib import i18n
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import (
    Conflict,
    InvalidInput,
    RateLimited,
)
from chalicelib.domain.history import SAID
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.tender import Tender
from chalicelib.entrypoints import forms, refusals
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.render import where
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.services import (
    browsing,
    open_data,
    reviews,
    tenders,
)


def tender_context(
    visit: Visit, screen: browsing.TenderScreen, values: dict[str, Any]
) -> dict[str, Any]:
    t = screen.tender
    if screen.can_extend:  # the extension form starts one day after the current deadline
        day, hour = i18n.local_parts(t.bid_deadline + timedelta(days=1))
        values = {"new_deadline_date": day, "new_deadline_time": hour, **values}
    window = visit.deps.settings.minimum_bidding_window
    who = visit.account.viewer if visit.account is not None else None
    return {
        "screen": screen,
        "tender": t,
        "open": t.is_open_at(visit.now),
        "form": values,
        "errors": {},
        "live": t.status is TenderStatus.OPEN or t.status is TenderStatus.CLOSED,
        "time_step": 1 if window < timedelta(minutes=1) else 60,
        "review": reviews.of_tender(visit.deps, t),  # _review.html
        "share": None if t.practice else whatsapp_share(visit, t),
        "history": open_data.visible_history(visit.deps, who, t),
        "said": SAID,
        "names": {o.line.bid.caterer_id: o.caterer for o in screen.offers if o.caterer},
    }


def whatsapp_share(visit: Visit, tender: Tender) -> str:
    """WhatsApp's share link (``wa.me/?text=``): the title, the event's day and province in the
    visitor's language, and the tender's address, for a family or caterer group chat."""
    d = tender.draft
    province = where(visit.language, d)
    day = i18n.day(d.event_date, visit.language)
    text = f"{d.title}\n{day} · {province}\n{visit.absolute(f'/tenders/{tender.id}')}"
    return "https://wa.me/?text=" + urllib.parse.quote(text)


def post_on_tender(
    visit: Visit,
    role: Role,
    act: Callable[[Form, Principal], None],
    done: str,
    conflict: tuple[str, str],
    owner: bool = False,
) -> Result:
    """Post one of the tender page's forms: only ``role`` (and, with ``owner``, only the
    tender's organizer) may; once per form render; refusals next to the form's field."""
    tender_id = visit.params["tender_id"]
    principal = visit.acting(role)
    if owner:  # another organizer is refused before its form is even read
        tenders.own_tender(visit.deps, principal, tender_id)
    form = visit.form()
    errors: dict[str, str]
    status = 422
    try:

        def run() -> str:
            act(form, principal)
            return f"/tenders/{tender_id}?done={done}"

        return Redirect(visit.once(form, run))
    except forms.Invalid as invalid:
        errors = invalid.fields
    except RateLimited as error:  # said next to the form that was sent
        errors, status = {conflict[0]: refusals.explain(visit, error)[refusals.GENERAL]}, 429
    except Conflict:
        errors, status = {conflict[0]: visit.t(conflict[1])}, 409
    except InvalidInput as error:
        errors = refusals.explain(visit, error)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    context = tender_context(visit, screen, form.values())
    context["errors"] = errors
    return Html("tender.html", context, status)
