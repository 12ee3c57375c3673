"""Uploads straight from the browser or phone to S3 with a presigned POST; Walima's Lambda never
carries the file. S3 itself enforces the size and the exact type (the POST policy's
conditions); ``stored`` reads the object's real size and type back (HeadObject) so a service
records only keys whose object exists and fits (moto does not enforce POST policies, so this
second check is what holds on the embedded default, and a belt with the braces on AWS).

The S3 client is made on first use (``aws.client``): pages and routes that never upload do
not pay for it at cold start.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from botocore.exceptions import ClientError

from chalicelib.adapters.aws import client
from chalicelib.domain.uploads import (
    PENDING,
    UNUSED_DAYS,
    UploadPurpose,
    check_content_type,
    kept_key,
    new_key,
    pending_key,
    rule,
)

POST_LIFETIME = timedelta(minutes=15)
VIEW_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class PresignedUpload:
    """Where and how to POST one file: ``fields`` go first in the multipart form, the file last."""

    url: str
    fields: dict[str, str]
    key: str
    expires_at: datetime


class StoredObject(NamedTuple):
    size: int
    content_type: str


class Uploads:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    @staticmethod
    def _s3() -> Any:
        return client("s3")

    def presign(
        self,
        account_id: str,
        purpose: UploadPurpose,
        content_type: str,
        redirect_url: str | None = None,
    ) -> PresignedUpload:
        """A POST that can store exactly one object, under a new key of ``account_id``, of
        ``content_type`` and at most the purpose's size; with ``redirect_url``, S3 answers
        303 to it with ``bucket`` and ``key`` added to its query (the no-JavaScript path)."""
        check_content_type(purpose, content_type)
        key = pending_key(new_key(purpose, account_id, uuid.uuid4()))
        fields = {"Content-Type": content_type}
        conditions: list[Any] = [
            {"Content-Type": content_type},
            ["content-length-range", 1, rule(purpose).max_bytes],
        ]
        if redirect_url is not None:
            fields["success_action_redirect"] = redirect_url
            conditions.append({"success_action_redirect": redirect_url})
        answer = self._s3().generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields=fields,
            Conditions=conditions,
            ExpiresIn=int(POST_LIFETIME.total_seconds()),
        )
        return PresignedUpload(answer["url"], dict(answer["fields"]), key, _expiry(answer))

    def stored(self, key: str) -> StoredObject | None:
        """The object's size and type as S3 has them, or None if there is no such object."""
        try:
            head = self._s3().head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(int(head["ContentLength"]), str(head.get("ContentType", "")))

    def keep(self, key: str) -> None:
        """Move a sent upload out of ``pending/`` (a server-side copy, then the delete), so the
        lifecycle never expires it."""
        source = {"Bucket": self.bucket, "Key": key}
        self._s3().copy_object(Bucket=self.bucket, Key=kept_key(key), CopySource=source)
        self.delete(key)

    def delete(self, key: str) -> None:
        """Remove the object (idempotent: S3 answers the same for a key already gone)."""
        self._s3().delete_object(Bucket=self.bucket, Key=key)

    def view_url(self, key: str) -> str:
        """A short-lived link to read the object (the bucket is private)."""
        return str(
            self._s3().generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": key},
                ExpiresIn=int(VIEW_LIFETIME.total_seconds()),
            )
        )

    def origin(self) -> str:
        """The scheme and host uploads are POSTed to (the pages' CSP ``form-action``)."""
        url = self._s3().generate_presigned_post(Bucket=self.bucket, Key="origin")["url"]
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def create_bucket(self, region: str) -> None:
        """The embedded default and tests only (production's bucket is in ``infra/stack.py``,
        with the same lifecycle rules)."""
        s3 = self._s3()
        if region == "us-east-1":
            s3.create_bucket(Bucket=self.bucket)
        else:
            s3.create_bucket(
                Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        s3.put_bucket_lifecycle_configuration(
            Bucket=self.bucket, LifecycleConfiguration={"Rules": LIFECYCLE_RULES}
        )


# Sent but never used (a form abandoned, a photo never added): S3 deletes it after a day.
LIFECYCLE_RULES: list[dict[str, Any]] = [
    {
        "ID": "expire-unused-uploads",
        "Status": "Enabled",
        "Filter": {"Prefix": PENDING},
        "Expiration": {"Days": UNUSED_DAYS},
    },
    {
        "ID": "drop-incomplete-uploads",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    },
]


def _expiry(answer: dict[str, Any]) -> datetime:
    """The policy's own expiration (what S3 enforces), read back from the signed policy."""
    policy = json.loads(base64.b64decode(answer["fields"]["policy"]))
    return datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
