"""Free text is text people read: no control characters, and none of the bidirectional
overrides that show a text in another order than it is stored; Arabic's own marks stay."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from chalicelib.commands import AskQuestion, GiveReason, PlaceBid, PostReview
from chalicelib.entrypoints.cookies import safe_next

SMUGGLED = ["\x00", "\x1b[31m", "\u202e", "\u202a", "\u2066", "\u2069", "\x85"]


@pytest.mark.parametrize("bad", SMUGGLED)
def test_questions_reasons_and_proposals_refuse_control_characters(bad: str) -> None:
    for build in (
        lambda: AskQuestion(text=f"La salle {bad} est-elle climatisée ?"),
        lambda: GiveReason(reason=f"Le mariage {bad} est reporté"),
        lambda: PlaceBid(amount_mad=Decimal("9000.00"), proposal=f"Tout {bad} compris"),
        lambda: PostReview(stars=5, comment=f"Très {bad} bien"),
    ):
        with pytest.raises(ValidationError):
            build()


def test_arabic_marks_and_line_breaks_are_text() -> None:
    asked = AskQuestion(text="هل القاعة مكيفة؟\u200f\nشكرا")
    assert asked.text.endswith("شكرا")
    assert GiveReason(reason="تأجيل الحفل\u061c لأسباب عائلية").reason


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("/\u3000", "/%E3%80%80"),
        ("/tenders/x?lang=ar", "/tenders/x?lang=ar"),
        ("/%E3%80%80", "/%E3%80%80"),  # already encoded: unchanged
        ("/مرحبا", "/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7"),
    ],
)
def test_a_return_path_is_sent_back_in_ascii(typed: str, kept: str) -> None:
    assert safe_next(typed) == kept
    assert safe_next(typed).isascii()
