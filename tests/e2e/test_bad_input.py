"""Bad input over HTTP: every field of every create body, malformed bodies, bad ids and tokens.

Each case checks the status, the contract's error shape (``{"error": {"code", "message",
"fields"}}``) and that nothing was stored: the item counts of the tables a request could write
are the same before and after it. A few accounts and tenders are shared by the whole module.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer
from pynamodb.models import Model

from chalicelib.adapters.models import (
    AccountModel,
    BidModel,
    BidRevisionModel,
    LoginModel,
    TenderModel,
)
from embedded.runner import Embedded
from tests.bodies import PASSWORD, sign_up_body
from tests.e2e.client import ApiClient, Person, tender_body

pytestmark = pytest.mark.e2e

MAX_BODY = 65536
MISSING: Any = object()  # an override that removes the field
Tables = tuple[type[Model], ...]
TENDERS: Tables = (TenderModel,)
BIDS: Tables = (BidModel, BidRevisionModel)
ACCOUNTS: Tables = (AccountModel, LoginModel)
EVERYTHING: Tables = TENDERS + BIDS + ACCOUNTS

# --- the shared world ---------------------------------------------------------------------


@dataclass
class World:
    api: ApiClient
    organizer: Person
    caterer: Person
    rival: Person
    unverified: Person
    sealed: dict[str, Any]
    open: dict[str, Any]
    expiring: dict[str, Any]

    def post(self, path: str, body: Any, token: str | None = None, **kw: Any) -> requests.Response:
        return self.api.call("POST", path, body, token, **kw)

    def raw(
        self,
        path: str,
        data: bytes,
        token: str | None = None,
        content_type: str = "application/json",
        method: str = "POST",
    ) -> requests.Response:
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.api.session.request(
            method, self.api.base + path, data=data, headers=headers, timeout=30
        )


class OneConnectionPerRequest(requests.Session):
    """On a kept-alive connection the embedded server's replies wait ~40 ms for a delayed ACK
    (its headers and body go out as two small writes): a fresh connection each time is ~15x
    faster, which keeps these few hundred cases within seconds."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)
        finally:
            self.close()


@pytest.fixture(scope="module")
def world(server: Embedded) -> Iterator[World]:
    with OneConnectionPerRequest() as session:
        api = ApiClient(server.url, session, server.admin)
        organizer = api.sign_up()
        caterer = api.sign_up("caterer")
        rival = api.sign_up("caterer")
        # The expiring tender goes first: its deadline passes while the other cases run.
        expiring = api.post_tender(organizer, seconds=9)
        sealed = api.post_tender(organizer)
        open_tender = api.post_tender(organizer, mode="open")
        best = api.call(
            "POST",
            f"/api/tenders/{open_tender['id']}/bids",
            {"amount_mad": "10000.00"},
            rival.token,
        )
        assert best.status_code == 201, best.text
        unverified = api.sign_up("caterer", verify=False)
        yield World(api, organizer, caterer, rival, unverified, sealed, open_tender, expiring)


def stored(tables: Tables) -> dict[str, int]:
    return {model.__name__: model.count() for model in tables}


def refused(
    send: Callable[[], requests.Response],
    status: int,
    code: str,
    field: str | None = None,
    tables: Tables = EVERYTHING,
) -> dict[str, Any]:
    """Send once; the answer must be the contract's error, and ``tables`` must be unchanged.

    ``tables`` are those the request would write to if it were accepted (counting every table
    for each of the hundreds of field cases would triple the module's run time).
    """
    before = stored(tables)
    answer = send()
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"].startswith("application/json"), answer.headers
    error = answer.json()["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str), error
    assert error["message"].strip(), error
    if field is not None:
        fields = error["fields"]
        assert any(name == field or name.startswith(f"{field}.") for name in fields), fields
        assert all(isinstance(why, str) and why.strip() for why in fields.values()), fields
    assert stored(tables) == before
    return dict(error)


def invalid(send: Callable[[], requests.Response], field: str, tables: Tables) -> None:
    refused(send, 422, "validation_error", field, tables)


def build(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    body = dict(base)
    for name, value in overrides.items():
        if value is MISSING:
            body.pop(name, None)
        else:
            body[name] = value
    return body


def iso(seconds: float, naive: bool = False) -> str:
    moment = datetime.now(UTC) + timedelta(seconds=seconds)
    return (moment.replace(tzinfo=None) if naive else moment).isoformat()


def day(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).date().isoformat()


# --- case tables --------------------------------------------------------------------------

WRONG_FOR_TEXT = {"number": 7, "list": ["x"], "object": {"x": "y"}, "null": None, "bool": True}
WRONG_FOR_INT = {
    "string": "150",
    "list": [150],
    "object": {"n": 150},
    "null": None,
    "bool": True,
    "float": 1.5,
    "whole-float": 150.0,
}
WRONG_FOR_LIST = {
    "string": "x",
    "number": 7,
    "object": {"x": "y"},
    "null": None,
    "bool": True,
    "list-of-number": [7],
    "list-of-null": [None],
    "list-of-list": [["x"]],
}
WRONG_FOR_MONEY = {
    "bool": True,
    "float": 12.5,
    "whole-float": 1000.0,
    "list": ["1000.00"],
    "object": {"amount": "1000.00"},
    "zero": "0",
    "zero-00": "0.00",
    "int-zero": 0,
    "negative": "-5",
    "int-negative": -5,
    "three-decimals": "12.345",
    "tiny": "0.001",
    "nan": "NaN",
    "snan": "sNaN",
    "infinity": "Infinity",
    "minus-infinity": "-Infinity",
    "exponent": "1e3",
    "exponent-upper": "1E3",
    "underscores": "1_000",
    "arabic-indic-digits": "١٢٣",
    "comma": "12,50",
    "words": "mille",
    "empty": "",
    "blank": "   ",
    "over-max": "100000000.01",
    "huge": "9" * 40,
    "huge-int": 10**30,
}


def typed(field: str, wrong: dict[str, Any]) -> list[Any]:
    """One case per wrong value, each named after its kind (``guests-float``)."""
    return [pytest.param(field, {field: v}, id=f"{field}-{kind}") for kind, v in wrong.items()]


def cases(field: str, **named: Any) -> list[Any]:
    """``name=value`` pairs become cases that set ``field`` to ``value``."""
    return [pytest.param(field, {field: value}, id=f"{field}-{n}") for n, value in named.items()]


def missing(*fields: str) -> list[Any]:
    return [pytest.param(f, {f: MISSING}, id=f"{f}-missing") for f in fields]


def extra(*fields: str) -> list[Any]:
    return [pytest.param(f, {f: "x"}, id=f"extra-{f}") for f in fields]


TEXT_LIMITS = {
    "empty": "",
    "blank": "   ",
    "too-long": "x" * 201,
    "nul": "a\x00b",
    "newline": "a\nb",
}

TENDER_CASES = [
    *[
        case
        for f in ("title", "venue", "event_type", "province", "service_style", "mode")
        for case in typed(f, WRONG_FOR_TEXT)
    ],
    *typed("event_date", WRONG_FOR_TEXT),
    *typed("bid_deadline", WRONG_FOR_TEXT),
    *cases("title", **TEXT_LIMITS, bell="dîner\x07"),
    *cases("venue", **TEXT_LIMITS),
    *cases("event_type", unknown="funeral", upper="WEDDING", empty=""),
    *cases("province", unknown="casablanca", upper="Tata", empty=""),
    *cases("service_style", unknown="banquet", empty=""),
    *cases("mode", unknown="auction", upper="OPEN", empty=""),
    *cases(
        "event_date",
        impossible="2026-02-30",
        words="tomorrow",
        empty="",
        day_first="20-12-2026",
        far_past="2000-01-01",
    ),
    *typed("guests", WRONG_FOR_INT),
    *cases("guests", zero=0, negative=-1, over_max=100_001, huge=10**30),
    *typed("menu", WRONG_FOR_LIST),
    *cases("menu", empty_item=[""], blank_item=["  "], long_item=["x" * 201], too_many=["x"] * 51),
    *cases("menu", control_item=["tajine\x00"]),
    *typed("dietary", WRONG_FOR_LIST),
    *cases("dietary", unknown=["kosher"], upper=["HALAL"]),
    *typed("budget_max_mad", WRONG_FOR_MONEY),
    *typed("min_decrement_mad", WRONG_FOR_MONEY),
    *[
        pytest.param("min_decrement_mad", {"mode": "open", "min_decrement_mad": v}, id=f"open-{n}")
        for n, v in {"zero": "0", "negative": "-1", "three-decimals": "1.001", "float": 5.5}.items()
    ],
    pytest.param("min_decrement_mad", {"min_decrement_mad": "50.00"}, id="min_decrement-sealed"),
    *missing("title", "event_type", "event_date", "province", "venue", "guests", "bid_deadline"),
    *extra("id", "status", "organizer_id", "best_amount_mad", "award", "unknown"),
]

# Cases whose value depends on the time the request is sent.
TIMED_TENDER_CASES = [
    pytest.param("bid_deadline", lambda: {"bid_deadline": iso(-3600)}, id="deadline-past"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": iso(-1)}, id="deadline-just-past"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": iso(3)}, id="deadline-window-too-short"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": iso(3600, True)}, id="deadline-naive"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": day(2)}, id="deadline-date-only"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": "soon"}, id="deadline-words"),
    pytest.param("bid_deadline", lambda: {"bid_deadline": ""}, id="deadline-empty"),
    pytest.param(
        "bid_deadline",
        lambda: {"bid_deadline": "2026-13-01T10:00:00+01:00"},
        id="deadline-month-13",
    ),
    pytest.param(
        "bid_deadline", lambda: {"bid_deadline": "0001-01-01T00:30:00+01:00"}, id="deadline-year-0"
    ),
    pytest.param(
        "bid_deadline",
        lambda: {"bid_deadline": "9999-12-31T23:30:00-01:00", "event_date": "9999-12-31"},
        id="deadline-year-10000",
    ),
    pytest.param(
        "event_date",
        lambda: {"event_date": day(1), "bid_deadline": iso(3 * 86400)},
        id="event_date-before-deadline",
    ),
]

BID_CASES = [
    *typed("amount_mad", WRONG_FOR_MONEY),
    pytest.param("amount_mad", {"amount_mad": None}, id="amount_mad-null"),
    *typed("proposal", WRONG_FOR_TEXT),
    *cases("proposal", too_long="x" * 4001, nul="menu\x00", escape="menu\x1b[31m"),
    *missing("amount_mad"),
    *extra("id", "tender_id", "caterer_id", "submitted_at", "unknown"),
]

ACCOUNT_CASES = [
    *[
        case
        for f in ("role", "name", "email", "phone", "password", "language")
        for case in typed(f, WRONG_FOR_TEXT)
    ],
    pytest.param("phone", {"phone": 612345678}, id="phone-as-number"),
    *cases("role", admin="admin", upper="Organizer", empty=""),
    *cases("name", **TEXT_LIMITS),
    *cases(
        "email",
        empty="",
        no_at="fatima.example.ma",
        no_domain="fatima@",
        no_local="@example.ma",
        space="fa tima@example.ma",
        two_ats="a@b@example.ma",
        too_long="x" * 250 + "@example.ma",
    ),
    *cases(
        "phone",
        empty="",
        short="0612",
        words="not a phone",
        too_many_digits="+2126123456789999",
        too_long="0" * 41,
    ),
    *cases("password", empty="", too_short="short", seven="1234567", too_long="x" * 129),
    *cases("language", unknown="de", upper="FR", empty=""),
    *missing("role", "name", "email", "phone", "password"),
    *extra("id", "verified", "password_hash", "created_at", "unknown"),
]

CATERER_CASES = [
    *typed("business_name", WRONG_FOR_TEXT),
    *cases("business_name", **TEXT_LIMITS),
    *missing("business_name", "provinces", "categories"),
    *typed("provinces", WRONG_FOR_LIST),
    *cases("provinces", unknown=["casablanca"], empty=[], too_many=["tata"] * 7, upper=["TATA"]),
    *typed("categories", WRONG_FOR_LIST),
    *cases("categories", unknown=["plumbing"], empty=[], too_many=["catering"] * 11),
]

SESSION_CASES = [
    *typed("login", WRONG_FOR_TEXT),
    *typed("password", WRONG_FOR_TEXT),
    *cases("login", empty="", too_long="x" * 255),
    *cases("password", empty="", too_long="x" * 129),
    *missing("login", "password"),
    *extra("role", "unknown"),
]

MALFORMED = [
    pytest.param(b'{"title": "D\xc3\xaen', id="truncated"),
    pytest.param(b"title=Diner", id="form-encoded"),
    pytest.param(b"not json at all", id="text"),
    pytest.param(b"[]", id="array"),
    pytest.param(b'[{"title": "x"}]', id="array-of-object"),
    pytest.param(b'"hello"', id="string"),
    pytest.param(b"42", id="number"),
    pytest.param(b"null", id="null"),
    pytest.param(b"true", id="bool"),
    pytest.param(b"", id="empty"),
    pytest.param(b"   \n", id="whitespace"),
    pytest.param(b'{"title": "\xff\xfe"}', id="invalid-utf8"),
    pytest.param(b'{"title": "\xed\xa0\x80"}', id="utf8-encoded-surrogate"),
    pytest.param(b'{"title": "\\ud800"}', id="lone-surrogate-escape"),
    pytest.param(b'{"\\udfff": 1}', id="lone-surrogate-escape-in-a-key"),
    pytest.param('{"title": "x"}'.encode("utf-16"), id="utf-16"),
    pytest.param(b'{"guests": NaN}', id="nan-literal"),
    pytest.param(b'{"amount_mad": Infinity}', id="infinity-literal"),
    pytest.param(b"{} {}", id="trailing-object"),
    pytest.param(b"{'title': 'x'}", id="single-quotes"),
    pytest.param(b'{"title": "x",}', id="trailing-comma"),
    pytest.param(b"{/* comment */}", id="comment"),
    pytest.param(b'{"a":' + b"[" * 20000 + b"]" * 20000 + b"}", id="nested-too-deep"),
    pytest.param(b'{"a": ' + b"9" * 5000 + b"}", id="int-too-long"),
]

# --- endpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: Callable[[World], str]
    token: Callable[[World], str | None]
    tables: Tables


ENDPOINTS = [
    Endpoint("tenders", lambda w: "/api/tenders", lambda w: w.organizer.token, TENDERS),
    Endpoint(
        "bids", lambda w: f"/api/tenders/{w.sealed['id']}/bids", lambda w: w.caterer.token, BIDS
    ),
    Endpoint("accounts", lambda w: "/api/accounts", lambda w: None, ACCOUNTS),
    Endpoint("sessions", lambda w: "/api/sessions", lambda w: None, ACCOUNTS),
]
ENDPOINT_PARAMS = [pytest.param(e, id=e.name) for e in ENDPOINTS]


def new_account(role: str = "organizer") -> dict[str, Any]:
    return sign_up_body(role, language="ar")


# --- field validation ---------------------------------------------------------------------


def test_the_valid_bodies_used_below_are_accepted(world: World) -> None:
    """The cases change one thing in a valid body: check the bodies are valid to begin with."""
    answer = world.post("/api/tenders", tender_body(), world.organizer.token)
    assert answer.status_code == 201, answer.text
    for role in ("organizer", "caterer"):
        assert world.post("/api/accounts", new_account(role)).status_code == 201
    session = world.post("/api/sessions", {"login": world.organizer.email, "password": PASSWORD})
    assert session.status_code == 200, session.text
    # Line breaks and tabs stay allowed in a proposal; amounts may be integers or padded.
    path = f"/api/tenders/{world.sealed['id']}/bids"
    for amount in (" 12500.00 ", 12500, "12500.5"):
        bid = {"amount_mad": amount, "proposal": "Entrée :\n\tharira\nPlat : tajine"}
        answer = world.post(path, bid, world.rival.token)
        assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(("field", "overrides"), TENDER_CASES)
def test_tender_fields(world: World, field: str, overrides: dict[str, Any]) -> None:
    body = build(tender_body(), overrides)
    invalid(partial(world.post, "/api/tenders", body, world.organizer.token), field, TENDERS)


@pytest.mark.parametrize(("field", "overrides"), TIMED_TENDER_CASES)
def test_tender_times(world: World, field: str, overrides: Callable[[], dict[str, Any]]) -> None:
    body = build(tender_body(), overrides())
    invalid(partial(world.post, "/api/tenders", body, world.organizer.token), field, TENDERS)


@pytest.mark.parametrize(("field", "overrides"), BID_CASES)
def test_bid_fields(world: World, field: str, overrides: dict[str, Any]) -> None:
    body = build({"amount_mad": "1000.00", "proposal": "Tajine et pastilla"}, overrides)
    path = f"/api/tenders/{world.sealed['id']}/bids"
    invalid(partial(world.post, path, body, world.caterer.token), field, BIDS)


@pytest.mark.parametrize(("field", "overrides"), ACCOUNT_CASES)
def test_account_fields(world: World, field: str, overrides: dict[str, Any]) -> None:
    body = build(new_account(), overrides)
    invalid(partial(world.post, "/api/accounts", body), field, ACCOUNTS)


@pytest.mark.parametrize(("field", "overrides"), CATERER_CASES)
def test_caterer_fields(world: World, field: str, overrides: dict[str, Any]) -> None:
    body = build(new_account("caterer"), overrides)
    invalid(partial(world.post, "/api/accounts", body), field, ACCOUNTS)


@pytest.mark.parametrize(("field", "overrides"), SESSION_CASES)
def test_session_fields(world: World, field: str, overrides: dict[str, Any]) -> None:
    body = build({"login": world.organizer.email, "password": PASSWORD}, overrides)
    invalid(partial(world.post, "/api/sessions", body), field, ACCOUNTS)


# --- malformed and oversized bodies -------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINT_PARAMS)
@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_bodies(world: World, endpoint: Endpoint, data: bytes) -> None:
    path, token = endpoint.path(world), endpoint.token(world)
    refused(partial(world.raw, path, data, token), 400, "validation_error", None, endpoint.tables)


@pytest.mark.parametrize("endpoint", ENDPOINT_PARAMS)
def test_oversized_bodies(world: World, endpoint: Endpoint) -> None:
    path, token = endpoint.path(world), endpoint.token(world)
    data = b'{"title": "' + b"x" * MAX_BODY + b'"}'
    refused(partial(world.raw, path, data, token), 413, "payload_too_large", None, endpoint.tables)


@pytest.mark.parametrize("endpoint", ENDPOINT_PARAMS)
def test_a_body_at_the_limit_is_read(world: World, endpoint: Endpoint) -> None:
    """Exactly the limit is not too large: the body is read and its fields are judged."""
    path, token = endpoint.path(world), endpoint.token(world)
    data = b'{"unknown": "' + b"x" * (MAX_BODY - 15) + b'"}'
    assert len(data) == MAX_BODY
    refused(
        partial(world.raw, path, data, token), 422, "validation_error", "unknown", endpoint.tables
    )


@pytest.mark.parametrize("endpoint", ENDPOINT_PARAMS)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_bodies_that_are_not_json_by_content_type(
    world: World, endpoint: Endpoint, content_type: str
) -> None:
    path, token = endpoint.path(world), endpoint.token(world)
    send = partial(world.raw, path, b"{}", token, content_type)
    refused(send, 415, "unsupported_media_type", None, endpoint.tables)


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/api/tenders"), ("DELETE", "/api/accounts"), ("PATCH", "/api/sessions")],
)
def test_methods_a_path_does_not_take(world: World, method: str, path: str) -> None:
    refused(partial(world.raw, path, b"{}", method=method), 405, "method_not_allowed")


# --- list queries -------------------------------------------------------------------------


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("field", "params"),
    [
        pytest.param("limit", {"limit": "0"}, id="limit-zero"),
        pytest.param("limit", {"limit": "-1"}, id="limit-negative"),
        pytest.param("limit", {"limit": "101"}, id="limit-over-max"),
        pytest.param("limit", {"limit": "1.5"}, id="limit-fraction"),
        pytest.param("limit", {"limit": "ten"}, id="limit-words"),
        pytest.param("limit", {"limit": "9" * 5000}, id="limit-huge"),
        pytest.param("status", {"status": "bogus"}, id="status-unknown"),
        pytest.param("province", {"province": "atlantis"}, id="province-unknown"),
        pytest.param("cursor", {"cursor": "!!!"}, id="cursor-not-base64"),
        pytest.param("cursor", {"cursor": _cursor([1, 2])}, id="cursor-a-list"),
        pytest.param("cursor", {"cursor": "x" * 2001}, id="cursor-too-long"),
        pytest.param(
            "cursor",
            {"cursor": _cursor({"id": {"S": "x"}})},
            id="cursor-forged",
        ),
    ],
)
def test_bad_list_queries(world: World, field: str, params: dict[str, str]) -> None:
    send = partial(world.api.call, "GET", "/api/tenders", params=params)
    refused(send, 422, "validation_error", field, TENDERS)


# --- ids, tokens, roles and state ---------------------------------------------------------

NOT_UUIDS = [
    pytest.param("not-a-uuid", id="words"),
    pytest.param("123", id="number"),
    pytest.param("x" * 300, id="long"),
    pytest.param("%00", id="nul"),
    pytest.param("%FF", id="bad-utf8"),
    pytest.param("12345678-1234-5678-1234-56781234567", id="one-digit-short"),
]


def test_unknown_tender(world: World) -> None:
    unknown = str(uuid.uuid4())
    refused(partial(world.api.call, "GET", f"/api/tenders/{unknown}"), 404, "not_found")
    bid = {"amount_mad": "1000.00"}
    path = f"/api/tenders/{unknown}/bids"
    refused(partial(world.post, path, bid, world.caterer.token), 404, "not_found")
    send = partial(world.api.call, "GET", path, token=world.caterer.token)
    refused(send, 404, "not_found")


@pytest.mark.parametrize("bad_id", NOT_UUIDS)
def test_ids_that_are_not_uuids(world: World, bad_id: str) -> None:
    refused(partial(world.api.call, "GET", f"/api/tenders/{bad_id}"), 404, "not_found")
    bid = {"amount_mad": "1000.00"}
    path = f"/api/tenders/{bad_id}/bids"
    refused(partial(world.post, path, bid, world.caterer.token), 404, "not_found")
    verify = f"/api/caterers/{bad_id}/verification"
    refused(partial(world.post, verify, {}, world.api.admin_token), 404, "not_found")


def _foreign_token(world: World) -> str:
    """A well-formed token signed with another secret."""
    signer = URLSafeTimedSerializer("another secret, at least thirty-two chars", "walima-session")
    return str(signer.dumps({"sub": world.organizer.id, "role": "organizer"}))


def _tampered(token: str) -> str:
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


AUTHORIZATIONS: list[Any] = [
    pytest.param(lambda w: None, id="none"),
    pytest.param(lambda w: "", id="empty"),
    pytest.param(lambda w: "Bearer", id="bearer-without-token"),
    pytest.param(lambda w: "Bearer ", id="bearer-blank"),
    pytest.param(lambda w: "Bearer garbage", id="garbage"),
    pytest.param(lambda w: "Bearer " + "x" * 4000, id="long-garbage"),
    pytest.param(lambda w: "Basic " + w.organizer.token, id="basic-scheme"),
    pytest.param(lambda w: w.organizer.token, id="no-scheme"),
    pytest.param(lambda w: "Bearer " + _tampered(w.organizer.token), id="tampered"),
    pytest.param(lambda w: "Bearer " + _foreign_token(w), id="foreign-secret"),
]


@pytest.mark.parametrize("authorization", AUTHORIZATIONS)
@pytest.mark.parametrize("target", ["tender", "bid"])
def test_bad_credentials(
    world: World, target: str, authorization: Callable[[World], str | None]
) -> None:
    header = authorization(world)
    headers = {} if header is None else {"Authorization": header}
    if target == "tender":
        path, body = "/api/tenders", tender_body()
    else:
        path, body = f"/api/tenders/{world.sealed['id']}/bids", {"amount_mad": "1000.00"}
    refused(partial(world.post, path, body, headers=headers), 401, "unauthorized")


def test_wrong_credentials(world: World) -> None:
    wrong = {"login": world.organizer.email, "password": PASSWORD + "!"}
    first = refused(partial(world.post, "/api/sessions", wrong), 401, "unauthorized")
    nobody = {"login": "nobody@example.ma", "password": PASSWORD}
    second = refused(partial(world.post, "/api/sessions", nobody), 401, "unauthorized")
    assert first["message"] == second["message"]


def test_only_organizers_post_tenders(world: World) -> None:
    for token in (world.caterer.token, world.api.admin_token):
        refused(partial(world.post, "/api/tenders", tender_body(), token), 403, "forbidden")


@pytest.mark.parametrize("who", ["organizer", "admin", "unverified"])
def test_only_verified_caterers_bid(world: World, who: str) -> None:
    token = {
        "organizer": world.organizer.token,
        "admin": world.api.admin_token,
        "unverified": world.unverified.token,
    }[who]
    path = f"/api/tenders/{world.sealed['id']}/bids"
    refused(partial(world.post, path, {"amount_mad": "1000.00"}, token), 403, "forbidden")


def test_only_admins_verify(world: World) -> None:
    path = f"/api/caterers/{world.unverified.id}/verification"
    for token in (world.organizer.token, world.caterer.token, world.unverified.token):
        refused(partial(world.post, path, {}, token), 403, "forbidden")
    unknown = f"/api/caterers/{uuid.uuid4()}/verification"
    refused(partial(world.post, unknown, {}, world.api.admin_token), 404, "not_found")


def test_an_open_bid_must_undercut_the_best(world: World) -> None:
    path = f"/api/tenders/{world.open['id']}/bids"
    for amount in ("10000.00", "10500.00", "9999.99"):
        send = partial(world.post, path, {"amount_mad": amount}, world.caterer.token)
        refused(send, 409, "conflict")


def test_duplicate_accounts(world: World) -> None:
    taken = new_account()
    assert world.post("/api/accounts", taken).status_code == 201
    same_email = new_account() | {"email": taken["email"].upper()}
    refused(partial(world.post, "/api/accounts", same_email), 409, "conflict")
    digits = taken["phone"]
    same_phone = new_account() | {"phone": f"+212 {digits[1:4]} {digits[4:7]} {digits[7:]}"}
    refused(partial(world.post, "/api/accounts", same_phone), 409, "conflict")


def test_idempotency_key_misuse(world: World) -> None:
    token = world.organizer.token
    long_key = {"Idempotency-Key": "k" * 256}
    send = partial(world.post, "/api/tenders", tender_body(), token, headers=long_key)
    refused(send, 422, "validation_error", "Idempotency-Key")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = world.post("/api/tenders", tender_body(), token, headers=dict(key))
    assert first.status_code == 201, first.text
    other = tender_body(title="Un autre dîner")
    send = partial(world.post, "/api/tenders", other, token, headers=dict(key))
    refused(send, 422, "validation_error", "Idempotency-Key")


def test_a_bad_body_does_not_burn_its_idempotency_key(world: World) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    bad = tender_body(guests=0)
    send = partial(world.post, "/api/tenders", bad, world.organizer.token, headers=dict(key))
    invalid(send, "guests", TENDERS)
    again = world.post("/api/tenders", tender_body(), world.organizer.token, headers=dict(key))
    assert again.status_code == 201, again.text


def test_bidding_after_the_deadline(world: World) -> None:
    """Last in the module, so the expiring tender's deadline has (nearly) passed by now."""
    deadline = datetime.fromisoformat(world.expiring["bid_deadline"].replace("Z", "+00:00"))
    time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds() + 0.3))
    path = f"/api/tenders/{world.expiring['id']}/bids"
    refused(
        partial(world.post, path, {"amount_mad": "1000.00"}, world.caterer.token), 409, "conflict"
    )
