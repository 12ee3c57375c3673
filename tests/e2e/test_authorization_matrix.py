"""Who may call what: every route of the app, as anonymous, an organizer (who owns the tenders
used), another organizer, an unverified caterer, a verified caterer (who bid and won) and the
admin, each answer's status checked against the table below.

The table must name every route ``app.routes`` holds (``test_every_route_is_in_the_matrix``):
a new route fails the build until someone decides who may call it. API routes get a bearer
token; pages get the same token as their session cookie, and their forms a valid CSRF token.
Routes that change state put the identity that succeeds last, so every call before it sees
the same state.
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.client import ApiClient, Person, tender_body

pytestmark = pytest.mark.e2e

ANON, ORG, OTHER, UNVERIFIED, CATERER, ADMIN = (
    "anonymous",
    "organizer",
    "other organizer",
    "unverified caterer",
    "verified caterer",
    "admin",
)
IDENTITIES = (ANON, ORG, OTHER, UNVERIFIED, CATERER, ADMIN)
_numbers = itertools.count(1)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def only(
    allowed: str | tuple[str, ...], yes: int, no: int = 403, anon: int = 401
) -> dict[str, int]:
    """``yes`` for the allowed identities, ``no`` for the others, ``anon`` for anonymous."""
    allowed = (allowed,) if isinstance(allowed, str) else allowed
    return {i: yes if i in allowed else anon if i == ANON else no for i in IDENTITIES}


@dataclass
class World:
    """The accounts and tenders the calls are about, made once for the module."""

    server: Embedded
    people: dict[str, Person | None]
    ids: dict[str, str] = field(default_factory=dict)

    def token(self, identity: str) -> str | None:
        person = self.people[identity]
        return person.token if person else None


def later(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


def sign_up_body() -> dict[str, Any]:
    n = next(_numbers)
    return {
        "role": "organizer",
        "name": f"Matrix {n}",
        "email": f"matrix{n}-{uuid.uuid4().hex[:6]}@example.ma",
        "phone": f"06{63000000 + n:08d}",
        "password": PASSWORD,
        "language": "fr",
    }


@dataclass(frozen=True)
class Probe:
    """One route and method: how to call it, and the status each identity gets."""

    method: str
    route: str
    expected: dict[str, int]
    path: Callable[[World], str] = lambda w: ""
    body: Callable[[World, str], Any] = lambda w, who: None
    order: tuple[str, ...] = IDENTITIES
    fresh: bool = False  # a session of its own for each call: the call ends it

    @property
    def is_page(self) -> bool:
        return not self.route.startswith("/api/")


def api(route: str, **ids: str) -> Callable[[World], str]:
    return lambda w: route.format(**{k: w.ids[v] for k, v in ids.items()})


PRICES_HERE = "/api/insights/prices?province=agadir-ida-outanane&event_type=wedding"
MUTATING_LAST = (ANON, OTHER, UNVERIFIED, ADMIN, CATERER, ORG)  # the owner or winner acts last
WINNER_LAST = (ANON, ORG, OTHER, UNVERIFIED, ADMIN, CATERER)

PROBES: tuple[Probe, ...] = (
    # --- accounts ---
    Probe("POST", "/api/accounts", everyone(201), body=lambda w, who: sign_up_body()),
    Probe(
        "POST",
        "/api/sessions",
        everyone(200),
        body=lambda w, who: {"login": w.people[ORG].email, "password": PASSWORD},  # type: ignore[union-attr]
    ),
    Probe(
        "DELETE", "/api/sessions", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 204), fresh=True
    ),
    Probe(
        "POST",
        "/api/me/password",
        only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 422),  # 422: not the current password
        body=lambda w, who: {"current": "not-the-password", "new": "a-new-long-password"},
    ),
    Probe(
        "POST",
        "/api/password-resets",
        everyone(202),  # the same answer for any login, signed in or not
        body=lambda w, who: {"login": "nobody-at-all@example.ma"},
    ),
    Probe(
        "POST",
        "/api/password-resets/confirm",
        everyone(422),  # 422: no code was sent to this login
        body=lambda w, who: {
            "login": "nobody-at-all@example.ma",
            "code": "123456",
            "new": "a-new-long-password",
        },
    ),
    Probe("GET", "/api/me", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200)),
    Probe("GET", "/api/me/notifications", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200)),
    Probe(
        "POST",
        "/api/caterers/{caterer_id}/verification",
        only(ADMIN, 200),
        path=api("/api/caterers/{caterer_id}/verification", caterer_id="pending"),
        body=lambda w, who: {},
    ),
    # --- tenders ---
    Probe("POST", "/api/tenders", only((ORG, OTHER), 201), body=lambda w, who: tender_body()),
    Probe("GET", "/api/tenders", everyone(200)),
    Probe("GET", "/api/tenders/{tender_id}", everyone(200), path=api("/api/tenders/{t}", t="open")),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/deadline",
        only(ORG, 200),
        path=api("/api/tenders/{t}/deadline", t="open"),
        body=lambda w, who: {"bid_deadline": later(days=3)},
        order=MUTATING_LAST,
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/cancel",
        only(ORG, 200),
        path=api("/api/tenders/{t}/cancel", t="to-cancel"),
        body=lambda w, who: {"reason": "the wedding is postponed"},
        order=MUTATING_LAST,
    ),
    # --- bids ---
    Probe(
        "POST",
        "/api/tenders/{tender_id}/bids",
        only(CATERER, 201),
        path=api("/api/tenders/{t}/bids", t="open"),
        body=lambda w, who: {"amount_mad": "4000.00"},
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/bids",
        only((ORG, UNVERIFIED, CATERER), 200),
        path=api("/api/tenders/{t}/bids", t="awarded-for-reading"),
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/joint-bids",
        only((UNVERIFIED, CATERER), 422) | {UNVERIFIED: 403},  # 422: a meal is not shared
        path=api("/api/tenders/{t}/joint-bids", t="open"),
        body=lambda w, who: {
            "amount_mad": "4000.00",
            "shares": [
                {"caterer_id": w.people[CATERER].id, "amount_mad": "2000.00", "quantities": [1]},  # type: ignore[union-attr]
                {"caterer_id": w.people[UNVERIFIED].id, "amount_mad": "2000.00", "quantities": [1]},  # type: ignore[union-attr]
            ],
        },
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/joint-bids",
        only((UNVERIFIED, CATERER), 200),
        path=api("/api/tenders/{t}/joint-bids", t="open"),
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/joint-bids/{lead_id}/confirmation",
        only((UNVERIFIED, CATERER), 404),  # 404: nobody invited them
        path=api("/api/tenders/{t}/joint-bids/{c}/confirmation", t="open", c="caterer"),
    ),
    Probe(
        "DELETE",
        "/api/tenders/{tender_id}/bids/mine",
        only(CATERER, 200) | {UNVERIFIED: 404},
        path=api("/api/tenders/{t}/bids/mine", t="to-withdraw"),
        order=WINNER_LAST,
    ),
    # --- questions ---
    Probe(
        "POST",
        "/api/tenders/{tender_id}/questions",
        only(CATERER, 201),  # public questions: verified caterers only
        path=api("/api/tenders/{t}/questions", t="open"),
        body=lambda w, who: {"text": f"Is the venue air-conditioned? ({who})"},
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/questions",
        everyone(200),
        path=api("/api/tenders/{t}/questions", t="open"),
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/questions/{question_id}/answer",
        only(ORG, 200),
        path=api("/api/tenders/{t}/questions/{q}/answer", t="open", q="question"),
        body=lambda w, who: {"text": "Yes, the hall is air-conditioned."},
        order=MUTATING_LAST,
    ),
    # --- the award ---
    Probe(
        "POST",
        "/api/tenders/{tender_id}/award/confirm",
        only(CATERER, 200),
        path=api("/api/tenders/{t}/award/confirm", t="awarded-to-confirm"),
        body=lambda w, who: {},
        order=WINNER_LAST,
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/award/decline",
        only(CATERER, 200),
        path=api("/api/tenders/{t}/award/decline", t="awarded-to-decline"),
        body=lambda w, who: {},
        order=WINNER_LAST,
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/award/reject",
        only(ORG, 200),
        path=api("/api/tenders/{t}/award/reject", t="awarded-to-reject"),
        body=lambda w, who: {"reason": "the caterer cannot serve this date"},
        order=MUTATING_LAST,
    ),
    # --- the deal: only the two parties, contacts included ---
    Probe(
        "GET",
        "/api/tenders/{tender_id}/contract",
        only((ORG, CATERER), 200),
        path=api("/api/tenders/{t}/contract", t="contracted"),
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/contract.pdf",
        only((ORG, CATERER), 200),
        path=api("/api/tenders/{t}/contract.pdf", t="contracted"),
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/milestones/{kind}/paid",
        only(CATERER, 200),
        path=api("/api/tenders/{t}/milestones/deposit/paid", t="contracted"),
        body=lambda w, who: {"method": "cash"},
        order=WINNER_LAST,
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/delivery",
        only(CATERER, 409),  # 409: the event is in a month
        path=api("/api/tenders/{t}/delivery", t="contracted"),
        body=lambda w, who: {"code": "000000"},
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/shipment",
        only(CATERER, 409),  # 409: a meal's contract has no shipment
        path=api("/api/tenders/{t}/shipment", t="contracted"),
        body=lambda w, who: {"status": "prepared"},
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/contract/cancel",
        only((ORG, CATERER), 200) | {ORG: 409},  # the caterer cancels first; then it is over
        path=api("/api/tenders/{t}/contract/cancel", t="contracted-to-cancel"),
        body=lambda w, who: {"reason": "the venue burnt down"},
        order=MUTATING_LAST,
    ),
    # the organizer's dispute on "contracted" is open (setup), so the parties meet 409
    Probe(
        "POST",
        "/api/tenders/{tender_id}/dispute",
        only((ORG, CATERER), 409),
        path=api("/api/tenders/{t}/dispute", t="contracted"),
        body=lambda w, who: {"reason": "the food came cold"},
    ),
    Probe("GET", "/api/admin/disputes", only(ADMIN, 200)),
    Probe(
        "POST",
        "/api/admin/disputes/{dispute_id}/decision",
        only(ADMIN, 200),
        path=api("/api/admin/disputes/{d}/decision", d="dispute"),
        body=lambda w, who: {"decision": "dismissed", "note": "both sides heard"},
    ),
    # --- the caterers' space: profiles, reviews, fees (issue 8) ---
    Probe(
        "PATCH",
        "/api/me",
        only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200),
        body=lambda w, who: {"language": "fr"},
    ),
    Probe(
        "GET",
        "/api/caterers/{caterer_id}",
        everyone(200),
        path=lambda w: f"/api/caterers/{w.people[CATERER].id}",  # type: ignore[union-attr]
    ),
    Probe(
        "POST",
        "/api/caterers/{caterer_id}/exemption",
        only(ADMIN, 201),
        path=api("/api/caterers/{caterer_id}/exemption", caterer_id="pending"),
        body=lambda w, who: {"reason": "women's cooperative", "programme": "INDH"},
    ),
    Probe("GET", "/api/me/fees", only((UNVERIFIED, CATERER), 200)),
    Probe("GET", "/api/admin/fees", only(ADMIN, 200)),
    Probe("GET", "/api/admin/fees.csv", only(ADMIN, 200)),
    Probe(
        "POST",
        "/api/admin/fees/{entry_id}/reversal",
        only(ADMIN, 404),  # 404: no such fee entry
        path=lambda w: f"/api/admin/fees/{uuid.UUID(int=8)}/reversal",
        body=lambda w, who: {"reason": "booked twice by mistake"},
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/review",
        only(ORG, 409),  # 409: the tender is not completed yet
        path=api("/api/tenders/{t}/review", t="awarded-for-reading"),
        body=lambda w, who: {"stars": 5, "comment": "Parfait"},
    ),
    Probe(
        "POST",
        "/api/tenders/{tender_id}/review/reply",
        only(CATERER, 404),  # 404: the winner may reply, but there is no review yet
        path=api("/api/tenders/{t}/review/reply", t="awarded-for-reading"),
        body=lambda w, who: {"text": "Merci"},
    ),
    Probe(
        "POST",
        "/api/me/photos",
        only((UNVERIFIED, CATERER), 422),  # 422: no such upload
        body=lambda w, who: {"key": "photo/x/y"},
    ),
    Probe(
        "DELETE",
        "/api/me/photos/{number}",
        only((UNVERIFIED, CATERER), 404),  # 404: no photo yet
        path=lambda w: "/api/me/photos/1",
    ),
    # --- tender alerts (issue 8) ---
    Probe("GET", "/api/me/alerts", only((UNVERIFIED, CATERER), 200)),
    Probe(
        "PUT",
        "/api/me/alerts",
        only((UNVERIFIED, CATERER), 200),
        body=lambda w, who: {"channel": "sms", "digest": False},
    ),
    # --- notice settings: every account ---
    Probe("GET", "/api/me/notice-settings", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200)),
    Probe(
        "PUT",
        "/api/me/notice-settings",
        only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200),
        body=lambda w, who: {"sms": True, "email": True, "quiet_hours": True},
    ),
    # --- private threads: a verified caterer while open; the organizer to one that wrote ---
    Probe(
        "POST",
        "/api/tenders/{tender_id}/messages",
        only((CATERER, ORG), 201),
        path=api("/api/tenders/{t}/messages", t="open"),
        body=lambda w, who: {"text": f"Une question ({who})", "caterer_id": w.ids["caterer"]},
        order=MUTATING_LAST,  # the caterer writes first: then the organizer may answer
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/messages",
        only((ORG, UNVERIFIED, CATERER), 200),  # a caterer reads its own thread, if only empty
        path=api("/api/tenders/{t}/messages", t="open"),
    ),
    # --- open data ---
    Probe("GET", "/api/insights/prices", everyone(200), path=lambda w: PRICES_HERE),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/history",
        only((ORG, CATERER, ADMIN), 200),  # its organizer, its bidders, admins
        path=api("/api/tenders/{t}/history", t="contracted"),
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/ocds",
        everyone(200),
        path=api("/api/tenders/{t}/ocds", t="contracted"),
    ),
    Probe(
        "GET",
        "/api/tenders/{tender_id}/ocds/record",
        everyone(200),
        path=api("/api/tenders/{t}/ocds/record", t="contracted"),
    ),
    Probe("GET", "/api/ocds/releases", everyone(200)),
    # --- onboarding and lessons (issue 8) ---
    Probe("GET", "/api/lessons", everyone(200)),
    Probe(
        "POST",
        "/api/me/lessons/{slug}",
        only((UNVERIFIED, CATERER), 200),
        path=lambda w: "/api/me/lessons/how-tenders-work",
    ),
    Probe("GET", "/api/me/onboarding", only((UNVERIFIED, CATERER), 200)),
    # --- verification and uploads (issue 8) ---
    Probe(
        "POST",
        "/api/me/uploads",
        only((UNVERIFIED, CATERER), 201),
        body=lambda w, who: {"purpose": "document", "content_type": "application/pdf"},
    ),
    Probe(
        "POST",
        "/api/me/verification",
        only((UNVERIFIED, CATERER), 422),  # 422: no such upload
        body=lambda w, who: {"ice": "001561191000066", "document_key": "document/x/y"},
    ),
    Probe("GET", "/api/me/verification", only((UNVERIFIED, CATERER), 200)),
    Probe("GET", "/api/ranking", everyone(200)),
    Probe("GET", "/api/openapi.json", everyone(200)),
    *(
        Probe(method, "/api/{proxy+}", everyone(404), path=lambda w: "/api/no/such/thing")
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    ),
)


def page(route: str, **ids: str) -> Callable[[World], str]:
    return api(route, **ids)


# Pages: anonymous visitors are sent to log in (303) where an account is needed, and the
# signed-in away from the log-in form; a form posted with nothing filled in comes back with its
# errors (422) for whoever may post it, and 403 for anyone else.
PAGE_PROBES: tuple[Probe, ...] = (
    Probe("GET", "/", everyone(200)),
    Probe("GET", "/signup", everyone(200)),
    Probe("POST", "/signup", everyone(422)),
    Probe("GET", "/login", everyone(303) | {ANON: 200}),
    Probe("POST", "/login", everyone(422)),
    Probe("GET", "/password-reset", everyone(200)),
    Probe("POST", "/password-reset", everyone(422)),
    Probe("GET", "/password-reset/confirm", everyone(200)),
    Probe("POST", "/password-reset/confirm", everyone(422)),
    Probe("GET", "/me/password", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200, anon=303)),
    Probe("POST", "/me/password", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 422, anon=303)),
    Probe("GET", "/logout", everyone(200)),
    Probe("POST", "/logout", everyone(303) | {ANON: 400}, fresh=True),
    Probe("GET", "/tenders/new", only((ORG, OTHER), 200, anon=303)),
    Probe("POST", "/tenders/new", only((ORG, OTHER), 422, anon=303)),
    Probe("GET", "/tenders/{tender_id}", everyone(200), path=page("/tenders/{t}", t="open")),
    Probe(
        "POST",
        "/tenders/{tender_id}",  # the bid form
        only((UNVERIFIED, CATERER), 422, anon=303),
        path=page("/tenders/{t}", t="open"),
    ),
    Probe(
        "GET", "/tenders/{tender_id}/live", everyone(200), path=page("/tenders/{t}/live", t="open")
    ),
    Probe("GET", "/me", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200, anon=303)),
    Probe("GET", "/inbox", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200, anon=303)),
    Probe("GET", "/admin/caterers", only(ADMIN, 200, anon=303)),
    Probe("POST", "/admin/caterers", only(ADMIN, 404, anon=303)),  # 404: no caterer named
    Probe("GET", "/static/{name}", everyone(200), path=lambda w: "/static/walima.css"),
    Probe("GET", "/{proxy+}", everyone(404), path=lambda w: "/no/such/page"),
    Probe("POST", "/{proxy+}", everyone(404), path=lambda w: "/no/such/page"),
    Probe("GET", "/dev/outbox", everyone(200)),
    # the signed-in visitor's language switch: its CSRF token, then back. No page gives an
    # anonymous visitor this form (it has links), so its POST comes without a token: 400.
    Probe("POST", "/language", everyone(303) | {ANON: 400}),
    # --- the tender page's forms (issue 5): empty forms come back with errors (422) ---
    Probe(
        "POST",
        "/tenders/{tender_id}/questions",
        only((UNVERIFIED, CATERER), 422, anon=303),
        path=page("/tenders/{t}/questions", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/questions/{question_id}/answer",
        only(ORG, 422, anon=303),
        path=page("/tenders/{t}/questions/{q}/answer", t="open", q="question"),
    ),
    # a meal is not bid on together: 404 for the caterers, once they are let in
    Probe(
        "GET",
        "/tenders/{tender_id}/joint-bids/new",
        only((UNVERIFIED, CATERER), 404, anon=303),
        path=page("/tenders/{t}/joint-bids/new", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/joint-bids",
        only((UNVERIFIED, CATERER), 404, anon=303),
        path=page("/tenders/{t}/joint-bids", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/joint-bids/{lead_id}/confirmation",
        only((UNVERIFIED, CATERER), 404, anon=303),  # 404: nobody invited them
        path=page("/tenders/{t}/joint-bids/{c}/confirmation", t="open", c="caterer"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/withdraw",
        only(CATERER, 303, anon=303) | {UNVERIFIED: 404},  # 404: it has no bid there
        path=page("/tenders/{t}/withdraw", t="page-to-withdraw"),
        order=WINNER_LAST,
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/deadline",
        only(ORG, 422, anon=303),
        path=page("/tenders/{t}/deadline", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/cancel",
        only(ORG, 422, anon=303),
        path=page("/tenders/{t}/cancel", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/award/confirm",
        only(CATERER, 303, anon=303),
        path=page("/tenders/{t}/award/confirm", t="page-awarded-to-confirm"),
        order=WINNER_LAST,
    ),
    Probe(
        "GET",
        "/tenders/{tender_id}/contract",
        only((ORG, CATERER), 200, anon=303),
        path=page("/tenders/{t}/contract", t="contracted"),
    ),
    Probe(
        "GET",
        "/tenders/{tender_id}/contract.pdf",
        only((ORG, CATERER), 200, anon=303),
        path=page("/tenders/{t}/contract.pdf", t="contracted"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/contract/milestones/{kind}",
        only(CATERER, 422, anon=303),  # 422: no method chosen
        path=page("/tenders/{t}/contract/milestones/balance", t="contracted"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/contract/delivery",
        only(CATERER, 422, anon=303),  # 422: no code given
        path=page("/tenders/{t}/contract/delivery", t="contracted"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/contract/shipment",
        only(CATERER, 422, anon=303),  # 422: no status chosen
        path=page("/tenders/{t}/contract/shipment", t="contracted"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/contract/dispute",
        only((ORG, CATERER), 422, anon=303),  # 422: no reason given
        path=page("/tenders/{t}/contract/dispute", t="contracted"),
    ),
    Probe("GET", "/admin/disputes", only(ADMIN, 200, anon=303)),
    Probe(
        "POST",
        "/admin/disputes/{dispute_id}/decision",
        only(ADMIN, 422, anon=303),  # 422: no decision chosen
        path=page("/admin/disputes/{d}/decision", d="dispute"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/contract/cancel",
        only((ORG, CATERER), 422, anon=303),  # 422: no reason given
        path=page("/tenders/{t}/contract/cancel", t="contracted"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/award/decline",
        only(CATERER, 303, anon=303),
        path=page("/tenders/{t}/award/decline", t="page-awarded-to-decline"),
        order=WINNER_LAST,
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/award/reject",
        only(ORG, 422, anon=303),
        path=page("/tenders/{t}/award/reject", t="awarded-for-reading"),
    ),
    Probe("GET", "/how-ranking-works", everyone(200)),
    # --- onboarding and lessons (issue 8) ---
    Probe("GET", "/learn", everyone(200)),
    Probe("GET", "/learn/{slug}", everyone(200), path=lambda w: "/learn/winning-proposal"),
    Probe(
        "POST",
        "/learn/{slug}",  # mark as read, then the checklist
        only((UNVERIFIED, CATERER), 303, anon=303),
        path=lambda w: "/learn/winning-proposal",
    ),
    Probe("GET", "/me/start", only((UNVERIFIED, CATERER), 200, anon=303)),
    Probe("GET", "/practice", everyone(303)),  # to the practice tender
    # --- caterer profiles and reviews on the pages (issue 8) ---
    Probe(
        "GET",
        "/caterers/{caterer_id}",
        everyone(200),
        path=lambda w: f"/caterers/{w.people[CATERER].id}",  # type: ignore[union-attr]
    ),
    # --- verification (issue 8) ---
    Probe("GET", "/me/verification", only((UNVERIFIED, CATERER), 200, anon=303)),
    Probe("POST", "/me/verification", only((UNVERIFIED, CATERER), 422, anon=303)),  # no document
    Probe(
        "GET",
        "/admin/caterers/{caterer_id}/document",
        only(ADMIN, 404, anon=303),  # 404: this caterer sent no document
        path=page("/admin/caterers/{c}/document", c="pending"),
    ),
    Probe("GET", "/me/notices", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 200, anon=303)),
    # nothing ticked is a choice: no SMS, no e-mail, no quiet hours
    Probe("POST", "/me/notices", only((ORG, OTHER, UNVERIFIED, CATERER, ADMIN), 303, anon=303)),
    Probe(
        "GET",
        "/tenders/{tender_id}/messages",
        only((ORG, UNVERIFIED, CATERER), 200, anon=303),
        path=page("/tenders/{t}/messages", t="open"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/messages",
        only((UNVERIFIED, CATERER), 422, anon=303),  # 422: no text; organizers write from a thread
        path=page("/tenders/{t}/messages", t="open"),
    ),
    Probe(
        "GET",
        "/tenders/{tender_id}/messages/{caterer_id}",
        only(ORG, 200, anon=303),
        path=page("/tenders/{t}/messages/{c}", t="open", c="caterer"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/messages/{caterer_id}",
        only(ORG, 422, anon=303),
        path=page("/tenders/{t}/messages/{c}", t="open", c="caterer"),
    ),
    Probe("GET", "/insights", everyone(200)),
    Probe("GET", "/me/alerts", only((UNVERIFIED, CATERER), 200, anon=303)),  # tender alerts
    Probe("POST", "/me/alerts", only((UNVERIFIED, CATERER), 422, anon=303)),  # 422: no channel
    Probe("GET", "/me/profile", only((UNVERIFIED, CATERER), 200, anon=303)),
    Probe("POST", "/me/profile", only((UNVERIFIED, CATERER), 422, anon=303)),
    Probe(
        "POST",
        "/tenders/{tender_id}/review",
        only(ORG, 422, anon=303),  # 422: no stars chosen
        path=page("/tenders/{t}/review", t="awarded-for-reading"),
    ),
    Probe(
        "POST",
        "/tenders/{tender_id}/review/reply",
        only((UNVERIFIED, CATERER), 422, anon=303),  # 422: an empty reply
        path=page("/tenders/{t}/review/reply", t="awarded-for-reading"),
    ),
    # the upload's return link: caterers without the link's token get 403 like everyone else
    # (the allowed path, token and upload included: test_profile_pages)
    Probe("GET", "/me/photos", only((), 403, anon=303)),
    Probe(
        "POST",
        "/me/photos/{number}/remove",
        only((UNVERIFIED, CATERER), 404, anon=303),  # 404: no photo yet
        path=lambda w: "/me/photos/1/remove",
    ),
    # --- the fee ledger and the exemption (issue 8): empty forms come back with errors ---
    Probe("GET", "/me/fees", only((UNVERIFIED, CATERER), 200, anon=303)),
    Probe("GET", "/admin/fees", only(ADMIN, 200, anon=303)),
    Probe("GET", "/admin/fees.csv", only(ADMIN, 200, anon=303)),
    Probe("GET", "/admin/impact", only(ADMIN, 200, anon=303)),
    Probe("GET", "/admin/impact.csv", only(ADMIN, 200, anon=303)),
    Probe(
        "POST",
        "/admin/fees/{entry_id}/reversal",
        only(ADMIN, 422, anon=303),  # 422: no reason given
        path=lambda w: f"/admin/fees/{uuid.UUID(int=8)}/reversal",
    ),
    Probe(
        "POST",
        "/admin/caterers/{caterer_id}/exemption",
        only(ADMIN, 422, anon=303),  # 422: no reason or programme given
        path=lambda w: f"/admin/caterers/{w.people[CATERER].id}/exemption",  # type: ignore[union-attr]
    ),
)
HIDDEN = re.compile(r'<input type="hidden" name="(csrf|form_key)" value="([^"]*)"')


@pytest.fixture(scope="module")
def world(server: Embedded) -> Iterator[World]:
    with requests.Session() as session:
        client = ApiClient(server.url, session, server.admin)
        organizer = client.sign_up()
        people: dict[str, Person | None] = {
            ANON: None,
            ORG: organizer,
            OTHER: client.sign_up(),
            UNVERIFIED: client.sign_up("caterer", verify=False),
            CATERER: client.sign_up("caterer"),
            ADMIN: Person("admin", client.admin_token, server.admin.email),
        }
        world = World(server, people)
        world.ids["caterer"] = people[CATERER].id  # type: ignore[union-attr]
        runner_up = client.sign_up("caterer")
        world.ids["pending"] = client.sign_up("caterer", verify=False).id

        def bid(tender_id: str, who: Person, amount: str) -> None:
            placed = client.call(
                "POST", f"/api/tenders/{tender_id}/bids", {"amount_mad": amount}, who.token
            )
            assert placed.status_code == 201, placed.text

        world.ids["caterer"] = people[CATERER].id  # type: ignore[union-attr]
        for name in ("open", "to-cancel", "to-withdraw", "page-to-withdraw"):
            world.ids[name] = client.post_tender(organizer)["id"]
        bid(world.ids["to-withdraw"], people[CATERER], "5000.00")  # type: ignore[arg-type]
        bid(world.ids["page-to-withdraw"], people[CATERER], "5000.00")  # type: ignore[arg-type]
        asked = client.call(
            "POST",
            f"/api/tenders/{world.ids['open']}/questions",
            {"text": "Can you cater for 20 more guests?"},
            people[CATERER].token,  # type: ignore[union-attr]
        )
        assert asked.status_code == 201, asked.text
        world.ids["question"] = asked.json()["id"]
        awarded = [f"awarded-{x}" for x in ("for-reading", "to-confirm", "to-decline", "to-reject")]
        awarded += ["page-awarded-to-confirm", "page-awarded-to-decline"]
        awarded += ["contracted", "contracted-to-cancel"]
        for name in awarded:
            world.ids[name] = client.post_tender(organizer, seconds=11)["id"]
            bid(world.ids[name], people[CATERER], "5000.00")  # type: ignore[arg-type]
            bid(world.ids[name], runner_up, "6000.00")
        deadline = time.monotonic() + 30
        for name in awarded:
            while True:
                got = client.call("GET", f"/api/tenders/{world.ids[name]}").json()
                if got["status"] == "awarded" or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert got["status"] == "awarded", got
        for name in ("contracted", "contracted-to-cancel"):
            confirmed = client.call(
                "POST",
                f"/api/tenders/{world.ids[name]}/award/confirm",
                {},
                people[CATERER].token,  # type: ignore[union-attr]
            )
            assert confirmed.status_code == 200, confirmed.text
        disputed = client.call(
            "POST",
            f"/api/tenders/{world.ids['contracted']}/dispute",
            {"reason": "the caterer stopped answering"},
            organizer.token,
        )
        assert disputed.status_code == 201, disputed.text
        world.ids["dispute"] = disputed.json()["id"]
        yield world


def call(world: World, probe: Probe, identity: str) -> int:
    token = fresh_token(world, identity) if probe.fresh else world.token(identity)
    url = world.server.url + (probe.path(world) or probe.route)
    if probe.is_page:
        return visit(world, url, probe.method, token)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = probe.body(world, identity)
    answer = requests.request(
        probe.method, url, json=body, headers=headers, timeout=30, allow_redirects=False
    )
    return answer.status_code


def fresh_token(world: World, identity: str) -> str | None:
    """A new session for ``identity`` (a call that ends its session must not end the one the
    other probes use)."""
    person = world.people[identity]
    if person is None:
        return None
    password = world.server.admin.password if identity == ADMIN else PASSWORD
    body = {"login": person.email, "password": password}
    answer = requests.post(f"{world.server.url}/api/sessions", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def visit(world: World, url: str, method: str, token: str | None) -> int:
    """As a browser: the session cookie, and for a post the form's own CSRF token and key
    (taken from the home page when the page itself does not show the form to this visitor)."""
    with requests.Session() as browser:
        if token:
            browser.cookies.set("walima_session", token)
        if method == "GET":
            return browser.get(url, timeout=30, allow_redirects=False).status_code
        form = browser.get(url, timeout=30, allow_redirects=False)
        fields = dict(HIDDEN.findall(form.text))
        if "csrf" not in fields:
            fields = dict(HIDDEN.findall(browser.get(world.server.url + "/", timeout=30).text))
        answer = browser.post(url, data=fields, timeout=30, allow_redirects=False)
        return answer.status_code


def test_every_route_is_in_the_matrix() -> None:
    import app

    routes = {(m, path) for path, methods in app.app.routes.items() for m in methods}
    probed = {(p.method, p.route) for p in (*PROBES, *PAGE_PROBES)}
    assert routes - probed == set(), "decide who may call these, then add them to the matrix"
    assert probed - routes == set(), "these routes are gone: remove them from the matrix"


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: f"{p.method} {p.route}")
def test_who_may_call_each_api_route(world: World, probe: Probe) -> None:
    assert set(probe.order) == set(IDENTITIES)
    assert set(probe.expected) == set(IDENTITIES)
    got = {identity: call(world, probe, identity) for identity in probe.order}
    assert got == probe.expected


@pytest.mark.parametrize("probe", PAGE_PROBES, ids=lambda p: f"{p.method} {p.route}")
def test_who_may_open_each_page(world: World, probe: Probe) -> None:
    got = {identity: call(world, probe, identity) for identity in probe.order}
    assert got == probe.expected
