"""Every word a page shows goes through the catalogs, and every catalog entry is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT / "chalicelib" / "templates"
LOCALES = PROJECT / "chalicelib" / "locales"
# Names that are the same in every language: the brand, and each language's own name.
UNTRANSLATED = {"Walima", "وليمة", "العربية", "Français", "English"}
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
ATTRIBUTE = re.compile(r'\s[\w-]+="[^"]*"')  # attributes a macro writes outside a tag


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_text_outside_the_catalogs(template: Path) -> None:
    text = ATTRIBUTE.sub(" ", TAG.sub(" ", JINJA.sub(" ", template.read_text(encoding="utf-8"))))
    words = set(re.findall(r"[^\W\d_]{2,}", text)) - UNTRANSLATED
    assert words == set(), f"{template.name}: untranslated {sorted(words)}"


def template_messages() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for template in TEMPLATES.glob("*.html"):
        for _, message, _, _ in extract_from_file(
            "jinja2", str(template), options={"trimmed": "true"}
        ):
            found.add(message)
    return found


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_message_is_translated(language: str) -> None:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    missing = template_messages() - ids
    assert missing == set(), f"run make extract-messages: {missing}"
    empty = [
        m.id
        for m in catalog
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert empty == []
    assert [m.id for m in catalog if m.fuzzy and m.id] == []
