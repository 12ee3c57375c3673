"""A full loop on the embedded server with every log line recorded (Walima's at DEBUG, its
libraries' at INFO, as deployed): no password, token, secret or password hash in any of them;
each request's and each job's lines carry a correlation id; the metrics reach the log as EMF."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator

import pytest
import requests

from chalicelib.adapters import telemetry
from embedded.runner import Embedded
from tests.bodies import PASSWORD
from tests.e2e.client import ApiClient

pytestmark = pytest.mark.e2e


class Recorder(logging.Handler):
    """Every record, formatted as Walima's handler formats it (JSON with the context keys)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(telemetry.logger().registered_formatter)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def records(self) -> list[dict[str, object]]:
        parsed = []
        for line in self.lines:
            try:
                parsed.append(json.loads(line))
            except ValueError:
                continue
        return parsed


@pytest.fixture
def recorded() -> Iterator[Recorder]:
    recorder = Recorder()
    ours = [logging.getLogger(n) for n in ("walima", "chalicelib", "walima.metrics")]
    levels = [(logger, logger.level) for logger in (*ours, logging.getLogger())]
    for logger in ours:
        logger.addHandler(recorder)
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(recorder)  # libraries: botocore, pynamodb, chalice…
    logging.getLogger().setLevel(logging.INFO)
    try:
        yield recorder
    finally:
        for logger in ours:
            logger.removeHandler(recorder)
        logging.getLogger().removeHandler(recorder)
        for logger, level in levels:
            logger.setLevel(level)


def test_a_full_loop_logs_no_secret_and_correlates_everything(
    server: Embedded, recorded: Recorder
) -> None:
    with requests.Session() as session:
        client = ApiClient(server.url, session, server.admin)
        organizer = client.sign_up()
        caterer = client.sign_up("caterer")
        rival = client.sign_up("caterer")
        client.at_any_hour(caterer, rival)
        tender = client.post_tender(organizer, seconds=11)
        for who, amount in ((caterer, "7000.00"), (rival, "7500.00")):
            placed = client.call(
                "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": amount}, who.token
            )
            assert placed.status_code == 201, placed.text
        refused = client.call(
            "POST", f"/api/tenders/{tender['id']}/bids", {"amount_mad": "1.00"}, organizer.token
        )
        assert refused.status_code == 403
        wrong = client.call("POST", "/api/sessions", {"login": caterer.email, "password": "nope"})
        assert wrong.status_code == 401
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            inbox = client.call("GET", "/api/me/notifications", token=caterer.token).json()
            if inbox["items"]:
                break
            time.sleep(0.5)
        assert inbox["items"], "the tender should have closed and told the winner"
        # the closer logs its step after sending the e-mails and SMS: wait for that line too
        while time.monotonic() < deadline and not any(
            r.get("job") == "close_tender" and r.get("tender_id") == tender["id"]
            for r in recorded.records()
        ):
            time.sleep(0.2)
        answer = client.call("GET", "/api/me", token=caterer.token)
        correlation = answer.headers["X-Correlation-Id"]

    text = "\n".join(recorded.lines)
    secrets = {
        "password": PASSWORD,
        "admin password": server.admin.password,
        "token signing secret": os.environ["WALIMA_TOKEN_SECRET"],
        **{f"token of {p.email}": p.token for p in (organizer, caterer, rival)},
        "admin token": client.admin_token,
    }
    for what, value in secrets.items():
        assert value not in text, f"the {what} is in the logs"
    assert "$argon2" not in text, "a password hash is in the logs"
    assert "Bearer " not in text

    records = recorded.records()
    requests_logged = [r for r in records if r.get("message") == "request"]
    assert requests_logged, recorded.lines[:5]
    assert all(r.get("correlation_id") and r.get("route") for r in requests_logged)
    assert any(r.get("correlation_id") == correlation for r in requests_logged)
    closes = [r for r in records if r.get("job") == "close_tender"]
    assert closes, "the closer logs"
    assert all(r.get("correlation_id") for r in closes)
    assert any(r.get("tender_id") == tender["id"] for r in closes)

    emf = [json.loads(str(r["message"])) for r in records if "_aws" in str(r.get("message"))]
    reported = {
        m["Name"] for blob in emf for d in blob["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]
    }
    assert {"BidsAccepted", "BidsRefused", "TendersClosed", "CloseLagSeconds"} <= reported
    assert "NotificationsSent" in reported
    assert all(blob.get("stage") == "local" and blob.get("service") == "walima" for blob in emf)
    lags = [blob["CloseLagSeconds"] for blob in emf if "CloseLagSeconds" in blob]
    flat = [x for lag in lags for x in (lag if isinstance(lag, list) else [lag])]
    assert flat, "the close lag is reported"
    assert all(0 <= lag < 30 for lag in flat)
