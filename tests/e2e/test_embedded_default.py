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
from pathlib import Path

import pytest
import requests

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


@contextmanager
def running(data: Path) -> Iterator[tuple[str, list[str]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "WALIMA_"))}
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
    try:
        assert url.startswith("http://127.0.0.1:"), banner
        yield url, banner
    finally:
        process.send_signal(signal.SIGTERM)
        stopped(process, log)


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
