"""Schemathesis against /api/openapi.json on the embedded server: every documented operation,
valid and invalid inputs, no 5xx, and every answer as the document describes it (status,
content type, headers, body schema).

Bounded: ``EXAMPLES`` per operation and mode, 127.0.0.1 only. Each operation runs as the account
it is meant for (the authorization matrix covers everyone else), and ids in paths are real ones
most of the time, so generated requests get past "no such tender" into the code behind it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chalicelib.entrypoints.wire import NO_CONTENT
from embedded.runner import Embedded
from tests.e2e.client import ApiClient

EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ADMIN_OPERATIONS = {"verify_caterer"}
CATERER_OPERATIONS = {
    "place_bid",
    "withdraw_bid",
    "ask_question",
    "confirm_award",
    "decline_award",
    "request_upload",  # verification and uploads (issue 8)
    "submit_verification",
    "my_verification",
}
ANONYMOUS_OPERATIONS = {"sign_up", "log_in", "openapi_document", "ranking_rules"}
SESSION_ENDING = {"log_out"}  # each call gets a session of its own to end
TALLY: Counter[str] = Counter()


@dataclass
class Cast:
    organizer: str
    caterer: str
    admin: str
    tender_ids: list[str]
    caterer_ids: list[str]
    rotation: Iterator[int]
    fresh: Callable[[], str]

    def token(self, operation_id: str) -> str | None:
        if operation_id in ANONYMOUS_OPERATIONS:
            return None
        if operation_id in SESSION_ENDING:
            return self.fresh()
        if operation_id in ADMIN_OPERATIONS:
            return self.admin
        return self.caterer if operation_id in CATERER_OPERATIONS else self.organizer


@pytest.fixture(scope="module")
def cast(server: Embedded) -> Cast:
    with requests.Session() as session:
        client = ApiClient(server.url, session, server.admin)
        organizer = client.sign_up()
        caterer = client.sign_up("caterer")
        waiting = client.sign_up("caterer", verify=False)
        sealed = client.post_tender(organizer)
        auction = client.post_tender(organizer, mode="open", min_decrement_mad="100.00")
        for tender in (sealed, auction):
            placed = client.call(
                "POST",
                f"/api/tenders/{tender['id']}/bids",
                {"amount_mad": "5000.00"},
                caterer.token,
            )
            assert placed.status_code == 201, placed.text
        return Cast(
            organizer=organizer.token,
            caterer=caterer.token,
            admin=client.admin_token,
            tender_ids=[sealed["id"], auction["id"]],
            caterer_ids=[caterer.id, waiting.id],
            rotation=itertools.count(),
            fresh=lambda: ApiClient(server.url, requests.Session(), server.admin).log_in(
                organizer.email
            ),
        )


def load_schema() -> Any:
    """The document the app serves at /api/openapi.json (the test below fetches it over HTTP
    too and checks they are the same): built in-process so pytest can list each operation."""
    from chalicelib.entrypoints import openapi

    loaded = schemathesis.openapi.from_dict(openapi.described())
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=EXAMPLES
    )
    return loaded


schema = load_schema()


@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case: Any, cast: Cast, server: Embedded) -> None:
    operation_id = case.operation.definition.raw["operationId"]
    turn = next(cast.rotation)
    params = case.path_parameters or {}
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        params = {}  # a path made invalid on purpose stays so (a real id would make it valid)
    if "tender_id" in params and turn % 4:  # three in four: a real tender
        params["tender_id"] = cast.tender_ids[turn % len(cast.tender_ids)]
    if "caterer_id" in params and turn % 4:
        params["caterer_id"] = cast.caterer_ids[turn % len(cast.caterer_ids)]
    token = cast.token(operation_id)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    TALLY[operation_id] += 1
    try:
        case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS, timeout=30)
    except Exception:
        TALLY["failures"] += 1
        raise


def test_the_run_covered_every_operation(
    server: Embedded, capsys: pytest.CaptureFixture[str]
) -> None:
    """Runs after the suite above (same module, defined later): each operation got examples."""
    document = requests.get(f"{server.url}/api/openapi.json", timeout=30).json()
    assert document == schema.raw_schema
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    examples = sum(n for name, n in TALLY.items() if name != "failures")
    with capsys.disabled():
        print(  # the run's counts, for the build log
            f"\nschemathesis: {len(operations)} operations, {examples} examples, "
            f"{TALLY['failures']} failures"
        )
    assert operations <= set(TALLY), f"no examples for {sorted(operations - set(TALLY))}"


def test_every_api_route_is_documented_with_its_answer() -> None:
    """A route under /api/ that is not in the document, or declares no answer model, fails."""
    import app
    from chalicelib.entrypoints.openapi import operations

    documented = {(m, op.path) for op in operations() for m in op.methods}
    served = {
        (method, path)
        for path, methods in app.app.routes.items()
        if path.startswith("/api/") and path != "/api/{proxy+}"
        for method in methods
    }
    assert served == documented
    for op in operations():
        assert op.returns is not None, f"{op.path}: declare returns=(status, model)"
        status, model = op.returns
        assert (model is None) == (status == NO_CONTENT), f"{op.path}: a model, but for a 204"
