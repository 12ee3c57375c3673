"""A question asked in the enquiry period, and its public answer (the asker stays anonymous)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Question:
    id: str
    tender_id: str
    asker_id: str
    text: str
    asked_at: datetime
    answer: str | None = None
    answered_at: datetime | None = None
