"""The short lessons for new caterers: Markdown content files, not code.

``chalicelib/content/lessons/<slug>.<lang>.md`` starts with a front matter block
(``title``, ``minutes``) between ``---`` lines. The body is rendered once per process with
markdown-it-py in CommonMark mode with raw HTML off: any HTML in a file is escaped, and
unsafe link schemes are refused, so a lesson can never inject markup into a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import Language
from chalicelib.domain.errors import NotFound
from chalicelib.domain.onboarding import LESSONS, lesson_key
from chalicelib.services.deps import Deps

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CONTENT = Path(__file__).resolve().parents[1] / "content" / "lessons"
FENCE = "---"


@dataclass(frozen=True)
class Lesson:
    slug: str
    language: Language
    title: str
    minutes: int
    html: str  # rendered and safe: raw HTML in the file is escaped
    headings: int


def lesson_path(slug: str, language: Language) -> Path:
    return CONTENT / f"{slug}.{language.value}.md"


def parse(text: str) -> tuple[dict[str, str], str]:
    """The front matter (``key: value`` lines between ``---`` fences) and the body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE or FENCE not in (x.strip() for x in lines[1:]):
        return {}, text
    end = next(i for i, x in enumerate(lines[1:], start=1) if x.strip() == FENCE)
    meta = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, "\n".join(lines[end + 1 :])


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded on the first lesson, not at cold start

    return MarkdownIt("commonmark", {"html": False})


def render(body: str) -> str:
    return str(_markdown().render(body))


@cache
def lesson(slug: str, language: Language) -> Lesson:
    """One lesson in one language, read and rendered once per process."""
    if slug not in LESSONS:
        raise NotFound("no such lesson")
    meta, body = parse(lesson_path(slug, language).read_text(encoding="utf-8"))
    return Lesson(
        slug=slug,
        language=language,
        title=meta.get("title", slug),
        minutes=int(meta.get("minutes", "3")),
        html=render(body),
        headings=sum(1 for line in body.splitlines() if line.startswith("#")),
    )


def lessons(language: Language) -> list[Lesson]:
    return [lesson(slug, language) for slug in LESSONS]


def read_lessons(deps: Deps, principal: Principal | None) -> frozenset[str]:
    """The slugs a signed-in caterer has marked read (nobody else records any)."""
    if principal is None or principal.role is not Role.CATERER:
        return frozenset()
    learned = deps.learning.learned(principal.account_id)
    return frozenset(slug for slug in LESSONS if lesson_key(slug) in learned)


def mark_read(deps: Deps, principal: Principal, slug: str) -> None:
    """Record that the caterer read ``slug`` (idempotent)."""
    principal.require(Role.CATERER)
    if slug not in LESSONS:
        raise NotFound("no such lesson")
    deps.learning.record(principal.account_id, lesson_key(slug))
