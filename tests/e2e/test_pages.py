"""The pages over HTTP, as a browser without JavaScript uses them: forms post, answers are
pages in the visitor's language, and every refusal is a 4xx page (never a 5xx)."""

from __future__ import annotations

import html as html_lib
import re
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from embedded.runner import Embedded
from tests.bodies import PASSWORD, sign_up_body
from tests.e2e.client import ApiClient

pytestmark = pytest.mark.e2e
MOROCCO = ZoneInfo("Africa/Casablanca")
LIMIT_BYTES = 30 * 1024
ARABIC = re.compile(r"[\u0600-\u06ff]{3,}")


class Visitor:
    """A cookie jar and the hidden fields of the last page seen, like a browser tab."""

    def __init__(self, base: str, language: str | None = None) -> None:
        self.base = base
        self.http = requests.Session()
        if language:
            self.http.headers["Accept-Language"] = language

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, allow_redirects=False, **kw)

    def post(self, path: str, data: dict[str, Any], **kw: Any) -> requests.Response:
        return self.http.post(self.base + path, data=data, timeout=30, allow_redirects=False, **kw)

    def submit(self, page: str, action: str, data: dict[str, Any]) -> requests.Response:
        """Open ``page``, then post its form to ``action`` with its CSRF token and form key."""
        html = self.get(page).text
        return self.post(action, {**hidden_fields(html), **data})

    def log_in(self, login: str, password: str = PASSWORD) -> requests.Response:
        answer = self.submit("/login", "/login", {"login": login, "password": password})
        assert answer.status_code == 303, answer.text
        return answer

    def switch_language(self, lang: str, page: str = "/me") -> requests.Response:
        """The footer's switch as a signed-in visitor uses it: a POST with the CSRF token."""
        answer = self.submit(page, "/language", {"lang": lang, "next": page})
        assert answer.status_code == 303, answer.text
        return answer


def hidden_fields(html: str) -> dict[str, str]:
    found = dict(re.findall(r'<input type="hidden" name="(csrf|form_key)" value="([^"]*)"', html))
    assert "csrf" in found, html[:500]
    return found


@pytest.fixture
def visitor(server: Embedded) -> Iterator[Visitor]:
    v = Visitor(server.url)
    yield v
    v.http.close()


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="err" id="{name}-err">([^<]*)</p>', html)
    assert found, f"no error shown next to {name}"
    return found.group(1)


AMLOU: dict[str, Any] = {  # a products lot: 100 kg of amlou
    "title": "Amlou pour un séminaire",
    "event_type": "regional_products",
    "province": "tiznit",
    "categories": ["amlou"],
    "service_style": "delivery",
    "menu": [],
    "lots": [{"title": "Amlou", "items": [{"name": "Amlou", "quantity": 100, "unit": "kg"}]}],
}


def tender_form(seconds: float = 3600, **extra: str) -> dict[str, Any]:
    deadline = datetime.now(MOROCCO) + timedelta(seconds=seconds)
    return {
        "title": "Mariage à Tata",
        "event_type": "wedding",
        "event_date": (deadline + timedelta(days=20)).date().isoformat(),
        "province": "tata",
        "venue": "Salle Tata",
        "guests": "150",
        "menu": "Tajine\nCouscous",
        "dietary": "halal",
        "service_style": "buffet",
        "mode": "sealed",
        "deadline_date": deadline.date().isoformat(),
        "deadline_time": deadline.strftime("%H:%M:%S"),
        **extra,
    }


def page_weight(visitor: Visitor, html: str) -> int:
    """The page plus every stylesheet and script it links (all our own, same origin)."""
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"', html):
        total += len(visitor.get(asset).content)
    return total


# --- every page ----------------------------------------------------------------------------


def test_every_page_in_every_language_is_light_safe_and_translated(
    server: Embedded, api: ApiClient
) -> None:
    organizer = api.sign_up()
    caterer = api.sign_up("caterer")
    tender = api.post_tender(organizer, title="Dîner <b>gras</b> & « fête »")
    api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "9000.00"}, caterer.token)
    lot = api.post_tender(organizer, **AMLOU)["id"]
    partner = api.sign_up("caterer")
    shares = [
        {"caterer_id": who.id, "amount_mad": "4500.00", "quantities": ["50"]}
        for who in (caterer, partner)
    ]
    joint = {"amount_mad": "9000.00", "shares": shares}
    invited = api.call("POST", f"/api/tenders/{lot}/joint-bids", joint, caterer.token)
    assert invited.status_code == 201, invited.text
    people = {
        None: ["/", "/signup", "/login", "/logout", "/no-such-page", f"/tenders/{tender['id']}"],
        organizer.email: ["/me", "/inbox", "/tenders/new", f"/tenders/{tender['id']}"],
        caterer.email: [
            "/me",
            f"/tenders/{tender['id']}",
            f"/tenders/{lot}",
            f"/tenders/{lot}/joint-bids/new",
        ],
        partner.email: [f"/tenders/{lot}"],
        api.admin.email: ["/admin/caterers", "/me"],
    }
    for login, paths in people.items():
        v = Visitor(server.url)
        if login:
            v.log_in(login, api.admin.password if login == api.admin.email else PASSWORD)
        for lang, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
            for path in paths:
                answer = v.get(f"{path}?lang={lang}")
                html = answer.text
                assert answer.status_code == (404 if "no-such" in path else 200), path
                assert f'<html lang="{lang}" dir="{direction}">' in html
                csp = answer.headers["Content-Security-Policy"]
                assert "unsafe-inline" not in csp
                assert "script-src 'self'" in csp
                assert not re.search(r"<script(?![^>]*\ssrc=)", html), "inline script"
                assert " style=" not in html
                assert "<style" not in html
                assert page_weight(v, html) <= LIMIT_BYTES, path
                main = html.split('<main id="main">')[1]
                if lang == "ar":
                    assert ARABIC.search(main), f"{path} has no Arabic in ar"
                assert "<b>gras</b>" not in html
        v.http.close()


def test_static_files_are_cached_for_a_year_and_versioned(visitor: Visitor) -> None:
    html = visitor.get("/").text
    css = re.search(r'href="(/static/walima\.css\?v=[0-9a-f]+)"', html)
    assert css
    answer = visitor.get(css.group(1))
    assert answer.headers["Content-Type"].startswith("text/css")
    assert "immutable" in answer.headers["Cache-Control"]
    assert "Set-Cookie" not in answer.headers  # static files touch no session, no database
    assert "margin-inline" in answer.text  # logical properties: the Arabic pages mirror
    assert visitor.get("/static/../app.py").status_code == 404
    assert visitor.get("/static/secret.txt").status_code == 404


# --- languages -----------------------------------------------------------------------------


def test_language_comes_from_account_then_cookie_then_browser(
    server: Embedded, api: ApiClient
) -> None:
    v = Visitor(server.url, "ar-MA,ar;q=0.9,fr;q=0.5")
    assert '<html lang="ar" dir="rtl">' in v.get("/").text
    switched = v.get("/?lang=en")
    assert "walima_lang=en" in switched.headers["Set-Cookie"]
    assert '<html lang="en"' in v.get("/").text  # the cookie beats Accept-Language
    person = api.sign_up(language="fr")
    v.log_in(person.email)
    assert '<html lang="fr"' in v.get("/me").text  # the account beats the cookie
    assert '<html lang="ar"' in v.get("/me?lang=ar").text  # ?lang= shows this page in Arabic…
    assert '<html lang="fr"' in v.get("/inbox").text  # …and writes nothing: a GET never does
    assert api.call("GET", "/api/me", token=person.token).json()["language"] == "fr"
    page = v.get("/inbox?x=1").text
    assert 'action="/language"' in page
    forged = v.post("/language", {"lang": "ar", "next": "/inbox"})  # no CSRF token
    assert 400 <= forged.status_code < 500
    switched = v.post("/language", {**hidden_fields(page), "lang": "ar", "next": "/inbox?x=1"})
    assert (switched.status_code, switched.headers["Location"]) == (303, "/inbox?x=1")
    assert '<html lang="ar"' in v.get("/inbox").text
    assert api.call("GET", "/api/me", token=person.token).json()["language"] == "ar"


def test_errors_are_pages_in_the_visitors_language(server: Embedded) -> None:
    for language, word in (("ar", "غير موجودة"), ("fr", "introuvable"), ("en", "not found")):
        v = Visitor(server.url, language)
        for path in ("/no-such-page", "/tenders/x/y", f"/tenders/{uuid.uuid4()}", "/tenders/42"):
            answer = v.get(path)
            assert answer.status_code == 404, path
            assert word in answer.text.lower(), (language, path)
            assert answer.headers["Content-Type"].startswith("text/html")


def test_odd_requests_get_4xx_pages_never_5xx(visitor: Visitor) -> None:
    html = visitor.get("/signup").text
    token = hidden_fields(html)["csrf"]
    odd = [
        visitor.post("/signup", {"csrf": token}, headers={"Content-Type": "text/plain"}),
        visitor.http.post(
            visitor.base + "/signup",
            data=b"csrf=" + token.encode() + b"&name=%ff%fe",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            timeout=30,
        ),
        visitor.post("/signup", {"csrf": token, "name": "x" * 70_000}),
        visitor.post("/signup", {"csrf": token, "role": ["organizer", "caterer"], "email": []}),
        visitor.get("/?province=atlantis&event_type=%00&cursor=forged"),
        visitor.get("/tenders/new?lang=xx"),
        visitor.post("/tenders/" + str(uuid.uuid4()), {"csrf": token}),
        visitor.post("/admin/caterers", {"csrf": token, "caterer_id": "nope"}),
        visitor.post("/no-such-page", {"csrf": token}),
    ]
    for answer in odd:
        assert 300 <= answer.status_code < 500, (answer.request.url, answer.status_code)


# --- sessions, CSRF, throttle ----------------------------------------------------------------


def test_session_cookie_is_http_only_same_site_lax(visitor: Visitor, api: ApiClient) -> None:
    person = api.sign_up()
    answer = visitor.log_in(person.email)
    cookies = answer.headers["Set-Cookie"]
    session = next(c for c in cookies.split(", walima") if "walima_session=" in c)
    assert "HttpOnly" in session
    assert "SameSite=Lax" in session
    assert "Secure" not in session  # the local stage is plain HTTP
    token = visitor.http.cookies["walima_session"]
    # the very same signed token as the API's
    me = api.call("GET", "/api/me", token=token)
    assert me.json()["email"] == person.email
    out = visitor.submit("/logout", "/logout", {})
    assert out.status_code == 303
    assert visitor.get("/me").status_code == 303  # logged out: sent to /login


def test_forms_without_this_browsers_csrf_token_change_nothing(
    server: Embedded, visitor: Visitor, api: ApiClient
) -> None:
    body = {
        "role": "organizer",
        "name": "Forged",
        "email": "forged@example.ma",
        "phone": "0669990001",
        "password": PASSWORD,
    }
    assert visitor.post("/signup", body).status_code == 403
    other = Visitor(server.url)
    stolen = hidden_fields(other.get("/signup").text)  # a token made for another browser
    assert visitor.post("/signup", {**body, **stolen}).status_code == 403
    refused = api.call("POST", "/api/sessions", {"login": body["email"], "password": PASSWORD})
    assert refused.status_code == 401


def test_login_goes_back_only_to_this_site(visitor: Visitor, api: ApiClient) -> None:
    person = api.sign_up()
    for target, expected in (
        ("//evil.example/x", "/me"),
        ("/inbox", "/inbox"),
        ("https://x.y", "/me"),
    ):
        v = Visitor(visitor.base)
        html = v.get("/login?" + urllib.parse.urlencode({"next": target})).text
        answer = v.post(
            "/login?" + urllib.parse.urlencode({"next": target}),
            {**hidden_fields(html), "login": person.email, "password": PASSWORD},
        )
        assert answer.headers["Location"] == expected


# --- forms -----------------------------------------------------------------------------------


def test_sign_up_errors_stand_next_to_fields_in_arabic_and_keep_values(server: Embedded) -> None:
    v = Visitor(server.url, "ar")
    answer = v.submit(
        "/signup",
        "/signup",
        {
            "role": "caterer",
            "name": "مطبخ <السعادة>",
            "email": "not-an-email",
            "phone": "12",
            "password": "short",
            "business_name": "",
        },
    )
    assert answer.status_code == 422
    html = answer.text
    assert ARABIC.search(field_error(html, "email"))
    assert ARABIC.search(field_error(html, "phone"))
    assert ARABIC.search(field_error(html, "password"))
    assert 'value="مطبخ &lt;السعادة&gt;"' in html  # kept, and escaped
    assert 'value="short"' not in html  # never the password
    assert 'aria-invalid="true"' in html
    fixed = v.post(
        "/signup",
        {
            **hidden_fields(html),
            "role": "caterer",
            "name": "مطبخ السعادة",
            "email": "saada@example.ma",
            "phone": "٠٦٦١٢٣٤٥٦٧",  # Arabic-Indic digits, as some Android keyboards type them
            "password": PASSWORD,
            "language": "ar",
            "business_name": "مطبخ السعادة",
            "provinces": ["tiznit", "tata"],
            "categories": "catering",
        },
    )
    assert fixed.status_code == 303
    assert fixed.headers["Location"] == "/me/start?done=welcome"  # a caterer's checklist
    me = v.get("/me").text
    assert "+212661234567" in me


def test_a_taken_email_is_refused_with_the_apis_status_on_the_page(
    server: Embedded, api: ApiClient
) -> None:
    """A refusal has one status on both doors (``wire.status_of``): a taken e-mail is 409."""
    taken = api.sign_up()
    body = sign_up_body("organizer", email=taken.email)
    assert api.call("POST", "/api/accounts", body).status_code == 409
    v = Visitor(server.url, "fr")
    answer = v.submit("/signup", "/signup", {**body, "password": PASSWORD})
    assert answer.status_code == 409
    assert field_error(answer.text, "email")  # next to the field, not an error page
    assert 'value="' + taken.email + '"' in answer.text


def test_a_double_submit_posts_one_tender_and_one_bid(server: Embedded, api: ApiClient) -> None:
    organizer = api.sign_up()
    v = Visitor(server.url)
    v.log_in(organizer.email)
    body = {**hidden_fields(v.get("/tenders/new").text), **tender_form(title="Une seule fois")}
    answers = both_at_once(lambda: v.post("/tenders/new", body))
    locations = {a.headers["Location"] for a in answers}
    assert [a.status_code for a in answers] == [303, 303]
    assert len(locations) == 1
    mine = [
        t for t in api.call("GET", "/api/tenders").json()["items"] if t["title"] == "Une seule fois"
    ]
    assert len(mine) == 1

    caterer = api.sign_up("caterer")
    c = Visitor(server.url)
    c.log_in(caterer.email)
    page = f"/tenders/{mine[0]['id']}"
    bid = {**hidden_fields(c.get(page).text), "amount_mad": "12 500,50", "proposal": "Tout compris"}
    bids = both_at_once(lambda: c.post(page, bid))
    assert [a.status_code for a in bids] == [303, 303]
    from chalicelib.adapters.models import BidRevisionModel

    assert len(list(BidRevisionModel.query(mine[0]["id"]))) == 1
    own = api.call("GET", f"/api/tenders/{mine[0]['id']}/bids", token=caterer.token).json()
    assert own["items"][0]["amount_mad"] == "12500.50"
    # A new render of the form is a new bid: revising works.
    again = {**hidden_fields(c.get(page).text), "amount_mad": "12000", "proposal": ""}
    assert c.post(page, again).status_code == 303
    assert len(list(BidRevisionModel.query(mine[0]["id"]))) == 2


def both_at_once(send: Any) -> list[requests.Response]:
    answers: list[requests.Response] = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        answers.append(send())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_tender_form_errors_in_french(server: Embedded, api: ApiClient) -> None:
    organizer = api.sign_up()
    v = Visitor(server.url, "fr")
    v.log_in(organizer.email)
    body = tender_form(seconds=2, guests="beaucoup", budget_max_mad="pas cher", title="")
    answer = v.submit("/tenders/new", "/tenders/new", body)
    assert answer.status_code == 422
    assert "remplir" in field_error(answer.text, "title")
    assert "invités" in field_error(answer.text, "guests")
    assert "dirhams" in field_error(answer.text, "budget_max_mad")
    assert 'value="beaucoup"' in answer.text
    late = v.submit("/tenders/new", "/tenders/new", tender_form(seconds=2))
    assert late.status_code == 422
    assert "10\xa0secondes" in field_error(late.text, "bid_deadline")


def test_only_organizers_post_and_only_verified_caterers_bid(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", verify=False, language="en")
    v = Visitor(server.url, "en")
    assert v.get("/tenders/new").headers["Location"].startswith("/login?next=%2Ftenders%2Fnew")
    v.log_in(caterer.email)
    assert v.get("/tenders/new").status_code == 403
    tender = api.post_tender(api.sign_up())
    page = v.get(f"/tenders/{tender['id']}").text
    assert 'name="amount_mad"' not in page
    assert "being checked" in page
    assert 'name="question"' not in page  # public questions too wait for the verification
    assert "you can ask the organizer questions here" in page
    answer = v.post(f"/tenders/{tender['id']}", {**hidden_fields(page), "amount_mad": "100"})
    assert answer.status_code == 403
    assert "being checked" in answer.text


def test_the_bid_form_states_the_budget_and_both_doors_refuse_above_it(
    server: Embedded, api: ApiClient
) -> None:
    tender = api.post_tender(api.sign_up(), budget_max_mad="18000.00")
    caterer = api.sign_up("caterer", language="en")
    over = api.call(
        "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "18000.01"}, caterer.token
    )
    assert over.status_code == 409
    assert "18000.00" in over.json()["error"]["message"]
    v = Visitor(server.url, "en")
    v.log_in(caterer.email)
    page = v.get(f"/tenders/{tender['id']}").text
    assert "maximum budget is MAD18,000.00" in page
    refused = v.post(f"/tenders/{tender['id']}", {**hidden_fields(page), "amount_mad": "18500"})
    assert refused.status_code == 409
    assert "MAD18,000.00" in field_error(refused.text, "amount_mad")
    mine = api.call("GET", f"/api/tenders/{tender['id']}/bids", None, caterer.token).json()
    assert mine["items"] == []


def test_open_auction_shows_the_best_amount_and_refuses_a_higher_bid(
    server: Embedded, api: ApiClient
) -> None:
    tender = api.post_tender(api.sign_up(), mode="open", min_decrement_mad="100.00")
    first, second = api.sign_up("caterer"), api.sign_up("caterer", language="en")
    api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "20000"}, first.token)
    v = Visitor(server.url, "en")
    v.log_in(second.email)
    page = v.get(f"/tenders/{tender['id']}").text
    assert "MAD20,000.00" in page
    assert "MAD19,900.00" in page  # the most the next bid may be
    refused = v.post(f"/tenders/{tender['id']}", {**hidden_fields(page), "amount_mad": "19950"})
    assert refused.status_code == 409
    assert "at most MAD19,900.00" in field_error(refused.text, "amount_mad")
    assert 'value="19950"' in refused.text
    live = v.get(f"/tenders/{tender['id']}/live").json()
    assert live["status"] == "open"
    assert live["best"] == "MAD20,000.00"
    assert 3500 < live["left"] <= 3600


def test_user_text_is_escaped_everywhere(server: Embedded, api: ApiClient) -> None:
    evil = '<script>alert("x")</script>'
    organizer = api.sign_up(name=f"Org {evil}")
    caterer = api.sign_up("caterer", business_name=f"Biz {evil}", verify=False)
    tender = api.post_tender(organizer, title=f"T {evil}", venue=evil, menu=[evil])
    admin = Visitor(server.url)
    admin.log_in(api.admin.email, api.admin.password)
    pages = [admin.get("/admin/caterers").text, admin.get(f"/tenders/{tender['id']}").text]
    o = Visitor(server.url)
    o.log_in(organizer.email)
    pages += [o.get("/me").text, o.get("/").text]
    for html in pages:
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html
    assert caterer.id in pages[0]


# --- the tender's rules on the page (issue 5) -------------------------------------------------


def until_status(api: ApiClient, tender_id: str, status: str, limit_s: float = 40) -> Any:
    deadline = time.monotonic() + limit_s
    while True:
        got = api.call("GET", f"/api/tenders/{tender_id}").json()
        if got["status"] == status or time.monotonic() > deadline:
            assert got["status"] == status, got
            return got
        time.sleep(0.5)


def test_questions_are_asked_anonymously_and_answered_in_public(
    server: Embedded, api: ApiClient
) -> None:
    organizer, caterer = api.sign_up(), api.sign_up("caterer", business_name="Traiteur Secret")
    tender = api.post_tender(organizer, seconds=3 * 86400)
    page = f"/tenders/{tender['id']}"
    c = Visitor(server.url, "fr")
    c.log_in(caterer.email)
    empty = c.submit(page, page + "/questions", {"question": "  "})
    assert empty.status_code == 422
    assert "remplir" in field_error(empty.text, "question")
    asked = c.submit(page, page + "/questions", {"question": "La salle est-elle <climatisée> ?"})
    assert asked.status_code == 303
    assert asked.headers["Location"] == f"{page}?done=asked"
    public = Visitor(server.url, "en").get(page).text
    assert "La salle est-elle &lt;climatisée&gt; ?" in public
    assert "Traiteur Secret" not in public  # the asker stays anonymous
    assert "Not answered yet." in public
    assert "/answer" not in public  # only the organizer answers

    question = api.call("GET", f"/api/tenders/{tender['id']}/questions").json()["items"][0]
    action = f"{page}/questions/{question['id']}/answer"
    other = Visitor(server.url)
    other.log_in(api.sign_up().email)
    assert other.submit(page, action, {"answer": "Oui"}).status_code == 403
    o = Visitor(server.url)
    o.log_in(organizer.email)  # in French, the account's language
    assert f'action="{action}"' in o.get(page).text
    short = o.submit(page, action, {"answer": "x"})
    assert short.status_code == 422
    assert "3 caractères" in field_error(short.text, f"answer-{question['id']}")
    answered = o.submit(page, action, {"answer": "Oui, toute la salle est climatisée."})
    assert answered.status_code == 303
    shown = Visitor(server.url, "fr").get(page).text
    assert "Oui, toute la salle est climatisée." in shown
    assert "Pas encore de réponse." not in shown
    assert "/answer" not in o.get(page).text
    again = o.post(action, {**hidden_fields(o.get(page).text), "answer": "Encore"})
    assert again.status_code == 409  # answered once, for good
    kinds = api.call("GET", "/api/me/notifications", token=caterer.token).json()["items"]
    assert any(n["kind"] == "question_answered" for n in kinds), kinds


def test_caterers_withdraw_and_see_when_theirs_is_the_lowest(
    server: Embedded, api: ApiClient
) -> None:
    tender = api.post_tender(api.sign_up(), mode="open", min_decrement_mad="100.00")
    page = f"/tenders/{tender['id']}"
    first, second = api.sign_up("caterer", language="en"), api.sign_up("caterer")
    c = Visitor(server.url)
    c.log_in(first.email)
    assert c.submit(page, page, {"amount_mad": "20000"}).status_code == 303
    leading = c.get(page).text
    assert "Yours is the lowest bid so far." in leading
    assert f'action="{page}/withdraw"' not in leading  # the best bid of an auction stays
    api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "19000"}, second.token)
    behind = c.get(page).text
    assert "Yours is the lowest bid so far." not in behind
    assert f'action="{page}/withdraw"' in behind
    withdrawn = c.post(f"{page}/withdraw", hidden_fields(behind))
    assert withdrawn.status_code == 303
    assert withdrawn.headers["Location"] == f"{page}?done=withdrawn"
    after = c.get(withdrawn.headers["Location"]).text
    assert "Your bid is withdrawn." in after
    assert "Place your bid" in after
    assert api.call("GET", f"/api/tenders/{tender['id']}/bids", token=first.token).json() == {
        "items": [],
        "next": None,
    }
    assert c.post(f"{page}/withdraw", hidden_fields(after)).status_code == 404  # nothing left


def test_the_organizer_extends_the_deadline_then_cancels(server: Embedded, api: ApiClient) -> None:
    organizer, caterer = api.sign_up(), api.sign_up("caterer")
    tender = api.post_tender(organizer, seconds=3 * 86400)
    page = f"/tenders/{tender['id']}"
    api.call("POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "9000"}, caterer.token)
    o = Visitor(server.url, "fr")
    o.log_in(organizer.email)
    html = o.get(page).text
    assert f'action="{page}/deadline"' in html
    assert f'action="{page}/cancel"' in html
    assert "/award/reject" not in html
    current = datetime.fromisoformat(tender["bid_deadline"]).astimezone(MOROCCO)
    earlier = current - timedelta(hours=1)
    refused = o.submit(
        page,
        f"{page}/deadline",
        {
            "new_deadline_date": earlier.date().isoformat(),
            "new_deadline_time": earlier.strftime("%H:%M:%S"),
        },
    )
    assert refused.status_code == 422
    assert "après la date limite actuelle" in field_error(refused.text, "new_deadline")
    later = current + timedelta(days=2)
    extended = o.submit(
        page,
        f"{page}/deadline",
        {"new_deadline_date": later.date().isoformat(), "new_deadline_time": "18:00:00"},
    )
    assert extended.status_code == 303
    moved = api.call("GET", f"/api/tenders/{tender['id']}").json()
    assert datetime.fromisoformat(moved["bid_deadline"]) > current + timedelta(days=1)

    other = Visitor(server.url)
    other.log_in(api.sign_up().email)
    assert other.submit(page, f"{page}/cancel", {"cancel_reason": "Pas à moi"}).status_code == 403
    caterer_page = Visitor(server.url)
    caterer_page.log_in(caterer.email)
    assert caterer_page.submit(page, f"{page}/cancel", {"cancel_reason": "Non"}).status_code == 403
    blank = o.submit(page, f"{page}/cancel", {"cancel_reason": ""})
    assert blank.status_code == 422
    assert "remplir" in field_error(blank.text, "cancel_reason")
    cancelled = o.submit(page, f"{page}/cancel", {"cancel_reason": "Mariage <reporté>"})
    assert cancelled.status_code == 303
    html = Visitor(server.url, "en").get(page).text
    assert "The organizer cancelled this tender." in html
    assert "Reason: Mariage &lt;reporté&gt;" in html
    assert api.call("GET", f"/api/tenders/{tender['id']}").json()["status"] == "cancelled"
    assert f'action="{page}/cancel"' not in o.get(page).text


def test_the_award_is_confirmed_declined_and_rejected_on_the_page(
    server: Embedded, api: ApiClient
) -> None:
    organizer = api.sign_up()
    first = api.sign_up("caterer", language="ar")
    second = api.sign_up("caterer", language="fr")
    price = api.post_tender(organizer, seconds=11)
    value = api.post_tender(
        organizer, seconds=11, award_criteria="best_value", quality_weight="0.2"
    )
    for tender in (price, value):
        for who, amount in ((first, "5000"), (second, "6000")):
            placed = api.call(
                "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": amount}, who.token
            )
            assert placed.status_code == 201, placed.text
    for tender in (price, value):
        until_status(api, tender["id"], "awarded")

    # The winner, in Arabic, sees the award and its deadline; the runner-up does not.
    winner = Visitor(server.url)
    winner.log_in(first.email)
    runner = Visitor(server.url)
    runner.log_in(second.email)
    page = f"/tenders/{price['id']}"
    html = winner.get(page).text
    assert '<html lang="ar"' in html
    assert f'action="{page}/award/confirm"' in html
    assert f'action="{page}/award/decline"' in html
    assert "/award/confirm" not in runner.get(page).text
    assert runner.submit(page, f"{page}/award/confirm", {}).status_code == 403
    confirmed = winner.post(f"{page}/award/confirm", hidden_fields(html))
    assert confirmed.status_code == 303
    assert api.call("GET", f"/api/tenders/{price['id']}").json()["status"] == "contracted"
    assert "contrat est conclu" in Visitor(server.url, "fr").get(page).text
    assert "/award/" not in winner.get(page).text

    # Best value: the organizer sees each bid's rank and score, rejects; the next declines.
    page = f"/tenders/{value['id']}"
    o = Visitor(server.url)
    o.log_in(organizer.email)
    o.switch_language("en", page)  # the organizer switches to English
    html = o.get(page).text
    assert page_weight(o, html) <= LIMIT_BYTES
    assert "No. 1" in html
    assert "No. 2" in html
    assert '<th scope="row">Score</th>' in html
    assert "to confirm." in html  # the confirmation deadline
    blank = o.submit(page, f"{page}/award/reject", {"reject_reason": ""})
    assert blank.status_code == 422
    assert "fill in" in field_error(blank.text, "reject_reason")
    rejected = o.submit(page, f"{page}/award/reject", {"reject_reason": "Pas disponible"})
    assert rejected.status_code == 303
    passed = api.call("GET", f"/api/tenders/{value['id']}").json()
    assert passed["status"] == "awarded"
    assert passed["award"]["caterer_id"] == second.id
    assert "/award/confirm" not in winner.get(page).text
    runner_html = runner.get(page).text
    assert "Vous avez remporté cet appel d’offres" in runner_html
    declined = runner.post(f"{page}/award/decline", hidden_fields(runner_html))
    assert declined.status_code == 303
    assert api.call("GET", f"/api/tenders/{value['id']}").json()["status"] == "unsuccessful"
    assert "ended without a winner" in o.get(page).text
    stale = runner.submit(page, f"{page}/award/decline", {})  # a new render: not a replay
    assert stale.status_code == 409
    assert "changé entre-temps" in field_error(stale.text, "award")


def test_the_tender_form_sets_the_award_rules(server: Embedded, api: ApiClient) -> None:
    v = Visitor(server.url, "fr")
    v.log_in(api.sign_up().email)
    form = v.get("/tenders/new").text
    for name in ("quality_weight", "min_bids", "questions_date", "questions_time"):
        assert f'name="{name}"' in form
    assert 'href="/how-ranking-works"' in form
    bad = v.submit(
        "/tenders/new",
        "/tenders/new",
        tender_form(award_criteria="best_value", quality_weight="0,9", min_bids="9"),
    )
    assert bad.status_code == 422
    assert "0,4" in field_error(bad.text, "quality_weight")
    assert "1 à 5" in field_error(bad.text, "min_bids")
    assert 'value="0,9"' in bad.text
    deadline = datetime.now(MOROCCO) + timedelta(days=3)
    questions = deadline - timedelta(days=1)
    posted = v.submit(
        "/tenders/new",
        "/tenders/new",
        tender_form(
            seconds=3 * 86400,
            award_criteria="best_value",
            quality_weight="0,2",
            min_bids="2",
            questions_date=questions.date().isoformat(),
            questions_time="12:00",
        ),
    )
    assert posted.status_code == 303, posted.text
    tender_id = posted.headers["Location"].split("/")[2].split("?")[0]
    got = api.call("GET", f"/api/tenders/{tender_id}").json()
    assert (got["award_criteria"], Decimal(got["quality_weight"]), got["min_bids"]) == (
        "best_value",
        Decimal("0.2"),
        2,
    )
    asked = datetime.fromisoformat(got["questions_deadline"]).astimezone(MOROCCO)
    assert (asked.date(), asked.hour) == (questions.date(), 12)
    price = v.submit(
        "/tenders/new", "/tenders/new", tender_form(award_criteria="price", quality_weight="0.3")
    )
    assert price.status_code == 303  # the hidden weight of a price tender is ignored
    html = v.get(price.headers["Location"]).text
    assert "Prix le plus bas" in html


def test_the_ranking_page_explains_the_formula_in_three_languages(
    server: Embedded, api: ApiClient
) -> None:
    home = Visitor(server.url).get("/").text
    assert 'href="/how-ranking-works"' in home  # from the footer of every page
    for lang in ("ar", "fr", "en"):
        v = Visitor(server.url)
        answer = v.get(f"/how-ranking-works?lang={lang}")
        assert answer.status_code == 200
        html = html_lib.unescape(answer.text)
        assert f'<html lang="{lang}"' in html
        rules = api.call("GET", f"/api/ranking?lang={lang}").json()
        for paragraph in rules["explanation"]:
            assert paragraph in html
        assert page_weight(v, answer.text) <= LIMIT_BYTES
