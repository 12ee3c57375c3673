"""Caterers' public profiles, and everyone's own account edits (``PATCH /api/me``)."""

from __future__ import annotations

from typing import Any

from chalicelib.adapters.accounts import menus_to_json
from chalicelib.adapters.reviews import Review
from chalicelib.commands import UpdateMe
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.profile import SampleMenu
from chalicelib.services.deps import Deps

CATERER_ONLY = (
    "business_name",
    "provinces",
    "categories",
    "kind",
    "specialities",
    "capacity",
    "dietary",
    "menus",
    "women_led",
    "about",
)


def public_profile(deps: Deps, caterer_id: str) -> tuple[Account, list[Review]]:
    """A caterer's profile and latest reviews; any other account is not found (an organizer's
    id must not reveal that the organizer exists)."""
    account = deps.accounts.get(caterer_id)
    if account.role is not Role.CATERER:
        raise NotFound("no caterer with this id")
    return account, deps.reviews.of_caterer(caterer_id)


def update_me(deps: Deps, principal: Principal, command: UpdateMe) -> Account:
    """Change only the fields sent; sending ``null`` (or an empty list) for an optional
    profile field clears it. Name, language and a caterer's business, provinces and
    categories cannot be cleared."""
    sent = command.model_fields_set
    refused = {f: "only caterers have this field" for f in CATERER_ONLY if f in sent}
    if refused and principal.role is not Role.CATERER:
        raise InvalidInput("these fields describe a caterer's business", refused)
    required = {"name", "language", "business_name", "provinces", "categories"}
    emptied = {f: "cannot be cleared" for f in sorted(required & sent) if not getattr(command, f)}
    if emptied:
        raise InvalidInput("some fields cannot be cleared", emptied)
    changes = {name: _stored(name, getattr(command, name)) for name in sorted(sent)}
    caterer_fields = bool(set(CATERER_ONLY) & sent)
    deps.accounts.update_profile(principal.account_id, changes, caterer=caterer_fields)
    return deps.accounts.get(principal.account_id)


def _stored(name: str, value: Any) -> Any:
    """A command's value as the accounts table keeps it (``None``: remove the attribute)."""
    if value is None or value in ([], ""):
        return None
    if name == "menus":
        return menus_to_json(
            tuple(SampleMenu(m.name, m.price_per_guest_mad, tuple(m.dishes)) for m in value)
        )
    if isinstance(value, list):
        return [getattr(v, "value", v) for v in value]
    return getattr(value, "value", value)
