"""Files caterers upload straight to S3: what each purpose accepts, and whose a key is.

Pure: the random part of a key and the time come in as arguments. A key is
``<purpose>/<account_id>/<uuid>``, so ``owned_by`` can tell from the key alone whether an
account may reference it (an account can only ever be given keys under its own id).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from chalicelib.domain.errors import InvalidInput

MB = 1024 * 1024


class UploadPurpose(StrEnum):
    PHOTO = "photo"  # profile and menu photos
    DOCUMENT = "document"  # the verification's proof (ICE certificate, cooperative register)


@dataclass(frozen=True)
class UploadRule:
    content_types: frozenset[str]
    max_bytes: int
    described: str  # what a refusal tells the user to send instead

    def hint(self) -> str:
        return f"{self.described} of at most {self.max_bytes // MB} MB"


RULES: dict[UploadPurpose, UploadRule] = {
    UploadPurpose.PHOTO: UploadRule(
        frozenset({"image/jpeg", "image/png", "image/webp"}), 2 * MB, "a JPEG, PNG or WebP image"
    ),
    UploadPurpose.DOCUMENT: UploadRule(
        frozenset({"application/pdf", "image/jpeg", "image/png"}), 5 * MB, "a PDF, JPEG or PNG file"
    ),
}


def rule(purpose: UploadPurpose) -> UploadRule:
    return RULES[purpose]


def check_content_type(purpose: UploadPurpose, content_type: str) -> str:
    """The content type, if ``purpose`` accepts it; else ``InvalidInput`` naming the field."""
    allowed = RULES[purpose].content_types
    if content_type not in allowed:
        raise InvalidInput(
            "this file type is not accepted",
            {"content_type": f"one of {', '.join(sorted(allowed))}"},
        )
    return content_type


def new_key(purpose: UploadPurpose, account_id: str, random_id: uuid.UUID) -> str:
    return f"{purpose.value}/{account_id}/{random_id}"


# New uploads land under this prefix, which the bucket's lifecycle empties after a day; a file
# is moved out of it when the caterer uses it (``kept_key``), so what is never used expires.
PENDING = "pending/"
UNUSED_DAYS = 1  # the bucket's lifecycle rule (infra/stack.py, and the embedded bucket)


def pending_key(key: str) -> str:
    """Where a new upload for ``key`` is sent."""
    return PENDING + key


def kept_key(key: str) -> str:
    """Where an upload lives once it is used (a kept key is its own kept key)."""
    return key.removeprefix(PENDING)


def owned_by(key: str, account_id: str, purpose: UploadPurpose) -> bool:
    """Whether ``key`` (sent, or kept) is one of ``account_id``'s uploads for ``purpose`` (exact
    shape only: no extra segments, no ``..``, a canonical UUID last)."""
    parts = kept_key(key).split("/")
    if len(parts) != 3 or parts[0] != purpose.value or parts[1] != account_id:
        return False
    try:
        return str(uuid.UUID(parts[2])) == parts[2]
    except ValueError:
        return False


def acceptable(purpose: UploadPurpose, size: int, content_type: str) -> bool:
    """Whether a stored object of ``size`` bytes and ``content_type`` fits ``purpose``."""
    allowed = RULES[purpose]
    return 0 < size <= allowed.max_bytes and content_type in allowed.content_types
