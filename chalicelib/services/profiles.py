"""Caterers' public profiles, and everyone's own account edits (``PATCH /api/me``)."""

from __future__ import annotations

from typing import Any, NamedTuple

from chalicelib.adapters.accounts import menus_to_json
from chalicelib.commands import AddPhoto, UpdateMe
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.contract import within_a_year
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.profile import MAX_PHOTOS, SampleMenu, photo_at
from chalicelib.domain.review import Review
from chalicelib.domain.uploads import UploadPurpose
from chalicelib.services import alerts, uploads
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


class PublicProfile(NamedTuple):
    account: Account
    reviews: list[Review]  # a page of them, newest first
    next: str | None  # the cursor to the next page of reviews
    photo_urls: list[str]  # short-lived links to its photos (the bucket is private)
    cancellations: int  # late cancellations and upheld disputes of the last 12 months


def public_profile(deps: Deps, caterer_id: str, cursor: str | None = None) -> PublicProfile:
    """A caterer's profile and a page of its reviews, newest first; any other account is not
    found (an organizer's id must not reveal that the organizer exists)."""
    account = deps.accounts.get(caterer_id)
    if account.role is not Role.CATERER:
        raise NotFound("no caterer with this id")
    found, next_cursor = deps.reviews.of_caterer(caterer_id, cursor)
    late = within_a_year(account.late_cancellations, deps.clock())
    return PublicProfile(account, found, next_cursor, photo_urls(deps, account), late)


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
    if {"provinces", "categories"} & sent:
        alerts.sync(deps, principal.account_id)  # what tender alerts match on
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


def photo_urls(deps: Deps, account: Account) -> list[str]:
    """Short-lived links to read the caterer's photos (the bucket is private)."""
    return [deps.uploads.view_url(key) for key in account.profile.photos]


def add_photo(deps: Deps, principal: Principal, command: AddPhoto) -> Account:
    """Put one of the caterer's uploads on its profile: only its own photo keys, only objects S3
    really holds with an image type and size a photo may have, at most ``MAX_PHOTOS``."""
    principal.require(Role.CATERER)
    key = uploads.checked(deps, principal.account_id, command.key, UploadPurpose.PHOTO, "key")
    if not deps.photos.add(principal.account_id, key, MAX_PHOTOS):
        raise Conflict(f"a profile has at most {MAX_PHOTOS} photos, each once")
    return deps.accounts.get(principal.account_id)


def remove_photo(
    deps: Deps, principal: Principal, number: str, expected: str | None = None
) -> Account:
    """Take photo ``number`` (``"1"`` is the first) off the profile; with ``expected``, only if
    that is still the photo there (a page sent twice removes one photo, not two). The write
    itself names the key it removes, so a concurrent change is refused, never misapplied."""
    principal.require(Role.CATERER)
    profile = deps.accounts.get(principal.account_id).profile
    key = photo_at(profile, int(number)) if number.isdigit() and len(number) < 3 else None
    if key is None:
        raise NotFound("no such photo")
    if expected is not None and key != expected:
        raise Conflict("the photos changed meanwhile")
    if not deps.photos.remove(principal.account_id, int(number) - 1, key):
        raise Conflict("the photos changed meanwhile")
    deps.uploads.delete(key)  # off the profile first: a failure here leaves a file, no hole
    return deps.accounts.get(principal.account_id)
