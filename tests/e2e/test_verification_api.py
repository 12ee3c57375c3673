"""Verification and uploads over HTTP against the embedded server: the API, and the page's
no-JavaScript path (a multipart POST straight to S3, which redirects back to the page)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import requests

from embedded.runner import Embedded
from tests.e2e.client import ApiClient, Person
from tests.e2e.test_pages import LIMIT_BYTES, Visitor, field_error, hidden_fields, page_weight

pytestmark = pytest.mark.e2e
ICE = "002136093000040"
PDF = b"%PDF-1.4\n% e2e proof\n"


def upload(api: ApiClient, caterer: Person, data: bytes = PDF) -> str:
    answer = api.call(
        "POST",
        "/api/me/uploads",
        {"purpose": "document", "content_type": "application/pdf"},
        caterer.token,
    )
    assert answer.status_code == 201, answer.text
    form = answer.json()
    files = {"file": ("proof.pdf", data, "application/pdf")}
    sent = requests.post(form["url"], data=form["fields"], files=files, timeout=30)
    assert sent.status_code == 204
    return str(form["key"])


def status_of(api: ApiClient, caterer: Person) -> dict[str, Any]:
    answer = api.call("GET", "/api/me/verification", token=caterer.token)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_submit_reject_resubmit_approve_over_the_api(api: ApiClient) -> None:
    caterer = api.sign_up("caterer", verify=False)
    assert status_of(api, caterer)["status"] == "not_submitted"
    key = upload(api, caterer)
    sent = api.call(
        "POST", "/api/me/verification", {"ice": ICE, "document_key": key}, caterer.token
    )
    assert sent.status_code == 202, sent.text
    assert sent.json() | {"submitted_at": None} == {
        "status": "pending",
        "ice": ICE,
        "cooperative_number": None,
        "document_key": key.removeprefix("pending/"),  # kept: out of the expiring prefix
        "submitted_at": None,
        "decided_at": None,
        "reason": None,
    }
    decide = f"/api/caterers/{caterer.id}/verification"
    no_reason = api.call("POST", decide, {"decision": "reject"}, api.admin_token)
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["error"]["fields"]
    rejected = api.call(
        "POST", decide, {"decision": "reject", "reason": "Scan illisible"}, api.admin_token
    )
    assert (rejected.status_code, rejected.json()["verified"]) == (200, False)
    assert status_of(api, caterer) | {"decided_at": None, "submitted_at": None} == {
        "status": "rejected",
        "ice": ICE,
        "cooperative_number": None,
        "document_key": key.removeprefix("pending/"),
        "submitted_at": None,
        "decided_at": None,
        "reason": "Scan illisible",
    }
    again = {"cooperative_number": "1234/2019", "document_key": upload(api, caterer)}
    assert api.call("POST", "/api/me/verification", again, caterer.token).status_code == 202
    approved = api.call("POST", decide, None, api.admin_token)  # no body: approve
    assert (approved.status_code, approved.json()["verified"]) == (200, True)
    inbox = api.call("GET", "/api/me/notifications", token=caterer.token).json()["items"]
    assert [i["kind"] for i in inbox[:2]] == ["verification_approved", "verification_rejected"]
    assert "Scan illisible" in inbox[1]["body"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ice": "001561191000065", "document_key": "k"}, "ice"),
        ({"ice": "12345", "document_key": "k"}, "ice"),
        ({"cooperative_number": "abc", "document_key": "k"}, "cooperative_number"),
        ({"document_key": "k"}, "ice"),
        ({"ice": ICE}, "document_key"),
        ({"ice": ICE, "document_key": "document/someone-else/x"}, "document_key"),
        ({"ice": ICE, "document_key": "k", "extra": 1}, "extra"),
    ],
)
def test_bad_submissions_are_4xx_with_the_field(
    api: ApiClient, body: dict[str, Any], field: str
) -> None:
    caterer = api.sign_up("caterer", verify=False)
    answer = api.call("POST", "/api/me/verification", body, caterer.token)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"purpose": "video", "content_type": "video/mp4"},
        {"purpose": "photo", "content_type": "application/pdf"},
        {"purpose": "document"},
        {"purpose": "document", "content_type": "x" * 101},
    ],
)
def test_bad_upload_requests_are_422(api: ApiClient, body: dict[str, Any]) -> None:
    caterer = api.sign_up("caterer", verify=False)
    assert api.call("POST", "/api/me/uploads", body, caterer.token).status_code == 422


def test_bad_decisions_are_4xx(api: ApiClient) -> None:
    caterer = api.sign_up("caterer", verify=False)
    decide = f"/api/caterers/{caterer.id}/verification"
    for body, status in (
        ({"decision": "maybe"}, 422),
        ({"decision": "reject", "reason": "not pending"}, 409),
        ({"decision": "reject", "reason": "x" * 501}, 422),
        ([], 400),
    ):
        assert api.call("POST", decide, body, api.admin_token).status_code == status
    raw = api.session.post(
        api.base + decide,
        data=b"{not json",
        headers={"Authorization": f"Bearer {api.admin_token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert raw.status_code == 400


def test_the_page_uploads_without_javascript_and_records_the_number(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", verify=False)
    tab = Visitor(server.url)
    tab.log_in(caterer.email)
    page = tab.get("/me/verification")
    assert page.status_code == 200
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)" enctype', page.text)[1])  # type: ignore[index]
    origin = re.match(r"https?://[^/]+", action)[0]  # type: ignore[index]
    assert f"form-action 'self' {origin};" in page.headers["Content-Security-Policy"]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text
        )
    }
    files = {"file": ("proof.pdf", PDF, "application/pdf")}
    stored = requests.post(action, data=fields, files=files, timeout=30, allow_redirects=False)
    assert stored.status_code == 303
    back = stored.headers["Location"]
    assert back.startswith(server.url + "/me/verification?")

    received = tab.http.get(back, timeout=30)
    key = re.search(r'name="document_key" value="([^"]+)"', received.text)[1]  # type: ignore[index]
    assert key.startswith(f"pending/document/{caterer.id}/")
    wrong = tab.post(
        "/me/verification",
        {**hidden_fields(received.text), "document_key": key, "number_kind": "ice", "number": "1"},
    )
    assert wrong.status_code == 422
    assert field_error(wrong.text, "number")
    sent = tab.post(
        "/me/verification",
        {**hidden_fields(received.text), "document_key": key, "number_kind": "ice", "number": ICE},
    )
    assert (sent.status_code, sent.headers["Location"]) == (303, "/me/verification?done=submitted")
    assert status_of(api, caterer)["status"] == "pending"

    forged = tab.http.get(server.url + "/me/verification?key=document/someone/else", timeout=30)
    assert forged.status_code == 200
    assert 'name="document_key"' not in forged.text


def test_the_admin_page_needs_a_reason_to_reject_and_refuses_a_stale_decision(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", verify=False)
    key = upload(api, caterer)
    body = {"ice": ICE, "document_key": key}
    assert api.call("POST", "/api/me/verification", body, caterer.token).status_code == 202
    admin = Visitor(server.url)
    admin.log_in(server.admin.email, server.admin.password)
    queue = admin.get("/admin/caterers").text
    assert ICE in queue
    assert f"/admin/caterers/{caterer.id}/document" in queue
    document = admin.get(f"/admin/caterers/{caterer.id}/document")
    assert document.status_code == 302
    assert requests.get(document.headers["Location"], timeout=30).content == PDF

    reject = {**hidden_fields(queue), "caterer_id": caterer.id, "decision": "reject"}
    empty = admin.post("/admin/caterers", reject | {"reason": "  "})
    assert empty.status_code == 422
    assert field_error(empty.text, f"reason-{caterer.id}")
    done = admin.post("/admin/caterers", reject | {"reason": "ICE d'une autre entreprise"})
    assert (done.status_code, done.headers["Location"]) == (
        303,
        "/admin/caterers?done=rejected_file",
    )
    stale = admin.post("/admin/caterers", reject | {"reason": "encore"})
    assert stale.status_code == 422
    assert 'role="alert"' in stale.text
    assert status_of(api, caterer)["reason"] == "ICE d'une autre entreprise"


def test_the_verification_page_is_light_safe_and_translated(
    server: Embedded, api: ApiClient
) -> None:
    caterer = api.sign_up("caterer", verify=False)
    tab = Visitor(server.url)
    tab.log_in(caterer.email)
    words = {"ar": "التحقق من نشاطي", "fr": "Vérification de mon entreprise", "en": "Verification"}
    for lang, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        answer = tab.get(f"/me/verification?lang={lang}")
        assert answer.status_code == 200
        assert f'<html lang="{lang}" dir="{direction}">' in answer.text
        assert words[lang] in answer.text
        csp = answer.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "default-src 'none'" in csp
        assert " style=" not in answer.text
        assert "<script" not in answer.text.split('<main id="main">')[1]
        assert page_weight(tab, answer.text) <= LIMIT_BYTES
    assert "/me/verification" in tab.get("/me").text
