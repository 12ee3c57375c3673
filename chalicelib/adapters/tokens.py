"""Signed, expiring bearer tokens (itsdangerous): the account id, role and session id, nothing
secret.

The role rides in the token so most routes authorise without reading the account; what can
change after sign-in (a caterer's verification) is checked in the write's condition instead.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Unauthorized

SALT = "walima-session"


class TokenSigner:
    def __init__(self, secret: str, ttl: timedelta) -> None:
        """``secret`` is one key per line: the first signs, the others still verify.

        Why several: rotating the secret (docs/operations.md) puts the new key first and keeps
        the old one second for a token lifetime, so nobody is logged out by the rotation.
        """
        keys = [line.strip() for line in secret.splitlines() if line.strip()]
        if not keys or any(len(key) < 32 for key in keys):
            raise RuntimeError("the token secret must be at least 32 characters")
        # itsdangerous signs with the last key of the list and accepts any of them
        self._serializer = URLSafeTimedSerializer(list(reversed(keys)), salt=SALT)
        self._ttl = ttl
        self._key = hashlib.sha256(f"walima-digest:{keys[0]}".encode()).digest()

    def issue(self, principal: Principal) -> str:
        claims = {"sub": principal.account_id, "role": principal.role.value}
        return self._serializer.dumps(claims | {"sid": principal.session_id})

    def verify(self, token: str) -> Principal:
        """The token's principal, if its signature holds and it has not expired; whether its
        session is still live is the session store's to say (``services.accounts``)."""
        try:
            data = self._serializer.loads(token, max_age=int(self._ttl.total_seconds()))
            return Principal(str(data["sub"]), Role(data["role"]), str(data["sid"]))
        except (BadSignature, KeyError, ValueError, TypeError) as error:
            raise Unauthorized("the session is missing, invalid or expired") from error

    def digest(self, purpose: str, value: str) -> str:
        """A keyed MAC of ``value`` for one ``purpose`` (the pages' CSRF tokens): only the
        server can make it, and a digest made for one purpose is useless for another."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
