"""Each API rate limit bites when its stage setting is low: log-in, sign-up, bidding and
upload links, per account and per address, ``429 rate_limited`` with ``Retry-After``; and the
local stage's own limits leave a burst of sign-ups and bids from 127.0.0.1 alone.

A limit is lowered the way a stage sets it (its ``WALIMA_RATE_*`` variable), then the process
re-reads its settings; the counters are emptied first, so the requests made to set the scene
do not count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests

from chalicelib.adapters.models import RateLimitModel
from chalicelib.bootstrap import deps
from chalicelib.settings import settings
from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_pages import Visitor

pytestmark = pytest.mark.e2e
LOW = 3


@pytest.fixture
def client(server: Embedded) -> Iterator[ApiClient]:
    with requests.Session() as session:
        yield ApiClient(server.url, session, server.admin)


@pytest.fixture
def stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """``stage("WALIMA_LOGIN_BACKOFF", "3/60/900")``: the process re-reads its settings with
    that stage variable, counting from zero (the counters are emptied)."""

    def change(variable: str, value: str) -> None:
        with RateLimitModel.batch_write() as batch:
            for counter in RateLimitModel.scan():
                batch.delete(counter)
        monkeypatch.setenv(variable, value)
        settings.cache_clear()
        deps.cache_clear()

    yield change
    monkeypatch.undo()
    settings.cache_clear()
    deps.cache_clear()


@pytest.fixture
def limit(stage: Callable[[str, str], None]) -> Callable[[str], None]:
    """``limit("bids_per_ip")``: that limit becomes ``LOW`` a minute, counting from zero."""
    return lambda name: stage(f"WALIMA_RATE_{name.upper()}", f"{LOW}/60")


@dataclass
class Scene:
    client: ApiClient
    people: list[Person]


def statuses(send: Callable[[int], requests.Response], times: int) -> list[int]:
    answers = [send(i) for i in range(times)]
    for answer in answers:
        if answer.status_code == 429:
            assert answer.json()["error"]["code"] == "rate_limited"
            assert 1 <= int(answer.headers["Retry-After"]) <= 60
    return [a.status_code for a in answers]


def test_wrong_passwords_back_off_per_address_and_login(
    client: ApiClient, stage: Callable[[str, str], None]
) -> None:
    guessed, other = client.sign_up(), client.sign_up()
    stage("WALIMA_LOGIN_BACKOFF", f"{LOW}/60/900")

    def wrong(who: Person) -> requests.Response:
        return client.call("POST", "/api/sessions", {"login": who.email, "password": "guess-123"})

    assert statuses(lambda i: wrong(guessed), LOW + 2) == [401] * LOW + [429, 429]
    right = client.call("POST", "/api/sessions", {"login": guessed.email, "password": PASSWORD})
    assert right.status_code == 429, "not even the right password, from this address, for now"
    assert int(right.headers["Retry-After"]) == 60
    assert wrong(other).status_code == 401, "another login from the same address is not slowed"


def test_log_in_per_address(client: ApiClient, limit: Callable[[str], None]) -> None:
    people = [client.sign_up() for _ in range(LOW + 1)]
    limit("login_per_ip")

    def log_in(i: int) -> requests.Response:
        body = {"login": people[i].email, "password": PASSWORD}
        return client.call("POST", "/api/sessions", body)

    assert statuses(log_in, LOW + 1) == [200] * LOW + [429]


def test_sign_up_per_address(client: ApiClient, limit: Callable[[str], None]) -> None:
    limit("sign_up_per_ip")
    bodies = [sign_up_body(f"burst{i}") for i in range(LOW + 1)]
    assert statuses(lambda i: client.call("POST", "/api/accounts", bodies[i]), LOW + 1) == [
        201
    ] * LOW + [429]


def test_sign_up_per_email(client: ApiClient, limit: Callable[[str], None]) -> None:
    limit("sign_up_per_email")
    same = sign_up_body("same")
    answers = statuses(lambda i: client.call("POST", "/api/accounts", same), LOW + 1)
    assert answers == [201] + [409] * (LOW - 1) + [429]
    assert client.call("POST", "/api/accounts", sign_up_body("else")).status_code == 201


def test_bids_per_account(client: ApiClient, limit: Callable[[str], None]) -> None:
    organizer, eager, calm = client.sign_up(), client.sign_up("caterer"), client.sign_up("caterer")
    tender = client.post_tender(organizer)
    limit("bids_per_account")

    def bid(who: Person, amount: int) -> requests.Response:
        body = {"amount_mad": f"{amount}.00"}
        return client.call("POST", f"/api/tenders/{tender['id']}/bids", body, who.token)

    assert statuses(lambda i: bid(eager, 9000 - i), LOW + 1) == [201] * LOW + [429]
    assert bid(calm, 8000).status_code == 201


def test_bids_per_address(client: ApiClient, limit: Callable[[str], None]) -> None:
    organizer = client.sign_up()
    caterers = [client.sign_up("caterer") for _ in range(LOW + 1)]
    tender = client.post_tender(organizer)
    limit("bids_per_ip")

    def bid(i: int) -> requests.Response:
        body = {"amount_mad": "7000.00"}
        return client.call("POST", f"/api/tenders/{tender['id']}/bids", body, caterers[i].token)

    assert statuses(bid, LOW + 1) == [201] * LOW + [429]


def test_the_local_stage_lets_a_burst_from_one_address_through(client: ApiClient) -> None:
    """Load tests run from 127.0.0.1: two hundred sign-ups and bids in a row pass."""
    organizer = client.sign_up()
    tender = client.post_tender(organizer)
    caterer = client.sign_up("caterer")
    for i in range(100):
        made = client.call("POST", "/api/accounts", sign_up_body(f"load{i}"))
        assert made.status_code == 201, made.text
        body = {"amount_mad": f"{90000 - i}.00"}
        bid = client.call("POST", f"/api/tenders/{tender['id']}/bids", body, caterer.token)
        assert bid.status_code == 201, bid.text


_serial = iter(range(1, 1_000_000))


def sign_up_body(tag: str) -> dict[str, str]:
    n = next(_serial)
    return {
        "role": "organizer",
        "name": f"Rate {tag}",
        "email": f"rate-{tag}-{n}@example.ma",
        "phone": f"06{64000000 + n:08d}",
        "password": PASSWORD,
        "language": "fr",
    }


def test_upload_links_per_account(client: ApiClient, limit: Callable[[str], None]) -> None:
    busy, other = client.sign_up("caterer"), client.sign_up("caterer")
    limit("uploads_per_account")
    body = {"purpose": "photo", "content_type": "image/jpeg"}

    def link(who: Person) -> requests.Response:
        return client.call("POST", "/api/me/uploads", body, who.token)

    assert statuses(lambda i: link(busy), LOW + 1) == [201] * LOW + [429]
    assert link(other).status_code == 201


# --- both doors: the same limits, the same counters ------------------------------------------


def signed_in(server: Embedded, who: Person) -> Visitor:
    browser = Visitor(server.url, "fr")
    browser.log_in(who.email)
    return browser


def tender_page(server: Embedded, client: ApiClient) -> tuple[Person, str, Visitor, str]:
    """A verified caterer signed in on the pages, and an open tender: its id and its page."""
    organizer, caterer = client.sign_up(), client.sign_up("caterer")
    tender_id = client.post_tender(organizer)["id"]
    return caterer, tender_id, signed_in(server, caterer), f"/tenders/{tender_id}"


def test_page_log_ins_share_the_api_back_off(
    server: Embedded, client: ApiClient, stage: Callable[[str, str], None]
) -> None:
    person = client.sign_up()
    stage("WALIMA_LOGIN_BACKOFF", f"{LOW}/60/900")
    wrong = {"login": person.email, "password": "guess-123"}
    for _ in range(LOW - 1):
        assert client.call("POST", "/api/sessions", wrong).status_code == 401
    page = Visitor(server.url, "fr")
    assert page.submit("/login", "/login", wrong).status_code == 401
    right = {"login": person.email, "password": PASSWORD}
    blocked = page.submit("/login", "/login", right)
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.text
    assert client.call("POST", "/api/sessions", right).status_code == 429
    other = client.sign_up()
    assert (
        page.submit("/login", "/login", {"login": other.email, "password": PASSWORD}).status_code
        == 303
    )


def test_page_sign_ups_count_against_the_address(
    server: Embedded, client: ApiClient, limit: Callable[[str], None]
) -> None:
    limit("sign_up_per_ip")
    for i in range(LOW):
        assert client.call("POST", "/api/accounts", sign_up_body(f"door{i}")).status_code == 201
    page = Visitor(server.url, "fr")
    refused = page.submit("/signup", "/signup", sign_up_body("page"))
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.text


def test_page_bids_meet_the_bid_limits(
    server: Embedded, client: ApiClient, limit: Callable[[str], None]
) -> None:
    caterer, tender_id, page, path = tender_page(server, client)
    limit("bids_per_account")
    for i in range(LOW - 1):
        assert page.submit(path, path, {"amount_mad": f"{9000 - i},00"}).status_code == 303
    body = {"amount_mad": "8000.00"}
    api_bid = client.call("POST", f"/api/tenders/{tender_id}/bids", body, caterer.token)
    assert api_bid.status_code == 201
    refused = page.submit(path, path, {"amount_mad": "7000"})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.text
    own = client.call("GET", f"/api/tenders/{tender_id}/bids", None, caterer.token).json()
    assert own["items"][0]["amount_mad"] == "8000.00", "the refused bid changed nothing"


def test_opening_an_upload_page_counts_an_upload_link(
    server: Embedded, client: ApiClient, limit: Callable[[str], None]
) -> None:
    caterer = client.sign_up("caterer")
    page = signed_in(server, caterer)
    limit("uploads_per_account")
    for _ in range(LOW):
        assert 'type="file"' in page.get("/me/profile").text
    spent = page.get("/me/profile")
    assert spent.status_code == 200, "the page still works, without the file form"
    assert 'type="file"' not in spent.text
    assert "Trop de tentatives" in spent.text
    body = {"purpose": "document", "content_type": "application/pdf"}
    assert client.call("POST", "/api/me/uploads", body, caterer.token).status_code == 429


def test_questions_are_limited_on_both_doors(
    server: Embedded, client: ApiClient, limit: Callable[[str], None]
) -> None:
    caterer, tender_id, page, path = tender_page(server, client)
    limit("questions_per_account")

    def ask_api(i: int) -> requests.Response:
        body = {"text": f"Question {i} ?"}
        return client.call("POST", f"/api/tenders/{tender_id}/questions", body, caterer.token)

    assert statuses(ask_api, LOW - 1) == [201] * (LOW - 1)
    assert page.submit(path, f"{path}/questions", {"question": "Par la page ?"}).status_code == 303
    refused = page.submit(path, f"{path}/questions", {"question": "Encore ?"})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.text
    assert ask_api(LOW).status_code == 429
    asked = client.call("GET", f"/api/tenders/{tender_id}/questions").json()["items"]
    assert len(asked) == LOW
