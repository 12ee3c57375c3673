"""End-to-end fixtures: the embedded server (Chalice app + local scheduler) on a free port."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, sync_playwright

from embedded.runner import Admin, Embedded
from tests.conftest import _moto
from tests.e2e.browser import launch
from tests.e2e.client import ApiClient


@pytest.fixture(scope="module")
def server(moto_endpoint: str) -> Iterator[Embedded]:
    import urllib.request

    reset = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset).close()
    admin = Admin("admin@walima.test", secrets.token_urlsafe(12))
    walima = Embedded(port=0, admin=admin, moto=_moto)
    yield walima
    walima.stop()


@pytest.fixture
def api(server: Embedded) -> Iterator[ApiClient]:
    with requests.Session() as session:
        yield ApiClient(server.url, session, server.admin)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module (``tests/e2e/browser.py``)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
