"""`make run`'s program as a user starts it: a process of its own, stopped and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from embedded.runner import Admin
from tests.e2e.client import ApiClient

PROJECT = Path(__file__).resolve().parents[2]
CRASH_BIDS = 20
pytestmark = pytest.mark.e2e


def launch(data: Path, **settings: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """``python -m embedded.runner`` on ``data`` (with ``settings`` in its environment): the
    process, its URL and its banner."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "WALIMA_"))}
    env |= settings
    log = data.with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "embedded.runner", "--port", "0", "--data", str(data)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log.open("a"),
        text=True,
    )
    assert process.stdout is not None
    banner = [process.stdout.readline() for _ in range(4)]
    url = banner[0].strip().rsplit(" ", 1)[-1]
    # keep reading: the JSON request log goes to stdout, and a full pipe would block the server
    drain = threading.Thread(target=process.stdout.read, daemon=True)
    drain.start()
    assert url.startswith("http://127.0.0.1:"), (banner, log.read_text()[-3000:])
    return process, url, banner


@contextmanager
def running(data: Path, **settings: str) -> Iterator[tuple[str, list[str]]]:
    process, url, banner = launch(data, **settings)
    try:
        yield url, banner
    finally:
        process.send_signal(signal.SIGTERM)
        stopped(process, data.with_suffix(".log"))


def stopped(process: subprocess.Popen[str], log: Path) -> None:
    """The server exits cleanly after SIGTERM; if it hangs, fail with every thread's stack."""
    try:
        assert process.wait(timeout=30) == 0
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # faulthandler: stacks to the log
        time.sleep(1)
        process.kill()
        raise AssertionError("no exit 30 s after SIGTERM:\n" + log.read_text()[-6000:]) from None


def wait_until(check: object, limit_s: float = 10) -> None:
    start = time.monotonic()
    while not check():  # type: ignore[operator]
        assert time.monotonic() - start < limit_s, "timed out"
        time.sleep(0.2)


def test_seeded_data_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with running(data) as (url, banner):
        admin_line = banner[1]
        assert "admin login: admin@walima.local / " in admin_line
        admin_password = admin_line.strip().rsplit(" ", 1)[-1]
        listed = requests.get(f"{url}/api/tenders", timeout=10).json()["items"]
        assert len(listed) == 4

        def seeded_past_tenders_closed() -> bool:
            items = requests.get(f"{url}/api/tenders", timeout=10).json()["items"]
            return sorted(t["status"] for t in items) == ["awarded", "open", "open", "unsuccessful"]

        wait_until(seeded_past_tenders_closed)
        body = {
            "role": "organizer",
            "name": "Persistent Person",
            "email": "keep@example.ma",
            "phone": "0661555555",
            "password": "keep me please",
            "language": "ar",
        }
        assert requests.post(f"{url}/api/accounts", json=body, timeout=10).status_code == 201

    assert (data / "snapshot.json").exists()
    with running(data) as (url, banner):
        assert banner[1].strip().endswith(admin_password)  # same admin, not re-seeded
        login = {"login": "0661555555", "password": "keep me please"}
        assert requests.post(f"{url}/api/sessions", json=login, timeout=10).status_code == 200
        items = requests.get(f"{url}/api/tenders", timeout=10).json()["items"]
        assert len(items) == 4
        inbox_login = {"login": "fatima@example.ma", "password": "walima-demo-2026"}
        token = requests.post(f"{url}/api/sessions", json=inbox_login, timeout=10).json()["token"]
        inbox = requests.get(
            f"{url}/api/me/notifications",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["items"]
        assert sorted(n["kind"] for n in inbox) == ["tender_awarded", "tender_unsuccessful"]
        pending_document_survives(url, admin_password)


def pending_document_survives(url: str, admin_password: str) -> None:
    """The seeded caterer waiting for verification (issue 8): its file and its document in
    storage came back too, and the admin can open the document."""
    from tests.e2e.test_pages import Visitor

    login = {"login": "saveurs@example.ma", "password": "walima-demo-2026"}
    token = requests.post(f"{url}/api/sessions", json=login, timeout=10).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    mine = requests.get(f"{url}/api/me/verification", headers=headers, timeout=10).json()
    assert (mine["status"], mine["ice"]) == ("pending", "001561191000066")
    caterer_id = requests.get(f"{url}/api/me", headers=headers, timeout=10).json()["id"]
    admin = Visitor(url)
    admin.log_in("admin@walima.local", admin_password)
    link = admin.get(f"/admin/caterers/{caterer_id}/document")
    assert link.status_code == 302
    assert requests.get(link.headers["Location"], timeout=10).content.startswith(b"%PDF")


def test_acknowledged_bids_survive_a_kill(tmp_path: Path) -> None:
    """Every bid answered 201 is there after ``kill -9`` right after the last answer, and the
    tender still closes on time: the journal held them, not the periodic snapshot."""
    data = tmp_path / "data"
    process, url, banner = launch(data)
    try:
        admin = Admin("admin@walima.local", banner[1].strip().rsplit(" ", 1)[-1])
        with requests.Session() as session:
            api = ApiClient(url, session, admin)
            organizer = api.sign_up(email="crash-organizer@example.ma", phone="0670000000")
            caterers = [
                api.sign_up("caterer", email=f"crash{i}@example.ma", phone=f"06700{i:05d}")
                for i in range(1, CRASH_BIDS + 1)
            ]
            tender = api.post_tender(organizer, seconds=25)
            bids = [
                api.call(
                    "POST",
                    f"/api/tenders/{tender['id']}/bids",
                    {"amount_mad": f"{20000 - i}.00"},
                    caterer.token,
                )
                for i, caterer in enumerate(caterers)
            ]
            assert [b.status_code for b in bids] == [201] * CRASH_BIDS
    finally:
        process.kill()  # SIGKILL: no stop, no last snapshot
        process.wait(timeout=10)
    deadline = datetime.fromisoformat(tender["bid_deadline"].replace("Z", "+00:00"))
    with running(data) as (url, _):
        with requests.Session() as session:
            api = ApiClient(url, session, admin)
            token = api.log_in(organizer.email)

            def closed() -> bool:
                status: str = api.call("GET", f"/api/tenders/{tender['id']}").json()["status"]
                return status != "open"

            wait_until(closed, limit_s=(deadline - datetime.now(UTC)).total_seconds() + 10)
            assert datetime.now(UTC) - deadline < timedelta(seconds=10), "closed on time"
            kept = api.call("GET", f"/api/tenders/{tender['id']}/bids", None, token).json()
        assert sorted(b["amount_mad"] for b in kept["items"]) == sorted(
            b.json()["amount_mad"] for b in bids
        )


def printed_admin(banner: list[str]) -> dict[str, str]:
    email, password = banner[1].split("admin login:", 1)[1].strip().split(" / ")
    return {"login": email, "password": password}


def test_the_printed_admin_login_always_works(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with running(data) as (_, banner):
        kept = printed_admin(banner)
    chosen = {"WALIMA_ADMIN_EMAIL": "ops@walima.local", "WALIMA_ADMIN_PASSWORD": "ops-2026-pass"}
    with running(data, **chosen) as (url, banner):  # a new admin on saved data: made
        assert printed_admin(banner) == {"login": "ops@walima.local", "password": "ops-2026-pass"}
        for login in (printed_admin(banner), kept):
            assert requests.post(f"{url}/api/sessions", json=login, timeout=10).status_code == 200
    wrong = {"WALIMA_ADMIN_EMAIL": kept["login"], "WALIMA_ADMIN_PASSWORD": "not-the-kept-one"}
    with running(data, **wrong) as (url, banner):  # the kept admin, another password: said why
        shown = printed_admin(banner)
        assert shown["password"] != "not-the-kept-one"
        assert requests.post(f"{url}/api/sessions", json=shown, timeout=10).status_code == 200
    assert "is not this admin's password" in data.with_suffix(".log").read_text()
