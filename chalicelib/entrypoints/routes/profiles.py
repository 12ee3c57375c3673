"""The caterer's profile on both doors: its public profile and the owner's profile form with
its completeness checklist (reviews are ``reviews.py``).

Each page reads a ``Visit``, calls one service and chooses a template; the form's text becomes
the same ``UpdateMe`` command ``PATCH /api/me`` takes. Beside them, the same features' JSON
routes: ``/api/me`` (PATCH), ``/api/caterers/{id}``, upload links and photos.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.commands import (
    AddPhoto,
    RequestUpload,
    ReviewsQuery,
    UpdateMe,
)
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.errors import Conflict, InvalidInput, RateLimited
from chalicelib.domain.profile import (
    COMPLETENESS_FIELDS,
    MAX_PHOTOS,
    badges,
    completeness,
    missing_fields,
    rating,
)
from chalicelib.entrypoints import forms, refusals, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Redirect, Result, Visit, origins
from chalicelib.i18n import N_
from chalicelib.services import profiles, uploads

PAGE = "/me/profile"
PHOTO_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
MENU_ROWS = 3  # empty menu rows the form offers at least
MAX_MENUS = 5  # as many as ``UpdateMe`` takes
MENU_PARTS = {"name": "menu_name", "price_per_guest_mad": "menu_price", "dishes": "menu_dishes"}
# The form's name for each part of a menu, as ``forms`` names the same kind of field.
MENU_HINTS = {"menu_name": "name", "menu_price": "amount_mad", "menu_dishes": "menu"}

CHECKLIST = {
    "business_name": N_("Business name"),
    "kind": N_("Kind of business"),
    "specialities": N_("Specialities"),
    "capacity": N_("Capacity (maximum guests)"),
    "dietary": N_("Dietary options you can offer"),
    "menus": N_("Sample menus"),
    "about": N_("About your business"),
}
CAPACITY = N_("Please enter a whole number of guests, from 1 to 10,000.")
DONE = {
    "saved": N_("Your profile is saved."),
    "photo": N_("Your photo is on your profile."),
    "photo_removed": N_("The photo is removed."),
}
api = ApiRouter()
pages = PageRouter()

PHOTO_REFUSED = N_(
    "The photo did not arrive or is not accepted: send a JPEG, PNG or WebP image of at most 2 MB."
)

PHOTOS_FULL = N_("Your profile already has 6 photos, or this one: remove one first.")
PHOTOS_MOVED = N_("Your photos changed meanwhile. Please look again.")


def offer_upload(
    visit: Visit, principal: Principal, command: RequestUpload, back: str
) -> PresignedUpload | str:
    """A presigned upload for a page's file form, or, once the caterer's upload limit is
    spent, the sentence saying how long to wait (the page is shown without the form)."""
    try:
        return uploads.request_upload(visit.deps, principal, command, back)
    except RateLimited as error:
        return refusals.explain(visit, error)[refusals.GENERAL]


# --- the public profile ----------------------------------------------------------------------


@pages.route("/caterers/{caterer_id}", ["GET"])
def caterer(visit: Visit) -> Result:
    """Anyone: what buyers see of a caterer (never its e-mail or phone), reviews newest first."""
    found = profiles.public_profile(visit.deps, visit.params["caterer_id"], visit.query("reviews"))
    account = found.account
    p = account.profile
    return Html(
        "caterer.html",
        {
            "caterer": account,
            "profile": p,
            "badges": badges(p, account.verified, visit.now),
            "rating": rating(p.reviews, p.stars_total),
            "cancellations": found.cancellations,
            "reviews": found.reviews,
            "more_reviews": found.next,
            "later_page": visit.query("reviews") is not None,
            "photos": found.photo_urls,
            "own": visit.principal is not None and visit.principal.account_id == account.id,
        },
        allow={"img-src": origins(found.photo_urls)},
    )


# --- the owner's form ------------------------------------------------------------------------


@pages.route("/me/profile", ["GET", "POST"])
def edit_profile(visit: Visit) -> Result:
    """A caterer edits every field of its profile and sees how complete it is."""
    account = visit.require(Role.CATERER)
    principal = visit.acting()
    if visit.method == "GET":
        return _profile_page(visit, principal, account, _values(account))
    form = visit.form()
    try:
        profiles.update_me(visit.deps, principal, profile_command(form, visit.t))
    except forms.Invalid as invalid:
        return _profile_page(visit, principal, account, form.values(), invalid.fields)
    except InvalidInput as error:
        errors = refusals.explain_refusal(error, visit.t, visit.language)
        return _profile_page(visit, principal, account, form.values(), errors)
    return Redirect(f"{PAGE}?done=saved")


def _profile_page(
    visit: Visit,
    principal: Principal,
    account: Account,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Html:
    """The form (with ``values`` and ``errors``), the checklist, the photos and, while there is
    room, a form that sends a photo straight to storage (the CSP lets the page post there and
    show images from there)."""
    p = account.profile
    rows = min(MAX_MENUS, max(MENU_ROWS, len(p.menus) + 1, _rows_sent(values)))
    missing = set(missing_fields(p, account.business_name))
    code = visit.query("done") or ""
    photos = profiles.photo_urls(visit.deps, account)
    context: dict[str, Any] = {
        "account": account,
        "form": values,
        "errors": errors or {},
        "menu_rows": range(1, rows + 1),
        "completeness": completeness(p, account.business_name),
        "checklist": [
            (CHECKLIST[name], name not in missing)
            for name in ("business_name", *COMPLETENESS_FIELDS)
        ],
        "photos": photos,
        "photo_keys": list(p.photos),
        "done": visit.t(DONE[code]) if code in DONE else None,
        "max_photos": MAX_PHOTOS,
    }
    allow = {"img-src": origins(photos)}
    if len(p.photos) < MAX_PHOTOS:
        chosen = visit.query("type") or "jpeg"
        chosen = chosen if chosen in PHOTO_TYPES else "jpeg"
        command = RequestUpload(purpose="photo", content_type=PHOTO_TYPES[chosen])
        back = visit.absolute("/me/photos", t=visit.return_token)
        upload = offer_upload(visit, principal, command, back)
        if isinstance(upload, str):
            context["upload_wait"] = upload
        else:
            context |= {"upload": upload, "chosen": chosen, "photo_types": list(PHOTO_TYPES)}
            allow["form-action"] = origins([upload.url])
    return Html("profile_edit.html", context, 422 if errors else 200, allow=allow)


@pages.route("/me/photos", ["GET"])
def added_photo(visit: Visit) -> Result:
    """Where storage sends the browser back after a photo upload (``?t=…&key=``): the photo
    goes on the profile if the link was made for this browser and the key is really this
    caterer's upload, of an image type and size."""
    account = visit.require(Role.CATERER)
    visit.check_return_token()
    principal = visit.acting()
    try:
        profiles.add_photo(visit.deps, principal, AddPhoto(key=visit.query("key") or "-"))
    except InvalidInput:
        return _profile_page(
            visit, principal, account, _values(account), {"photo": visit.t(PHOTO_REFUSED)}
        )
    except Conflict:
        return _profile_page(
            visit, principal, account, _values(account), {"photo": visit.t(PHOTOS_FULL)}
        )
    return Redirect(f"{PAGE}?done=photo")


@pages.route("/me/photos/{number}/remove", ["POST"])
def remove_photo_page(visit: Visit) -> Result:
    account = visit.require(Role.CATERER)
    principal = visit.acting()
    key = visit.form().one("key")
    try:
        profiles.remove_photo(visit.deps, principal, visit.params["number"], key)
    except Conflict:
        return _profile_page(
            visit, principal, account, _values(account), {"photo": visit.t(PHOTOS_MOVED)}
        )
    return Redirect(f"{PAGE}?done=photo_removed")


def _rows_sent(values: dict[str, Any]) -> int:
    return max((n for n in range(1, MAX_MENUS + 1) if f"menu_name_{n}" in values), default=0)


def _values(account: Account) -> dict[str, Any]:
    """The form filled in with what the profile holds now."""
    p = account.profile
    values: dict[str, Any] = {
        "business_name": account.business_name or "",
        "provinces": [x.value for x in account.provinces],
        "categories": [x.value for x in account.categories],
        "kind": p.kind.value if p.kind else "",
        "specialities": "\n".join(p.specialities),
        "capacity": str(p.capacity) if p.capacity is not None else "",
        "dietary": [x.value for x in p.dietary],
        "women_led": "yes" if p.women_led else "",
        "about": p.about,
    }
    for n, menu in enumerate(p.menus, 1):
        values[f"menu_name_{n}"] = menu.name
        values[f"menu_price_{n}"] = f"{menu.price_per_guest:.2f}"
        values[f"menu_dishes_{n}"] = "\n".join(menu.dishes)
    return values


def profile_command(form: Form, t: refusals.Translate) -> UpdateMe:
    """The form as ``PATCH /api/me``'s body: every field sent, so an emptied one is cleared."""
    capacity = forms.western_digits(form.one("capacity")).strip()
    rows = [n for n in range(1, MAX_MENUS + 1) if _menu_row(form, n)]
    data: dict[str, Any] = {
        "business_name": form.one("business_name"),
        "provinces": form.many("provinces"),
        "categories": form.many("categories"),
        "kind": form.one("kind") or None,
        "specialities": forms.lines(form.one("specialities")),
        "capacity": int(capacity) if capacity.isdigit() else capacity or None,
        "dietary": form.many("dietary"),
        "menus": [_menu_row(form, n) for n in rows],
        "women_led": form.one("women_led") == "yes",
        "about": form.one("about"),
    }
    problems = {
        name: t(refusals.CHOOSE_SOME) for name in ("provinces", "categories") if not data[name]
    }
    try:
        command = UpdateMe.model_validate(data)
    except ValidationError as error:
        raise forms.Invalid(problems | _explain(error, rows, t)) from error
    if problems:
        raise forms.Invalid(problems)
    return command


def _menu_row(form: Form, n: int) -> dict[str, Any]:
    """Menu row ``n`` as ``SampleMenuIn``'s fields; empty when nothing is typed in it."""
    name, price = form.one(f"menu_name_{n}"), form.one(f"menu_price_{n}").strip()
    dishes = forms.lines(form.one(f"menu_dishes_{n}"))
    if not (name.strip() or price or dishes):
        return {}
    row: dict[str, Any] = {"name": name, "dishes": dishes}
    if price:
        try:
            row["price_per_guest_mad"] = forms.plain_amount(price)
        except forms.AmbiguousAmount:
            row["price_per_guest_mad"] = price  # refused by the command, as the API would
    return row


def _explain(error: ValidationError, rows: list[int], t: refusals.Translate) -> dict[str, str]:
    """Each problem next to its field: a menu's next to that row's name, price or dishes."""
    fields: dict[str, str] = {}
    for problem in error.errors():
        location = problem["loc"]
        name = str(location[0]) if location else refusals.GENERAL
        hint = name
        if name == "menus" and len(location) >= 3 and isinstance(location[1], int):
            part = MENU_PARTS.get(str(location[2]), "menu_name")
            name, hint = f"{part}_{rows[location[1]]}", MENU_HINTS[part]
        if name == "capacity":
            fields.setdefault(name, t(CAPACITY))
            continue
        ctx = problem.get("ctx") or {}
        fields.setdefault(name, refusals.sentence(hint, problem["type"], ctx, t))
    return fields


# --- the JSON API ------------------------------------------------------------------------


@api.route("/api/me", methods=["PATCH"], body=UpdateMe, returns=(200, schemas.MeOut))
def update_me(call: Call) -> Reply:
    """Edit one's own profile fields and language."""
    return 200, schemas.MeOut.of(profiles.update_me(call.deps, call.principal, call.body(UpdateMe)))


@api.route(
    "/api/caterers/{caterer_id}",
    methods=["GET"],
    query=ReviewsQuery,
    returns=(200, schemas.CatererProfileOut),
)
def caterer_profile(call: Call) -> Reply:
    """A caterer's public profile (no e-mail or phone), its reviews newest first, a page at a
    time (``?cursor=`` the previous page's ``reviews_next``)."""
    cursor = call.query(ReviewsQuery).cursor
    found = profiles.public_profile(call.deps, call.params["caterer_id"], cursor)
    return 200, schemas.CatererProfileOut.of(found, call.now)


@api.route(
    "/api/me/uploads",
    methods=["POST"],
    body=RequestUpload,
    returns=(201, schemas.UploadOut),
)
def request_upload(call: Call) -> Reply:
    """Caterers: a presigned POST to send one photo or document straight to storage."""
    upload = uploads.request_upload(call.deps, call.principal, call.body(RequestUpload))
    return 201, schemas.UploadOut.of(upload)


@api.route("/api/me/photos", methods=["POST"], body=AddPhoto, returns=(201, schemas.MeOut))
def add_photo(call: Call) -> Reply:
    """Caterers: put an uploaded photo (``POST /api/me/uploads``, purpose photo) on the
    profile; at most six."""
    return 201, schemas.MeOut.of(profiles.add_photo(call.deps, call.principal, call.body(AddPhoto)))


@api.route("/api/me/photos/{number}", methods=["DELETE"], returns=(200, schemas.MeOut))
def remove_photo(call: Call) -> Reply:
    """Caterers: take photo ``number`` (1 is the first) off the profile."""
    number = call.params["number"]
    return 200, schemas.MeOut.of(profiles.remove_photo(call.deps, call.principal, number))
