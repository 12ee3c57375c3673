"""What both doors read from a request the same way: ids in the path, the client's address,
the body within the stage's limit, and once-only submits.

``api.Call`` (JSON) and ``web.Visit`` (pages) are built on these; neither has a copy of its own,
so a rule changed here changes for both.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalice.app import Request

from chalicelib.adapters.idempotency import IdempotencyStore
from chalicelib.domain.errors import Conflict, NotFound, PayloadTooLarge
from chalicelib.settings import Settings, is_local_stage

POLL_S = 0.1
HSTS = "max-age=31536000; includeSubDomains"  # a year of HTTPS only, once seen over HTTPS


def transport_headers() -> dict[str, str]:
    """Headers every answer of both doors carries: HSTS on deployed stages (served over HTTPS
    only; the local stage is plain HTTP on 127.0.0.1, where it would mean nothing)."""
    return {} if is_local_stage() else {"Strict-Transport-Security": HSTS}


def check_ids(params: dict[str, str]) -> None:
    """Ids in paths (``*_id``) are UUIDs; anything else cannot exist (and must not reach
    DynamoDB). Other parameters (a lesson's ``slug``) are checked by their service."""
    for name, value in params.items():
        if not name.endswith("_id"):
            continue
        try:
            uuid.UUID(value)
        except ValueError as error:
            raise NotFound(f"no such {name.removesuffix('_id') or 'item'}") from error


def base_url(request: Request, settings: Settings) -> str:
    """The stage's ``WALIMA_PUBLIC_URL``; else the domain API Gateway itself says it served
    (its request context, not the ``Host`` header a client chooses), with the stage's
    prefix on an ``execute-api`` domain; the local stage alone falls back to ``Host``."""
    if settings.public_url:
        return settings.public_url
    if settings.is_local:
        return f"http://{request.headers.get('host') or '127.0.0.1'}"
    context = request.context or {}
    domain = str(context.get("domainName") or "")
    if not domain:
        raise RuntimeError("set WALIMA_PUBLIC_URL: API Gateway named no domain")
    stage = str(context.get("stage") or "")
    prefix = f"/{stage}" if stage and domain.endswith(".amazonaws.com") else ""
    return f"https://{domain}{prefix}"


def client_address(request: Request) -> str:
    """The client's address as API Gateway saw it (never a header the client could forge)."""
    identity = request.context.get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def raw_body(request: Request, limit: int) -> bytes:
    """The body's bytes; ``PayloadTooLarge`` past the stage's ``limit``."""
    raw = request.raw_body or b""
    raw = raw if isinstance(raw, bytes) else raw.encode()
    if len(raw) > limit:
        raise PayloadTooLarge(f"the body is over {limit} bytes")
    return raw


@dataclass(frozen=True)
class Outcome:
    """What a once-only submit answered, and whether it is the first answer replayed."""

    status: int
    body: dict[str, Any]
    replayed: bool


def once(
    store: IdempotencyStore,
    key: str,
    fingerprint: str,
    now: datetime,
    work: Callable[[], tuple[int, dict[str, Any]]],
    wait_s: float = 0.0,
) -> Outcome:
    """Run ``work`` once per ``key``: a retry with the same ``fingerprint`` gets the first
    answer, another fingerprint is refused (422), and a retry that arrives while the first is
    still running waits up to ``wait_s`` for its answer (then 409). A failed ``work`` releases
    the key, so the same submit may be tried again."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            replay = store.claim(key, fingerprint, now)
            break
        except Conflict:
            if time.monotonic() >= deadline:
                raise
            time.sleep(POLL_S)
    if replay is not None:
        return Outcome(replay.status_code, replay.body, True)
    try:
        status, body = work()
    except BaseException:
        store.release(key)
        raise
    store.complete(key, status, body)
    return Outcome(status, body, False)
