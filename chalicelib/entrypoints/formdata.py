"""A posted ``application/x-www-form-urlencoded`` body, read strictly: UTF-8 only, at most
``MAX_FIELDS`` fields, CRLF folded to LF."""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Any

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FIELDS = 200


class BadForm(Exception):
    """The body is not a form we can read (wrong type, too big, not UTF-8)."""


class Form:
    """A posted ``application/x-www-form-urlencoded`` body."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    def one(self, name: str) -> str:
        values = self.fields.get(name) or [""]
        return values[-1]

    def many(self, name: str) -> list[str]:
        return list(self.fields.get(name, []))

    def values(self, *secret: str) -> dict[str, Any]:
        """What to put back in the form when it is shown again (never the secrets)."""
        return {
            name: (vals if len(vals) > 1 else vals[0])
            for name, vals in self.fields.items()
            if name not in secret and name not in ("csrf", "form_key") and vals
        }

    def fingerprint(self) -> str:
        """A hash of what was submitted, whatever the order of fields (double-submit key)."""
        canonical = urllib.parse.urlencode(
            sorted((k, v) for k, vals in self.fields.items() if k != "csrf" for v in vals)
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


def parse_form(raw: bytes) -> Form:
    try:
        text = raw.decode("utf-8")
        pairs = urllib.parse.parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise BadForm("the form is not valid UTF-8 form data") from error
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value.replace("\r\n", "\n"))
    return Form(fields)
