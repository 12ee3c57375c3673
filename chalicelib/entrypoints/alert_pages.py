"""The caterer's alert preferences page: how it hears of matching tenders.

Like ``pages.py``: the handler reads a ``Visit``, calls one service and chooses a template;
the form's choices become the same arguments ``PUT /api/me/alerts`` takes.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.account import Role
from chalicelib.domain.alerts import Channel, Preferences
from chalicelib.domain.errors import InvalidInput
from chalicelib.entrypoints import forms
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import alerts

CHANNELS = {
    Channel.SMS: N_("By SMS"),
    Channel.EMAIL: N_("By e-mail"),
    Channel.NONE: N_("Only in my Walima inbox"),
}
SAVED = N_("Your alert settings are saved.")
NO_CONTACT = N_("Your account has no contact for this channel.")


def alert_settings(visit: Visit) -> Result:
    """A caterer chooses SMS, e-mail or the inbox only, at once or in a daily digest."""
    principal = visit.acting(Role.CATERER)
    if visit.method == "GET":
        done = visit.t(SAVED) if visit.query("done") == "saved" else None
        return Html("alerts.html", _context(alerts.preferences(visit.deps, principal), done))
    form = visit.form()
    chosen = form.one("channel")
    digest = form.one("digest") == "yes"
    if chosen not in set(Channel):
        return _again(chosen, digest, {"channel": visit.t(forms.CHOOSE)})
    try:
        alerts.set_preferences(visit.deps, principal, Channel(chosen), digest)
    except InvalidInput:
        return _again(chosen, digest, {"channel": visit.t(NO_CONTACT)})
    return Redirect("/me/alerts?done=saved")


def _again(chosen: str, digest: bool, errors: dict[str, str]) -> Html:
    context = _context(None, None)
    context |= {"form": {"channel": chosen, "digest": "yes" if digest else ""}, "errors": errors}
    return Html("alerts.html", context, 422)


def _context(preferences: Preferences | None, done: str | None) -> dict[str, Any]:
    form = {}
    if preferences is not None:
        form = {
            "channel": preferences.channel.value,
            "digest": "yes" if preferences.digest else "",
        }
    return {"form": form, "channels": CHANNELS, "done": done}
