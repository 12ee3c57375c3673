"""Open data over HTTP: a commune's tender from posting to contract, its OCDS packages valid
against the official schemas, its record the reference merge, the release index paged, the
history on the API and on the tender's page for the people concerned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from embedded.runner import Embedded
from tests.e2e.client import ApiClient
from tests.e2e.test_pages import Visitor, until_status
from tests.ocds import compiled, problems

pytestmark = pytest.mark.e2e


def json_of(api: ApiClient, path: str, token: str | None = None) -> dict[str, Any]:
    answer = api.call("GET", path, None, token)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_a_contracted_tender_on_the_open_data_routes(server: Embedded, api: ApiClient) -> None:
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    commune = api.sign_up(organizer_kind="commune", business_name="Commune de Tiznit")
    winner = api.sign_up("caterer", business_name="Dar Tiznit")
    loser = api.sign_up("caterer")
    tender = api.post_tender(commune, seconds=11, event_type="municipal", province="tiznit")
    path = f"/api/tenders/{tender['id']}"
    for who, amount in ((winner, "30000.00"), (loser, "31000.00"), (winner, "29500.00")):
        placed = api.call("POST", f"{path}/bids", {"amount_mad": amount}, who.token)
        assert placed.status_code == 201, placed.text
    until_status(api, tender["id"], "awarded")
    assert api.call("POST", f"{path}/award/confirm", {}, winner.token).status_code == 200

    releases = json_of(api, f"{path}/ocds")
    assert problems("release-package-schema.json", releases) == []
    assert releases["uri"] == f"{server.url}{path}/ocds"
    assert [r["tag"] for r in releases["releases"]] == [
        ["tender"],
        ["tenderUpdate"],
        ["award"],
        ["contract"],
    ]
    assert releases["releases"][0]["buyer"]["name"] == "Commune de Tiznit"
    record = json_of(api, f"{path}/ocds/record")
    assert problems("record-package-schema.json", record) == []
    (one,) = record["records"]
    assert one["compiledRelease"] == compiled(one["releases"])
    assert one["compiledRelease"]["contracts"][0]["value"]["amount"] == 29500.0
    assert api.call("GET", "/api/tenders/no-such-tender/ocds").status_code == 404

    # the index: this tender's releases among everyone's, oldest first, page after page
    seen: list[dict[str, Any]] = []
    query = {"since": since}
    while True:
        answer = api.call("GET", "/api/ocds/releases", params=query)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert problems("release-package-schema.json", page) == []
        seen += page["releases"]
        if not page["next"]:
            break
        query = {"since": since, "cursor": page["next"]}
    ours = [r["id"] for r in seen if r["ocid"] == releases["releases"][0]["ocid"]]
    assert ours == [r["id"] for r in releases["releases"]]
    dates = [r["date"] for r in seen]
    assert dates == sorted(dates)
    bad = api.call("GET", "/api/ocds/releases?cursor=not-a-cursor")
    assert bad.status_code in (400, 422)
    assert bad.json()["error"]["code"] == "validation_error"

    history = json_of(api, f"{path}/history", commune.token)
    assert [(i["action"], i["from"], i["to"]) for i in history["items"]] == [
        ("posted", None, "open"),
        ("closed", "open", "closed"),
        ("awarded", "closed", "awarded"),
        ("contracted", "awarded", "contracted"),
    ]
    revisions = [r["amount_mad"] for r in history["bid_revisions"]]
    assert sorted(revisions) == ["29500.00", "30000.00", "31000.00"]
    assert "bid_revisions" not in json_of(api, f"{path}/history", loser.token)
    stranger = api.sign_up("caterer")
    assert api.call("GET", f"{path}/history", None, stranger.token).status_code == 403

    # the tender's page: the history section for the organizer, with every bid as sent
    visitor = Visitor(server.url)
    visitor.log_in(commune.email)
    text = visitor.get(f"/tenders/{tender['id']}").text
    assert 'id="history"' in text
    assert "revisions-title" in text
    outsider = Visitor(server.url)
    outsider.log_in(stranger.email)
    assert 'id="history"' not in outsider.get(f"/tenders/{tender['id']}").text
