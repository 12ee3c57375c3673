"""``Idempotency-Key`` for create requests: the same key and body within 24 h replays the first
response and creates nothing new; the same key with another body is refused (422).

A conditional put claims the key before the work runs, so two concurrent retries cannot both
create; the response is stored when the work is done. TTL deletes records on AWS; reads also
ignore expired records because moto never deletes them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.adapters.models import IdempotencyModel
from chalicelib.domain.errors import Conflict, InvalidInput

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class IdempotencyStore:
    def claim(self, key: str, body_hash: str, now: datetime) -> Replay | None:
        """Claim ``key`` for this request, or return the stored first response for a retry."""
        expires = int((now + WINDOW).timestamp())
        record = IdempotencyModel(key=key, request_hash=body_hash, expires_at=expires)
        try:
            record.save(
                condition=IdempotencyModel.key.does_not_exist()
                | (IdempotencyModel.expires_at < int(now.timestamp()))
            )
            return None
        except PutError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
        first = IdempotencyModel.get(key, consistent_read=True)
        if first.request_hash != body_hash:
            raise InvalidInput(
                "this Idempotency-Key was used with another body",
                {"Idempotency-Key": "use a new key for a different request"},
            )
        if first.response is None or first.status_code is None:
            raise Conflict("the first request with this Idempotency-Key is still running")
        return Replay(int(first.status_code), json.loads(first.response))

    def complete(self, key: str, status_code: int, body: dict[str, Any]) -> None:
        IdempotencyModel(key=key).update(
            actions=[
                IdempotencyModel.status_code.set(status_code),
                IdempotencyModel.response.set(json.dumps(body)),
            ]
        )

    def release(self, key: str) -> None:
        """Forget a claim whose request failed, so the client can retry with the same key."""
        IdempotencyModel(key=key).delete()
