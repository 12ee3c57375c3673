"""Caterers' files in S3: a presigned POST to send one, and the check before one is used.

Shared by the profile photos and the verification documents: the phone sends the file
straight to S3 (it never crosses a Lambda), so what S3 really holds is checked before a key is
recorded, never what the client said it sent.
"""

from __future__ import annotations

from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.commands import RequestUpload
from chalicelib.domain import uploads
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.uploads import UploadPurpose
from chalicelib.services import throttles
from chalicelib.services.deps import Deps
from chalicelib.services.throttles import Throttle


def request_upload(
    deps: Deps, principal: Principal, command: RequestUpload, redirect_url: str | None = None
) -> PresignedUpload:
    """A presigned POST for one of the caterer's own files (type checked here, size by S3);
    each one counts against the caterer's upload limit, whichever door asked."""
    principal.require(Role.CATERER)
    throttles.enforce(deps, Throttle.UPLOAD, "", principal.account_id)
    purpose = UploadPurpose(command.purpose)
    return deps.uploads.presign(principal.account_id, purpose, command.content_type, redirect_url)


def checked(deps: Deps, account_id: str, key: str, purpose: UploadPurpose, field: str) -> str:
    """The key to record, if ``key`` is one of the account's uploads for ``purpose``, really
    stored, of an allowed type and size (else ``InvalidInput`` on ``field``). A new upload is
    kept from then on: moved out of ``pending/``, which expires what is never used (sent
    twice, the second finds it kept already)."""
    if not uploads.owned_by(key, account_id, purpose):
        raise InvalidInput(f"not your {purpose.value}", {field: "upload the file first"})
    kept = uploads.kept_key(key)
    stored = deps.uploads.stored(kept)
    fresh = stored is None and kept != key
    if fresh:
        stored = deps.uploads.stored(key)
    if stored is None:
        raise InvalidInput(f"no such {purpose.value}", {field: "the upload did not arrive"})
    if not uploads.acceptable(purpose, stored.size, stored.content_type):
        rule = uploads.rule(purpose)
        raise InvalidInput(f"this {purpose.value} is not accepted", {field: rule.hint()})
    if fresh:
        deps.uploads.keep(key)
    return kept
