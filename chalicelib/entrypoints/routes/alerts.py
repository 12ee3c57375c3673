"""How an account hears from Walima, on both doors: every account's notice settings (channels
and quiet hours, for every notice), and a caterer's alert preferences for matching tenders.

The pages read a ``Visit``, call one service and choose a template; the forms' choices
become the same arguments ``PUT /api/me/notice-settings`` and ``PUT /api/me/alerts`` take.
"""

from __future__ import annotations

from typing import Any

from chalicelib.commands import AlertPreferencesIn, NoticeSettingsIn
from chalicelib.domain.account import Role
from chalicelib.domain.alerts import Preferences
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.notice_policy import Channel
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit
from chalicelib.i18n import N_
from chalicelib.services import alerts, notifications

api = ApiRouter()
pages = PageRouter()


CHANNELS = {
    Channel.SMS: N_("By SMS"),
    Channel.EMAIL: N_("By e-mail"),
    Channel.NONE: N_("Only in my Walima inbox"),
}
SAVED = N_("Your alert settings are saved.")
SETTINGS_SAVED = N_("Your notice settings are saved.")
NO_CONTACT = N_("Your account has no contact for this channel.")


@pages.route("/me/alerts", ["GET", "POST"])
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
        return _again(chosen, digest, {"channel": visit.t(refusals.CHOOSE)})
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


@pages.route("/me/notices", ["GET", "POST"])
def notice_settings(visit: Visit) -> Result:
    """Every account: SMS and e-mail on or off, and quiet hours, for every notice."""
    principal = visit.acting()
    if visit.method == "GET":
        done = visit.t(SETTINGS_SAVED) if visit.query("done") == "saved" else None
        chosen = notifications.settings(visit.deps, principal)
        return Html("notices.html", {"form": chosen.__dict__, "done": done})
    chosen = forms.notice_settings(visit.form()).settings()
    notifications.choose_settings(visit.deps, principal, chosen)
    return Redirect("/me/notices?done=saved")


# --- the JSON API ------------------------------------------------------------------------


@api.route("/api/me/alerts", methods=["GET"], returns=(200, schemas.AlertPreferencesOut))
def my_alerts(call: Call) -> Reply:
    """Caterers: how they hear of matching tenders."""
    return 200, schemas.AlertPreferencesOut.of(alerts.preferences(call.deps, call.principal))


@api.route(
    "/api/me/alerts",
    methods=["PUT"],
    body=AlertPreferencesIn,
    returns=(200, schemas.AlertPreferencesOut),
)
def set_my_alerts(call: Call) -> Reply:
    """Caterers: choose SMS, e-mail or the inbox only, at once or in a daily digest."""
    command = call.body(AlertPreferencesIn)
    chosen = alerts.set_preferences(call.deps, call.principal, command.channel, command.digest)
    return 200, schemas.AlertPreferencesOut.of(chosen)


@api.route("/api/me/notice-settings", methods=["GET"], returns=(200, schemas.NoticeSettingsOut))
def my_notice_settings(call: Call) -> Reply:
    """Every account: the channels and quiet hours every e-mail and SMS it gets follows."""
    return 200, schemas.NoticeSettingsOut.of(notifications.settings(call.deps, call.principal))


@api.route(
    "/api/me/notice-settings",
    methods=["PUT"],
    body=NoticeSettingsIn,
    returns=(200, schemas.NoticeSettingsOut),
)
def set_my_notice_settings(call: Call) -> Reply:
    """Every account: SMS and e-mail on or off, and whether quiet hours hold them."""
    chosen = call.body(NoticeSettingsIn).settings()
    return 200, schemas.NoticeSettingsOut.of(
        notifications.choose_settings(call.deps, call.principal, chosen)
    )
