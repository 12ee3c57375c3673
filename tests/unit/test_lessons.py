"""The lesson files: every lesson in every language, alike in shape, rendered safely."""

from __future__ import annotations

import pytest

from chalicelib.domain.catalog import Language
from chalicelib.domain.onboarding import LESSONS
from chalicelib.services import lessons


@pytest.mark.parametrize("slug", LESSONS)
def test_every_lesson_exists_in_the_three_languages_with_the_same_headings(slug: str) -> None:
    missing = [lang for lang in Language if not lessons.lesson_path(slug, lang).exists()]
    assert missing == []
    found = {lang: lessons.lesson(slug, lang) for lang in Language}
    assert len({x.headings for x in found.values()}) == 1
    assert found[Language.EN].headings >= 3
    for lesson in found.values():
        assert lesson.title
        assert lesson.title != slug  # the front matter gave it
        assert 1 <= lesson.minutes <= 5
        assert lesson.html.count("<h2>") == lesson.headings


@pytest.mark.parametrize("slug", LESSONS)
def test_lessons_are_short(slug: str) -> None:
    for lang in Language:
        _, body = lessons.parse(lessons.lesson_path(slug, lang).read_text(encoding="utf-8"))
        assert 280 <= len(body.split()) <= 560, (slug, lang)


def test_no_stray_lesson_files() -> None:
    expected = {lessons.lesson_path(s, lang).name for s in LESSONS for lang in Language}
    assert {p.name for p in lessons.CONTENT.glob("*.md")} == expected


def test_front_matter_is_read_and_raw_html_is_escaped() -> None:
    meta, body = lessons.parse("---\ntitle: Hello: world\nminutes: 2\n---\n# Hi\n")
    assert meta == {"title": "Hello: world", "minutes": "2"}
    assert body.strip() == "# Hi"
    html = lessons.render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) **ok**")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>ok</strong>" in html


def test_a_file_without_front_matter_is_all_body() -> None:
    assert lessons.parse("# Just text\n") == ({}, "# Just text\n")
