"""One-time codes a person reads off a phone and types back: the organizer's delivery code and
the password-reset code. Six digits, a few tries, compared in constant time.

Pure: drawing the random number is the caller's, and so is counting the tries where they are
stored (``code_of`` only writes the number as a code).
"""

from __future__ import annotations

import hmac

CODE_DIGITS = 6
CODE_SPACE = 10**CODE_DIGITS  # draw a number below this one, then ``code_of`` it
CODE_TRIES = 5


def code_of(number: int) -> str:
    """``42`` as ``"000042"``: every code has its six digits."""
    return f"{number % CODE_SPACE:0{CODE_DIGITS}d}"


def same_code(given: str, expected: str) -> bool:
    """Whether the typed code is the expected one, in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())


def tries_left(wrong: int) -> int:
    return max(CODE_TRIES - wrong, 0)
