"""Password hashing with Argon2id at OWASP's minimum profile (19 MiB, t=2, p=1), and the
strength estimate of a new password (zxcvbn, imported on first use: only sign-ups and
password changes pay for its word lists).

Why not argon2-cffi's defaults (64 MiB, t=3): a 128 MB Lambda must hash a password without
running out of memory, and OWASP rates this profile as equivalent protection.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_check(password: str) -> None:
    """Spend the same time as a real check, so a login that does not exist is not faster."""
    password_matches(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return hash_password("not a real password")


def guess_score(password: str, personal: Sequence[str]) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4, knowing the account's own words."""
    from zxcvbn import zxcvbn

    return int(zxcvbn(password, user_inputs=[p for p in personal if p])["score"])
