"""How pages are rendered: the Jinja2 environment of each language (autoescape on), the labels
codes are shown with, the ``?done=`` messages, and the static files' versioned URLs.

Templates and static files live in ``chalicelib/`` because Chalice packages ``app.py`` and
``chalicelib/`` and nothing else (``templates/`` at the top is a symlink here).
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from chalice.app import Request, Response

if TYPE_CHECKING:
    from jinja2 import Environment

from chalicelib import i18n
from chalicelib.domain import morocco
from chalicelib.domain.account import OrganizerKind, Role
from chalicelib.domain.catalog import (
    SOUSS_MASSA,
    Category,
    Dietary,
    EventType,
    Language,
    Province,
    Region,
    ServiceStyle,
)
from chalicelib.domain.contract import MilestoneKind, PaymentMethod, Side
from chalicelib.domain.dispute import DisputeStatus
from chalicelib.domain.history import SYSTEM, Action
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import Delivery, DeliveryMode, unit_price
from chalicelib.domain.morocco import PROVINCES_OF
from chalicelib.domain.profile import CatererKind
from chalicelib.domain.shipment import ShipmentStatus
from chalicelib.domain.tender import BidMode
from chalicelib.entrypoints.cookies import parse_cookies
from chalicelib.entrypoints.site import Renderer
from chalicelib.entrypoints.web import SECURITY_HEADERS, Html, Visit
from chalicelib.i18n import N_
from chalicelib.services.browsing import Outcome

HERE = Path(__file__).resolve().parents[1]
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_TYPES = {
    "walima.css": "text/css; charset=utf-8",
    "walima.js": "text/javascript; charset=utf-8",
    "site.js": "text/javascript; charset=utf-8",
    "prices.js": "text/javascript; charset=utf-8",  # the tender form's typical price
    "sw.js": "text/javascript; charset=utf-8",  # the service worker, scope / (its header)
    "offline.html": "text/html; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
    "icon.svg": "image/svg+xml",
    # drawn by ``python -m tests.e2e.pictures``: link previews, home-screen icons
    "preview.jpg": "image/jpeg",
    "icon-192.png": "image/png",
    "icon-512.png": "image/png",
}
ONE_YEAR = 365 * 24 * 3600
OG_LOCALE = {Language.AR: "ar_MA", Language.FR: "fr_MA", Language.EN: "en_US"}

# --- labels: codes in the data, words on the page -----------------------------------------

LABELS: dict[str, dict[str, str]] = {
    # places are named by ``domain/morocco.py`` in each language, not by the catalogs
    "province": {p: p.value for p in Province},
    "service_province": {p: p.value for p in SOUSS_MASSA},
    "region": {r: r.value for r in Region},
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
    "unit": i18n.UNITS,
    "delivery_mode": {
        DeliveryMode.COLLECT: N_("The buyer collects"),
        DeliveryMode.SELLER: N_("The seller delivers"),
        DeliveryMode.CARRIER: N_("By carrier"),
    },
    "shipment": {
        ShipmentStatus.PREPARED: N_("Prepared"),
        ShipmentStatus.HANDED_TO_CARRIER: N_("Handed to the carrier"),
        ShipmentStatus.DELIVERED: N_("Delivered"),
    },
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
    # a tender's history
    "action": {
        Action.POSTED: N_("Posted"),
        Action.DEADLINE_EXTENDED: N_("Deadline extended"),
        Action.CLOSED: N_("Bidding closed"),
        Action.AWARDED: N_("Awarded"),
        Action.UNSUCCESSFUL: N_("Ended without an award"),
        Action.AWARD_PASSED: N_("Award passed to the next bid"),
        Action.CANCELLED: N_("Cancelled"),
        Action.CONTRACTED: N_("Contract confirmed"),
        Action.DEPOSIT_PAID: N_("Deposit received"),
        Action.BALANCE_PAID: N_("Balance received"),
        Action.DELIVERED: N_("Delivered (code entered)"),
        Action.COMPLETED: N_("Completed"),
        Action.CONTRACT_CANCELLED: N_("Contract cancelled"),
        Action.DISPUTE_OPENED: N_("Dispute opened"),
        Action.DISPUTE_DECIDED: N_("Dispute decided"),
    },
    "actor": {
        Role.ORGANIZER: N_("the organizer"),
        Role.CATERER: N_("a caterer"),
        Role.ADMIN: N_("Walima's team"),
        SYSTEM: N_("Walima, on time"),
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
    "organizer_kind": {
        OrganizerKind.INDIVIDUAL: N_("A person or a family"),
        OrganizerKind.ASSOCIATION: N_("An association"),
        OrganizerKind.COMPANY: N_("A company"),
        OrganizerKind.COMMUNE: N_("A commune"),
    },
    # the caterer's profile
    "caterer_kind": {
        CatererKind.TRAITEUR: N_("Caterer (traiteur)"),
        CatererKind.COOPERATIVE: N_("Cooperative"),
        CatererKind.ARTISAN: N_("Artisan"),
        CatererKind.PASTRY: N_("Pastry house"),
    },
    # the contract
    "milestone": {MilestoneKind.DEPOSIT: N_("Deposit"), MilestoneKind.BALANCE: N_("Balance")},
    "payment_method": {
        PaymentMethod.CASH: N_("Cash"),
        PaymentMethod.BANK_TRANSFER: N_("Bank transfer"),
        PaymentMethod.CARD: N_("Card"),
    },
    "dispute": {
        DisputeStatus.OPEN: N_("Open"),
        DisputeStatus.UPHELD: N_("Upheld"),
        DisputeStatus.DISMISSED: N_("Dismissed"),
    },
    "side": {Side.ORGANIZER: N_("The organizer"), Side.CATERER: N_("The caterer")},
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
    "joint_proposed": N_("Your joint bid is proposed: it stands once every partner confirms."),
    "joint_confirmed": N_("You confirmed your share of the joint bid."),
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
    "paid": N_("The payment is recorded; the organizer sees it on the contract."),
    "delivered": N_("The delivery code is right: the event is completed."),
    "shipment": N_("The shipment's status is updated: the buyer sees it on the contract."),
    "contract_cancelled": N_("The contract is cancelled; the other party is told."),
    "disputed": N_("Your dispute is open; a Walima admin will decide it and tell you both."),
    "decided": N_("The dispute is decided; both parties are told."),
    "code_sent": N_("If this is a Walima account, a 6-digit code is on its way to it."),
    "password_reset": N_("Your password is changed. Log in with the new one."),
    "password_changed": N_("Your password is changed; your other sessions are logged out."),
}


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
        label=lambda code, kind: label(language, kind, code),
        where=lambda event: where(language, event),
        qty=lambda value: i18n.quantity(Decimal(value), language),
    )
    env.globals.update(
        lang=language.value,
        dir="rtl" if language is Language.AR else "ltr",
        static_url=static_url,
        labels=LABELS,
        places=[(r, PROVINCES_OF[r]) for r in Region],
        delivery_said=lambda delivery: delivery_said(language, delivery),
        unit_price=lambda lot, bid: unit_price(lot, bid.amount, bid.delivery),
    )
    return env


PLACES: dict[str, type[Province] | type[Region]] = {
    "province": Province,
    "service_province": Province,
    "region": Region,
}


def label(language: Language, kind: str, code: str) -> str:
    """A code's words in ``language``: places by their names, the rest through the catalog."""
    place = PLACES.get(kind)
    if place is not None:
        return morocco.name(place(code), language)
    return i18n.gettext_for(language, LABELS[kind][code])


class Located(Protocol):
    @property
    def province(self) -> Province | None: ...
    @property
    def region(self) -> Region: ...


def where(language: Language, event: Located) -> str:
    """A tender's or a contract's place: its province, or the region its products go to."""
    return morocco.name(event.province or event.region, language)


DELIVERY_SAID = N_("%(mode)s, %(price)s, within %(days)s days")


def delivery_said(language: Language, delivery: Delivery) -> str:
    """How a bid's goods travel, in one line."""
    return i18n.say(
        language,
        DELIVERY_SAID,
        mode=label(language, "delivery_mode", delivery.mode),
        price=i18n.money(delivery.price, language),
        days=i18n.number(delivery.lead_days, language),
    )


class JinjaRenderer(Renderer):
    def render(self, visit: Visit, html: Html) -> str:
        context = {
            "me": visit.account,
            "unread": visit.unread,
            "csrf": visit.csrf,
            "languages": visit.language_links(),
            "here": visit.here,
            "page_url": visit.base_url + visit.path,  # link previews: og:url, the share link
            "preview_image": visit.base_url + static_url("preview.jpg"),
            "og_locale": OG_LOCALE[visit.language],
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
