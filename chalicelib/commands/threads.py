"""Private threads: a message, and which page of which thread to read."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StringConstraints

from chalicelib.commands.fields import Command, Cursor, printable
from chalicelib.domain.thread import MAX_MESSAGE

AccountRef = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class WriteMessage(Command):
    """``POST /api/tenders/{id}/messages``: a caterer writes ``text`` to the organizer; the
    organizer names the caterer (``caterer_id``)."""

    text: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE),
        AfterValidator(printable),
    ]
    caterer_id: AccountRef | None = None


class MessagesQuery(Command):
    """``GET /api/tenders/{id}/messages``: the organizer names the thread (``caterer_id``) or
    gets its list of threads; ``cursor`` pages back."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)
    caterer_id: AccountRef | None = None
    cursor: Cursor | None = None
