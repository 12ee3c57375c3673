"""page-weight: bytes a phone downloads for each main page (HTML + its CSS + its JS, uncompressed,
same-origin assets counted once per page) on the embedded server, with realistic data: a full
first page of open tenders, an organizer with many tenders, a tender with bids. The target is on
the uncompressed bytes (what the phone parses); the bytes on the wire, gzipped as API Gateway
sends them (``minimum_compression_size``), are shown beside.

``/`` is read anonymously, ``/tenders/new`` and ``/me`` as an organizer, ``/tenders/{id}`` as a
caterer who has bid (logged in through ``/login`` like a person). A page that does not exist yet
makes the figure short, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlparse

from bench.common import (
    PASSWORD,
    HttpApi,
    Result,
    Target,
    embedded_process,
    page_login,
    parse_page,
    run_figure,
)

TARGET = Target("page-weight", "<=", 30000)
OPEN_TENDERS = 25


@dataclass
class Weight:
    path: str
    html: int = 0
    css: int = 0
    js: int = 0
    wire: int = 0  # the same, as sent: gzipped where the server compressed it
    missing: str = ""  # why the page could not be weighed
    foreign: int = 0  # assets from another origin (not fetched: no request leaves 127.0.0.1)

    @property
    def total(self) -> int:
        return self.html + self.css + self.js

    def describe(self) -> str:
        if self.missing:
            return f"{self.path} {self.missing}"
        parts = (
            f"{self.path} {self.total:,} B (html {self.html:,}, css {self.css:,}, js {self.js:,}"
            f"; gzipped {self.wire:,}"
        )
        return parts + (f", {self.foreign} third-party assets!)" if self.foreign else ")")


def sent(answer: Any) -> int:
    """Bytes on the wire: ``Content-Length`` is the compressed size when gzipped."""
    return int(answer.headers.get("Content-Length", len(answer.content)))


def weigh(session: object, base: str, path: str) -> Weight:
    weight = Weight(path)
    answer = session.get(base + path, timeout=30)  # type: ignore[attr-defined]
    final = urlparse(answer.url).path
    kind = answer.headers.get("Content-Type", "")
    if answer.status_code != 200 or "html" not in kind:
        weight.missing = f"missing ({answer.status_code} {kind.split(';')[0] or 'no type'})"
        return weight
    if final != urlparse(base + path).path:
        weight.missing = f"missing (redirected to {final})"
        return weight
    weight.html = len(answer.content)
    weight.wire = sent(answer)
    for href in dict.fromkeys(parse_page(answer.text).assets):
        url = urljoin(answer.url, href)
        if urlparse(url).netloc != urlparse(base).netloc:
            weight.foreign += 1
            continue
        asset = session.get(url, timeout=30)  # type: ignore[attr-defined]
        size = len(asset.content) if asset.status_code == 200 else 0
        weight.wire += sent(asset) if asset.status_code == 200 else 0
        is_css = "css" in asset.headers.get("Content-Type", "") or url.split("?")[0].endswith(
            ".css"
        )
        if is_css:
            weight.css += size
        else:
            weight.js += size
    return weight


def measure() -> Result:
    import requests

    with embedded_process() as server:
        api = HttpApi(server)
        base = api.base
        organizer = api.sign_up("organizer")
        caterers = [api.sign_up("caterer") for _ in range(3)]
        tenders = [
            api.tender(organizer, seconds=7200, mode="open" if i % 2 else "sealed")
            for i in range(OPEN_TENDERS)
        ]
        shown_tender = tenders[-1]["id"]  # open mode: best amount shown live
        for i, caterer in enumerate(caterers):
            api.bid(caterer, shown_tender, f"{40000 - 500 * i}.00")
        with (
            requests.Session() as anonymous,
            requests.Session() as as_organizer,
            requests.Session() as as_caterer,
        ):
            logged = {
                "organizer": page_login(as_organizer, base, organizer.login, PASSWORD),
                "caterer": page_login(as_caterer, base, caterers[0].login, PASSWORD),
            }
            weights = [
                weigh(anonymous, base, "/"),
                weigh(
                    as_caterer if logged["caterer"] else anonymous, base, f"/tenders/{shown_tender}"
                ),
                weigh(as_organizer, base, "/tenders/new"),
                weigh(as_organizer, base, "/me"),
            ]
    weights[1].path = "/tenders/{id}"
    present = [w for w in weights if not w.missing]
    heaviest = max((w.total for w in present), default=None)
    detail = "; ".join(w.describe() for w in weights)
    notes = [
        f"could not log in through /login as the {who}" for who, ok in logged.items() if not ok
    ]
    missing = [w.path for w in weights if w.missing]
    if missing:
        notes.append(f"not built yet (or not reachable): {', '.join(missing)}")
    shown = f"{heaviest:,} [{detail}]" if heaviest is not None else f"n/a [{detail}]"
    ok = heaviest is not None and not missing and heaviest <= TARGET.threshold
    ok = ok and not any(w.foreign for w in present)
    return Result(heaviest, shown, notes, ok=ok)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
