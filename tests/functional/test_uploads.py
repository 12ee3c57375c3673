"""Presigned POSTs against moto's S3: real multipart POSTs with ``requests``."""

from __future__ import annotations

import base64
import json
import urllib.parse
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.commands import RequestUpload
from chalicelib.domain.errors import Forbidden, InvalidInput
from chalicelib.domain.uploads import MB, UploadPurpose, owned_by
from chalicelib.services import uploads
from chalicelib.services.deps import Deps
from tests.functional.helpers import World

PDF = b"%PDF-1.4\n% a small test document\n"


def post(upload: PresignedUpload, data: bytes, content_type: str) -> requests.Response:
    files = {"file": ("document", data, content_type)}
    return requests.post(
        upload.url, data=upload.fields, files=files, allow_redirects=False, timeout=10
    )


def policy(upload: PresignedUpload) -> dict[str, Any]:
    return dict(json.loads(base64.b64decode(upload.fields["policy"])))


def test_a_caterer_uploads_a_document_straight_to_storage(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    command = RequestUpload(purpose="document", content_type="application/pdf")
    upload = uploads.request_upload(deps, caterer, command)
    assert owned_by(upload.key, caterer.account_id, UploadPurpose.DOCUMENT)
    assert deps.uploads.stored(upload.key) is None

    assert post(upload, PDF, "application/pdf").status_code == 204

    assert deps.uploads.stored(upload.key) == (len(PDF), "application/pdf")
    assert requests.get(deps.uploads.view_url(upload.key), timeout=10).content == PDF
    assert upload.url.startswith(deps.uploads.origin() + "/")


def test_the_policy_bounds_size_and_type_and_expires(world: World, deps: Deps) -> None:
    """What S3 enforces on AWS (moto accepts the POST whatever the policy says, so the
    services check the stored object too: see test_verification)."""
    caterer = world.caterer()
    photo = deps.uploads.presign(caterer.account_id, UploadPurpose.PHOTO, "image/webp", None)
    conditions = policy(photo)["conditions"]
    assert ["content-length-range", 1, 2 * MB] in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert {"key": photo.key} in conditions
    assert photo.fields["Content-Type"] == "image/webp"
    document = deps.uploads.presign(caterer.account_id, UploadPurpose.DOCUMENT, "image/png", None)
    assert ["content-length-range", 1, 5 * MB] in policy(document)["conditions"]
    assert 0 < (document.expires_at - datetime.now(UTC)).total_seconds() <= 15 * 60


def test_s3_redirects_back_with_the_key(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    back = "http://127.0.0.1:8000/me/verification?step=2"
    upload = deps.uploads.presign(
        caterer.account_id, UploadPurpose.DOCUMENT, "application/pdf", back
    )
    assert {"success_action_redirect": back} in policy(upload)["conditions"]

    answer = post(upload, PDF, "application/pdf")

    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert location.startswith("http://127.0.0.1:8000/me/verification?step=2&")
    assert "key=" + urllib.parse.quote(upload.key, safe="") in location


@pytest.mark.parametrize(
    ("purpose", "content_type"),
    [("photo", "application/pdf"), ("document", "image/webp"), ("document", "text/html")],
)
def test_types_a_purpose_does_not_take_are_refused(
    world: World, deps: Deps, purpose: str, content_type: str
) -> None:
    caterer = world.caterer()
    command = RequestUpload.model_validate({"purpose": purpose, "content_type": content_type})
    with pytest.raises(InvalidInput) as refused:
        uploads.request_upload(deps, caterer, command)
    assert "content_type" in refused.value.fields


def test_only_caterers_get_upload_forms(world: World, deps: Deps) -> None:
    command = RequestUpload(purpose="document", content_type="application/pdf")
    with pytest.raises(Forbidden):
        uploads.request_upload(deps, world.organizer(), command)
