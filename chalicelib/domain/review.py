"""An organizer's review of a contracted tender's caterer, and the caterer's reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Review:
    caterer_id: str
    tender_id: str
    organizer_id: str
    stars: int
    comment: str
    created_at: datetime
    reply: str | None = None
    replied_at: datetime | None = None
    verified: bool = False  # the event's delivery code was entered: it surely took place
