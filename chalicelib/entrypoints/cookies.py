"""The pages' cookies: reading the ``Cookie`` header, writing ``Set-Cookie`` values, the names
of the session, CSRF and language cookies, and where a log-in may send the browser back to."""

from __future__ import annotations

import urllib.parse

SESSION = "walima_session"
CSRF = "walima_csrf"
LANGUAGE = "walima_lang"


def parse_cookies(header: str | None) -> dict[str, str]:
    """Cookie header → dict. Lenient: a malformed pair is skipped, never an error."""
    jar: dict[str, str] = {}
    for pair in (header or "").split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name and name not in jar:
            jar[name] = urllib.parse.unquote(value.strip().strip('"'))
    return jar


def cookie(
    name: str,
    value: str,
    *,
    secure: bool,
    max_age: int | None = None,
    http_only: bool = True,
) -> str:
    parts = [f"{name}={urllib.parse.quote(value, safe='')}", "Path=/", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if http_only:
        parts.append("HttpOnly")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def cookie_name(base: str, secure: bool) -> str:
    """``__Host-`` cookies are bound to this exact host over HTTPS (no subdomain can set them);
    browsers refuse them over plain HTTP, so the local stage uses the bare name."""
    return f"__Host-{base}" if secure else base


def safe_next(target: str | None) -> str:
    """Only a path on this site: never ``//evil``, ``/\\evil`` or ``https://…`` (open redirect);
    percent-encoded, so a ``Location`` header stays ASCII whatever was typed."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(c in target for c in "\r\n\t\\")
    ):
        return "/me"
    return urllib.parse.quote(target, safe="/?&=%#+:;,@!$'()*~-._")
