"""Server-rendered pages: Jinja2 (autoescape on) over the same services as the API.

Handlers here read a ``Visit``, call one service, and choose a template: formatting and labels
only, no rules. Templates and static files live in ``chalicelib/`` because Chalice packages
``app.py`` and ``chalicelib/`` and nothing else (``templates/`` at the top is a symlink here).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalice.app import Request, Response

if TYPE_CHECKING:
    from jinja2 import Environment

from chalicelib import i18n
from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.commands import RequestUpload
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import (
    Category,
    Dietary,
    EventType,
    Language,
    Province,
    ServiceStyle,
)
from chalicelib.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.profile import CatererKind
from chalicelib.domain.tender import BidMode
from chalicelib.entrypoints import forms
from chalicelib.entrypoints.web import (
    SECURITY_HEADERS,
    Form,
    Html,
    Raw,
    Redirect,
    Renderer,
    Result,
    Visit,
    parse_cookies,
    safe_next,
)
from chalicelib.i18n import N_
from chalicelib.services import (
    awards,
    bidding,
    browsing,
    onboarding,
    questions,
    reviews,
    sessions,
    tenders,
    uploads,
    verification,
)
from chalicelib.services.browsing import Outcome
from chalicelib.services.ranking_rules import ranking_explained

HERE = Path(__file__).resolve().parents[1]
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_TYPES = {
    "walima.css": "text/css; charset=utf-8",
    "walima.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
ONE_YEAR = 365 * 24 * 3600

# --- labels: codes in the data, words on the page -----------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "province": {
        Province.AGADIR_IDA_OUTANANE: N_("Agadir Ida-Outanane"),
        Province.INEZGANE_AIT_MELLOUL: N_("Inezgane-Aït Melloul"),
        Province.CHTOUKA_AIT_BAHA: N_("Chtouka-Aït Baha"),
        Province.TAROUDANT: N_("Taroudant"),
        Province.TIZNIT: N_("Tiznit"),
        Province.TATA: N_("Tata"),
    },
    "event_type": {
        EventType.WEDDING: N_("Wedding"),
        EventType.ENGAGEMENT: N_("Engagement"),
        EventType.AQIQA: N_("Aqiqa"),
        EventType.CORPORATE: N_("Company event or seminar"),
        EventType.ASSOCIATION: N_("Association event"),
        EventType.MUNICIPAL: N_("Municipal event"),
        EventType.RELIGIOUS: N_("Religious celebration"),
        EventType.OTHER: N_("Other event"),
        EventType.REGIONAL_PRODUCTS: N_("Regional products: gift boxes, pastries, decoration"),
    },
    "service_style": {
        ServiceStyle.BUFFET: N_("Buffet"),
        ServiceStyle.PLATED: N_("Served at the table"),
        ServiceStyle.FAMILY_STYLE: N_("Shared dishes"),
        ServiceStyle.COCKTAIL: N_("Cocktail"),
        ServiceStyle.DELIVERY: N_("Delivery only"),
    },
    "dietary": {
        Dietary.HALAL: N_("Halal"),
        Dietary.VEGETARIAN: N_("Vegetarian"),
        Dietary.VEGAN: N_("Vegan"),
        Dietary.GLUTEN_FREE: N_("Gluten-free"),
        Dietary.DIABETIC: N_("Suitable for diabetics"),
        Dietary.NUT_FREE: N_("Nut-free"),
        Dietary.LACTOSE_FREE: N_("Lactose-free"),
    },
    "category": {
        Category.CATERING: N_("Caterer"),
        Category.PASTRY: N_("Pastry"),
        Category.COOPERATIVE: N_("Cooperative"),
        Category.ARTISAN: N_("Artisan"),
        Category.DECORATION: N_("Decoration"),
        Category.ARGAN_PRODUCTS: N_("Argan products"),
        Category.AMLOU: N_("Amlou"),
        Category.GIFT_BOXES: N_("Gift boxes"),
        Category.PASTRIES_BY_KILO: N_("Pastries by the kilo"),
    },
    "mode": {BidMode.SEALED: N_("Sealed bids"), BidMode.OPEN: N_("Open auction")},
    "status": {
        TenderStatus.DRAFT: N_("Draft"),
        TenderStatus.OPEN: N_("Open for bids"),
        TenderStatus.CLOSED: N_("Closed, result coming"),
        TenderStatus.AWARDED: N_("Awarded"),
        TenderStatus.CONTRACTED: N_("Contracted"),
        TenderStatus.COMPLETED: N_("Completed"),
        TenderStatus.UNSUCCESSFUL: N_("No valid bid"),
        TenderStatus.CANCELLED: N_("Cancelled"),
    },
    "outcome": {
        Outcome.OPEN: N_("Bid sent"),
        Outcome.LEADING: N_("Your bid is the lowest"),
        Outcome.CLOSING: N_("Bidding closed, result coming"),
        Outcome.WON: N_("Won"),
        Outcome.NOT_SELECTED: N_("Not selected"),
        Outcome.CANCELLED: N_("Tender cancelled"),
    },
    "role": {
        Role.ORGANIZER: N_("Organizer"),
        Role.CATERER: N_("Caterer"),
        Role.ADMIN: N_("Administrator"),
    },
    # the caterer's profile
    "caterer_kind": {
        CatererKind.TRAITEUR: N_("Caterer (traiteur)"),
        CatererKind.COOPERATIVE: N_("Cooperative"),
        CatererKind.ARTISAN: N_("Artisan"),
        CatererKind.PASTRY: N_("Pastry house"),
    },
    "badge": {
        "verified": N_("Verified by Walima"),
        "cooperative": N_("Cooperative"),
        "women-led": N_("Women-led"),
        "fee-exempt": N_("Exempt from service fees"),
    },
}

# ``?done=`` codes after a redirect: a fixed set, so no text ever comes from the URL.
DONE = {
    "welcome": N_("Welcome to Walima! Your account is ready."),
    "posted": N_("Your tender is open for bids."),
    "bid": N_("Your bid is in. You can lower it until the deadline."),
    "verified": N_("The caterer is verified and can bid now."),
    "language": N_("Language changed."),
    "asked": N_("Your question is sent. The answer will be public on this page."),
    "answered": N_("Your answer is public; the caterers are told."),
    "withdrawn": N_("Your bid is withdrawn."),
    "extended": N_("The deadline is extended; the bidders are told."),
    "cancelled": N_("The tender is cancelled; the bidders are told."),
    "confirmed": N_("You confirmed the award: the contract is agreed."),
    "declined": N_("You declined the award; it passes to the next bid."),
    "rejected": N_("The award is rejected; it passes to the next bid."),
    "lesson_read": N_("Lesson marked as read."),  # onboarding
    "reviewed": N_("Thank you: your review is on the caterer's profile."),
    "replied": N_("Your reply is published under the review."),
}

NOT_VERIFIED = N_("Walima checks every caterer before its first bid: yours is being checked.")
BID_CLOSED = N_("Bidding on this tender has closed.")
BID_TOO_HIGH = N_("In this open auction, your bid must be at most %(amount)s.")
BID_RACED = N_("The tender changed meanwhile. Please look again and bid.")
# Why an action on the tender page was refused (a ``Conflict``: the tender moved on).
QUESTIONS_OVER = N_("Questions on this tender are closed.")
ALREADY_ANSWERED = N_("This question is already answered.")
NO_WITHDRAWAL = N_(
    "This bid can no longer be withdrawn: bidding has ended, or it is the best bid of the auction."
)
NOT_EXTENDABLE = N_("The tender closed or its deadline moved meanwhile. Please look again.")
NOT_CANCELLABLE = N_("This tender can no longer be cancelled.")
AWARD_MOVED = N_("The award lapsed or changed meanwhile. Please look again.")


# --- rendering -----------------------------------------------------------------------------


@cache
def static_version(name: str) -> str:
    """A content hash in each static URL, so files can be cached for a year and still change."""
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


@cache
def environment(language: Language) -> Environment:
    """One environment per language, each with its catalog installed (thread-safe renders).

    Jinja2 and Babel are imported here, on the first page render, not at ``import app``:
    API-only invocations of the shared Lambda never pay for them (cold start).
    """
    from babel.numbers import format_decimal
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        money=lambda amount: i18n.money(Decimal(amount), language),
        moment=lambda when: i18n.moment(when, language),
        short=lambda when: i18n.short_moment(when, language),
        day=lambda when: i18n.day(when, language),
        number=lambda value: i18n.number(int(value), language),
        score=lambda value: format_decimal(
            Decimal(value), format="0.0##", locale=i18n.BABEL_LOCALE[language]
        ),
        label=lambda code, kind: i18n.gettext_for(language, LABELS[kind][code]),
    )
    env.globals.update(
        lang=language.value,
        dir="rtl" if language is Language.AR else "ltr",
        static_url=static_url,
        labels=LABELS,
    )
    return env


class Pages(Renderer):
    def render(self, visit: Visit, html: Html) -> str:
        context = {
            "me": visit.account,
            "unread": visit.unread,
            "csrf": visit.csrf,
            "languages": visit.language_links(),
            "done": _done(visit),
            "form_key": uuid.uuid4().hex,
            "form": {},
            "errors": {},
            "left": lambda when: _left(when, visit),
            "seconds_left": lambda when: max(0, int((when - visit.now).total_seconds())),
            **html.context,
        }
        return environment(visit.language).get_template(html.template).render(context)

    def render_bare(self, request: Request, html: Html) -> str:
        cookies = parse_cookies(request.headers.get("cookie"))
        language = i18n.from_accept_language(request.headers.get("accept-language"))
        with contextlib.suppress(ValueError):
            language = Language(cookies.get("walima_lang", "")) or language
        language = language or i18n.DEFAULT_LANGUAGE
        context = {
            "me": None,
            "unread": 0,
            "csrf": "",
            "form": {},
            "errors": {},
            "languages": [(x.value, x.value, f"?lang={x.value}") for x in Language],
            **html.context,
        }
        return environment(language).get_template(html.template).render(context)


def _done(visit: Visit) -> str | None:
    code = visit.query("done")
    return visit.t(DONE[code]) if code in DONE else None


def _left(when: datetime, visit: Visit) -> str:
    return i18n.duration(when - visit.now, visit.language, direction=True)


def page(template: str, status: int = 200, **context: Any) -> Response:
    """A developer page outside the site's chrome (``/dev/outbox``), in English."""
    html = environment(Language.EN).get_template(template).render(**context)
    headers: dict[str, str | list[str]] = {
        **SECURITY_HEADERS,
        "Content-Type": "text/html; charset=utf-8",
    }
    return Response(body=html, status_code=status, headers=headers)


# --- handlers ------------------------------------------------------------------------------


def _choice(kind: type[Province] | type[EventType], value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def home(visit: Visit) -> Result:
    """What Walima is, the open tenders (filtered), and the two ways in."""
    province = _choice(Province, visit.query("province"))
    event_type = _choice(EventType, visit.query("event_type"))
    found = browsing.open_tenders(visit.deps, province, event_type, visit.query("cursor"))
    more = None
    if found.next:
        more = "?" + "&".join(
            f"{k}={v}"
            for k, v in (
                ("province", province),
                ("event_type", event_type),
                ("cursor", found.next),
            )
            if v
        )
    return Html(
        "home.html",
        {
            "tenders": found.items,
            "more": more,
            "form": {"province": province or "", "event_type": event_type or ""},
        },
    )


def sign_up(visit: Visit) -> Result:
    if visit.method == "GET":
        role = visit.query("role") if visit.query("role") in ("organizer", "caterer") else ""
        return Html("signup.html", {"form": {"role": role, "language": visit.language.value}})
    form = visit.form()
    try:
        session = sessions.sign_up(visit.deps, forms.sign_up(form, visit.t), visit.source)
    except forms.Invalid as invalid:
        return _again("signup.html", form, invalid.fields, secret=("password",))
    except DomainError as error:
        status = 429 if isinstance(error, RateLimited) else 422
        errors = _explain(visit, error)
        return _again("signup.html", form, errors, secret=("password",), status=status)
    visit.start_session(session.token, session.account)
    if session.account.role is Role.CATERER:  # a new caterer lands on its checklist
        return Redirect("/me/start?done=welcome")
    return Redirect("/me?done=welcome")


def log_in(visit: Visit) -> Result:
    target = safe_next(visit.query("next"))
    if visit.method == "GET":
        if visit.account is not None:
            return Redirect(target)
        return Html("login.html", {"form": {}, "next": target})
    form = visit.form()
    try:
        session = sessions.log_in(visit.deps, forms.log_in(form, visit.t), visit.source)
    except forms.Invalid as invalid:
        return _again("login.html", form, invalid.fields, {"next": target}, ("password",))
    except DomainError as error:
        status = 429 if isinstance(error, RateLimited) else 401
        errors = _explain(visit, error)
        return _again("login.html", form, errors, {"next": target}, ("password",), status)
    visit.start_session(session.token, session.account)
    return Redirect(target)


def log_out(visit: Visit) -> Result:
    if visit.method == "GET":
        return Html("logout.html")
    visit.form()  # the CSRF check: no one logs you out from another site
    visit.end_session()
    return Redirect("/")


def new_tender(visit: Visit) -> Result:
    principal = visit.acting(Role.ORGANIZER)
    if visit.method == "GET":
        return Html("tender_new.html", _tender_form_context(visit, _tender_defaults(visit)))
    form = visit.form()
    try:
        command = forms.post_tender(form, visit.t)

        def post() -> str:
            return f"/tenders/{tenders.post_tender(visit.deps, principal, command).id}?done=posted"

        location = visit.once(form, post)
    except forms.Invalid as invalid:
        return _again("tender_new.html", form, invalid.fields, _tender_form_context(visit, {}))
    except InvalidInput as error:
        errors = _explain(visit, error)
        return _again("tender_new.html", form, errors, _tender_form_context(visit, {}))
    return Redirect(location)


def _tender_defaults(visit: Visit) -> dict[str, Any]:
    today = visit.now.date()
    deadline_day, _ = i18n.local_parts(visit.now + timedelta(days=7))
    return {
        "event_date": (today + timedelta(days=30)).isoformat(),
        "deadline_date": deadline_day,
        "deadline_time": "18:00",
        "dietary": [Dietary.HALAL.value],
        "service_style": ServiceStyle.BUFFET.value,
        "mode": BidMode.SEALED.value,
        "award_criteria": "price",
        "min_bids": "1",
        "province": "",
        "event_type": "",
    }


def _tender_form_context(visit: Visit, values: dict[str, Any]) -> dict[str, Any]:
    window = visit.deps.settings.minimum_bidding_window
    return {
        "form": values,
        "today": visit.now.date().isoformat(),
        # Seconds in the deadline only where windows are that short (the local stage's 10 s).
        "time_step": 1 if window < timedelta(minutes=1) else 60,
        "min_window": i18n.duration(window, visit.language),
    }


def tender(visit: Visit) -> Result:
    """The tender; caterers bid here (POST), organizers compare bids here after the close."""
    tender_id = visit.params["tender_id"]
    if visit.method == "POST":
        return _bid(visit, tender_id)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    return Html("tender.html", _tender_context(visit, screen, {}))


def _bid(visit: Visit, tender_id: str) -> Result:
    principal = visit.acting(Role.CATERER)
    form = visit.form()
    errors: dict[str, str]
    status = 422
    try:
        command = forms.place_bid(form, visit.t)

        def place() -> str:
            bidding.place_bid(visit.deps, principal, tender_id, command, visit.source)
            return f"/tenders/{tender_id}?done=bid"

        return Redirect(visit.once(form, place))
    except forms.Invalid as invalid:
        errors = invalid.fields
    except RateLimited as error:
        errors, status = _explain(visit, error), 429
    except Forbidden:
        errors, status = {forms.GENERAL: visit.t(NOT_VERIFIED)}, 403
    except Conflict:
        errors, status = {"amount_mad": _bid_conflict(visit, tender_id)}, 409
    except InvalidInput as error:
        errors = _explain(visit, error)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    context = _tender_context(visit, screen, form.values())
    context["errors"] = errors
    return Html("tender.html", context, status)


def _bid_conflict(visit: Visit, tender_id: str) -> str:
    """Why the bid was refused, said with today's numbers."""
    now_tender = browsing.live(visit.deps, tender_id)
    if not now_tender.is_open_at(visit.deps.clock()):
        return visit.t(BID_CLOSED)
    ceiling = browsing.bid_ceiling(now_tender)
    if ceiling is not None:
        return visit.t(BID_TOO_HIGH, amount=i18n.money(ceiling, visit.language))
    return visit.t(BID_RACED)


def _tender_context(
    visit: Visit, screen: browsing.TenderScreen, values: dict[str, Any]
) -> dict[str, Any]:
    t = screen.tender
    if screen.can_extend:  # the extension form starts one day after the current deadline
        day, hour = i18n.local_parts(t.bid_deadline + timedelta(days=1))
        values = {"new_deadline_date": day, "new_deadline_time": hour, **values}
    window = visit.deps.settings.minimum_bidding_window
    return {
        "screen": screen,
        "tender": t,
        "open": t.is_open_at(visit.now),
        "form": values,
        "errors": {},
        "live": t.status is TenderStatus.OPEN or t.status is TenderStatus.CLOSED,
        "time_step": 1 if window < timedelta(minutes=1) else 60,
        "review": reviews.of_tender(visit.deps, t),  # _review.html
    }


# --- the tender page's other forms: one POST route each, back to the tender when done ---------


def ask(visit: Visit) -> Result:
    """A caterer asks a question in the enquiry period (its name is never shown)."""
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        questions.ask(visit.deps, principal, tender_id, forms.ask_question(form, visit.t))

    return _act(visit, Role.CATERER, act, "asked", ("question", QUESTIONS_OVER))


def answer(visit: Visit) -> Result:
    tender_id, question_id = visit.params["tender_id"], visit.params["question_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.answer(form, question_id, visit.t)
        questions.answer(visit.deps, principal, tender_id, question_id, command)

    conflict = (f"answer-{question_id}", ALREADY_ANSWERED)
    return _act(visit, Role.ORGANIZER, act, "answered", conflict, owner=True)


def withdraw(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        bidding.withdraw_bid(visit.deps, principal, tender_id)

    return _act(visit, Role.CATERER, act, "withdrawn", ("withdraw", NO_WITHDRAWAL))


def extend(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.extend_deadline(form, visit.t)
        try:
            tenders.extend_deadline(visit.deps, principal, tender_id, command)
        except InvalidInput as error:
            raise forms.Invalid(forms.explain_extension(error, visit.t)) from error

    conflict = ("new_deadline", NOT_EXTENDABLE)
    return _act(visit, Role.ORGANIZER, act, "extended", conflict, owner=True)


def cancel(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.give_reason(form, "cancel_reason", visit.t)
        tenders.cancel_tender(visit.deps, principal, tender_id, command)

    conflict = ("cancel_reason", NOT_CANCELLABLE)
    return _act(visit, Role.ORGANIZER, act, "cancelled", conflict, owner=True)


def confirm_award(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        awards.confirm(visit.deps, principal, tender_id)

    return _act(visit, Role.CATERER, act, "confirmed", ("award", AWARD_MOVED))


def decline_award(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        awards.decline(visit.deps, principal, tender_id)

    return _act(visit, Role.CATERER, act, "declined", ("award", AWARD_MOVED))


def reject_award(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def act(form: Form, principal: Principal) -> None:
        command = forms.give_reason(form, "reject_reason", visit.t)
        awards.reject(visit.deps, principal, tender_id, command)

    conflict = ("reject_reason", AWARD_MOVED)
    return _act(visit, Role.ORGANIZER, act, "rejected", conflict, owner=True)


def _act(
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
        errors, status = {conflict[0]: _explain(visit, error)[forms.GENERAL]}, 429
    except Conflict:
        errors, status = {conflict[0]: visit.t(conflict[1])}, 409
    except InvalidInput as error:
        errors = _explain(visit, error)
    screen = browsing.tender_screen(visit.deps, visit.account, tender_id)
    context = _tender_context(visit, screen, form.values())
    context["errors"] = errors
    return Html("tender.html", context, status)


def how_ranking_works(visit: Visit) -> Result:
    """How bids are ranked, in the visitor's language (the same text as ``GET /api/ranking``)."""
    return Html("ranking.html", {"rules": ranking_explained(visit.language)})


def live(visit: Visit) -> Result:
    """The countdown's and the best amount's refresh: a few bytes of JSON, in the visitor's
    language and formats, computed from the server's clock."""
    t = browsing.live(visit.deps, visit.params["tender_id"])
    best = browsing.bid_ceiling(t)
    body = {
        "status": t.status.value,
        "left": max(0, int((t.bid_deadline - visit.now).total_seconds())),
        "best": i18n.money(t.best_amount, visit.language) if t.best_amount is not None else None,
        "ceiling": i18n.money(best, visit.language) if best is not None else None,
        "bids": i18n.number(len(t.bidder_ids), visit.language),
    }
    return Raw(
        json.dumps(body, ensure_ascii=False),
        "application/json; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )


def me(visit: Visit) -> Result:
    account = visit.require()
    principal = visit.acting()
    context: dict[str, Any] = {"account": account, "tenders": [], "bids": [], "queue": None}
    if account.role is Role.ORGANIZER:
        context["tenders"] = browsing.my_tenders(visit.deps, principal)
    elif account.role is Role.CATERER:
        context["bids"] = browsing.my_bids(visit.deps, principal)
        context["progress"] = onboarding.progress(visit.deps, principal)  # learn_progress.html
    else:
        context["queue"] = len(verification.queue(visit.deps, principal))
    return Html("me.html", context)


def inbox(visit: Visit) -> Result:
    principal = visit.acting()
    found = browsing.read_inbox(visit.deps, principal)
    return Html("inbox.html", {"unread_items": found.unread, "earlier": found.earlier})


def not_found(visit: Visit) -> Result:
    raise NotFound("no such page")


def static_file(visit: Visit) -> Result:
    name = visit.params["name"]
    if name not in STATIC_TYPES:
        raise NotFound("no such file")
    return Raw(
        (STATIC / name).read_text(encoding="utf-8"),
        STATIC_TYPES[name],
        headers={"Cache-Control": f"public, max-age={ONE_YEAR}, immutable"},
    )


# --- helpers -------------------------------------------------------------------------------


def _again(
    template: str,
    form: Form,
    errors: dict[str, str],
    context: dict[str, Any] | None = None,
    secret: tuple[str, ...] = (),
    status: int = 422,
) -> Html:
    """The same form again, with what was typed (but secrets) and a message per field."""
    return Html(
        template, {**(context or {}), "form": form.values(*secret), "errors": errors}, status
    )


def offer_upload(
    visit: Visit, principal: Principal, command: RequestUpload, back: str
) -> PresignedUpload | str:
    """A presigned upload for the page's file form, or, once the caterer's upload limit is
    spent, the sentence saying how long to wait (the page is shown without the form)."""
    try:
        return uploads.request_upload(visit.deps, principal, command, back)
    except RateLimited as error:
        return _explain(visit, error)[forms.GENERAL]


def _explain(visit: Visit, error: DomainError) -> dict[str, str]:
    window = visit.deps.settings.minimum_bidding_window
    return forms.explain_refusal(error, visit.t, visit.language, window)
