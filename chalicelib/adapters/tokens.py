"""Signed, expiring bearer tokens (itsdangerous): the account id and role, nothing secret.

The role rides in the token so most routes authorise without reading the account; what can
change after sign-in (a caterer's verification) is checked in the write's condition instead.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Unauthorized

SALT = "walima-session"


class TokenSigner:
    def __init__(self, secret: str, ttl: timedelta) -> None:
        if len(secret) < 32:
            raise RuntimeError("the token secret must be at least 32 characters")
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self._ttl = ttl

    def issue(self, principal: Principal) -> str:
        return self._serializer.dumps({"sub": principal.account_id, "role": principal.role.value})

    def verify(self, token: str) -> Principal:
        try:
            data = self._serializer.loads(token, max_age=int(self._ttl.total_seconds()))
            return Principal(account_id=str(data["sub"]), role=Role(data["role"]))
        except (BadSignature, KeyError, ValueError, TypeError) as error:
            raise Unauthorized("the session is missing, invalid or expired") from error
