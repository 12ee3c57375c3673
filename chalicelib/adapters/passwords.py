"""Password hashing with Argon2id at one of OWASP's minimum profiles (7 MiB, t=5, p=1), and the
strength estimate of a new password (zxcvbn, imported on first use: only sign-ups and
password changes pay for its word lists).

Why not argon2-cffi's defaults (64 MiB, t=3), nor OWASP's first profile (19 MiB, t=2): the
memory a hash takes is on top of everything else the Lambda holds, at its peak (bench
peak-memory), and OWASP rates its five profiles (46 MiB t=1 … 7 MiB t=5) as equivalent
protection, about the same work. A hash carries its own parameters, so the passwords hashed
with the former profile (19 MiB, t=2) keep being checked as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1)


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
