"""Issue 8 against moto, for the caterer's pages: its reviews newest first a page at a time, and
its photos (only its own uploads, at most six)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from chalicelib.commands import AddPhoto, PostReview, RequestUpload
from chalicelib.domain.account import Principal
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.profile import MAX_PHOTOS
from chalicelib.domain.tender import Tender
from chalicelib.domain.uploads import MB, kept_key
from chalicelib.services import awards, closing, profiles, reviews, uploads
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World


def completed_tenders(world: World, caterer: Principal, count: int) -> list[Tender]:
    """``count`` events the caterer won, confirmed and served (one organizer each)."""
    posted = []
    for _ in range(count):
        organizer = world.organizer()
        tender = world.tender(organizer, seconds=600)
        world.bid(caterer, tender, "9000.00")
        posted.append(tender)
    world.clock.advance(seconds=601)
    for tender in posted:
        assert closing.close_tender(world.deps, tender.id).status is TenderStatus.AWARDED
        awards.confirm(world.deps, caterer, tender.id)
    world.clock.advance(days=40)  # the event (in 30 days), then the week to dispute it
    closing.sweep(world.deps)
    done = [world.deps.tenders.get(t.id, consistent=True) for t in posted]
    assert {t.status for t in done} == {TenderStatus.COMPLETED}
    return done


def test_a_caterers_reviews_come_newest_first_a_page_at_a_time(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer()
    done = completed_tenders(world, caterer, 23)
    written = []  # tender ids in the order they were reviewed
    for n, tender in enumerate(done):
        clock.advance(minutes=7)
        organizer = Principal(tender.organizer_id, world.organizer().role)
        stars = 1 + n % 5
        reviews.post_review(deps, organizer, tender.id, PostReview(stars=stars, comment=f"n{n}"))
        written.append(tender.id)
    newest_first = list(reversed(written))
    assert newest_first != sorted(written)  # the table's key order is not the time order

    first = profiles.public_profile(deps, caterer.account_id)
    assert [r.tender_id for r in first.reviews] == newest_first[:20]
    assert first.reviews[0].comment == "n22"
    assert first.next is not None
    second = profiles.public_profile(deps, caterer.account_id, first.next)
    assert [r.tender_id for r in second.reviews] == newest_first[20:]
    assert first.account.profile.reviews == 23


# --- photos ----------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"


def uploaded(deps: Deps, caterer: Principal, data: bytes = JPEG, stored_as: str = "") -> str:
    """A photo the caterer sent straight to storage with its presigned POST; its key."""
    command = RequestUpload(purpose="photo", content_type="image/jpeg")
    upload = uploads.request_upload(deps, caterer, command)
    files = {"file": ("photo.jpg", data, stored_as or "image/jpeg")}
    fields = {**upload.fields, "Content-Type": stored_as or "image/jpeg"}
    answer = requests.post(upload.url, data=fields, files=files, timeout=10)
    assert answer.status_code == 204, answer.text
    return upload.key


def keys_of(deps: Deps, caterer: Principal) -> tuple[str, ...]:
    return deps.accounts.get(caterer.account_id).profile.photos


def test_only_the_caterers_own_stored_images_become_its_photos(world: World, deps: Deps) -> None:
    caterer, other = world.caterer(), world.caterer()
    mine = uploaded(deps, caterer)
    account = profiles.add_photo(deps, caterer, AddPhoto(key=mine))
    assert mine.startswith("pending/photo/")
    assert account.profile.photos == (kept_key(mine),)  # out of pending/: it never expires
    assert deps.uploads.stored(kept_key(mine)) is not None
    assert deps.uploads.stored(mine) is None
    refused = [
        uploaded(deps, other),  # someone else's upload
        f"photo/{caterer.account_id}/{uuid.uuid4()}",  # never uploaded
        uploaded(deps, caterer, b"<html>not an image</html>", "text/html"),  # stored as text
        uploaded(deps, caterer, JPEG + b"\x00" * (2 * MB)),  # over 2 MB
        f"document/{caterer.account_id}/{uuid.uuid4()}",
        "../photo",
    ]
    for key in refused:
        with pytest.raises(InvalidInput):
            profiles.add_photo(deps, caterer, AddPhoto(key=key))
    with pytest.raises(Conflict):  # the same photo twice
        profiles.add_photo(deps, caterer, AddPhoto(key=mine))
    with pytest.raises(Forbidden):
        profiles.add_photo(deps, world.organizer(), AddPhoto(key=mine))
    assert keys_of(deps, caterer) == (kept_key(mine),)

    public = profiles.public_profile(deps, caterer.account_id)
    assert len(public.photo_urls) == 1
    assert requests.get(public.photo_urls[0], timeout=10).content == JPEG


def test_at_most_six_photos_even_when_sent_at_once(world: World, deps: Deps) -> None:
    caterer = world.caterer()
    for _ in range(4):
        profiles.add_photo(deps, caterer, AddPhoto(key=uploaded(deps, caterer)))
    racing = [uploaded(deps, caterer) for _ in range(4)]

    def add(key: str) -> bool:
        try:
            profiles.add_photo(deps, caterer, AddPhoto(key=key))
        except Conflict:
            return False
        return True

    with ThreadPoolExecutor(max_workers=len(racing)) as pool:
        added = list(pool.map(add, racing))
    assert added.count(True) == 2
    assert len(keys_of(deps, caterer)) == MAX_PHOTOS
    with pytest.raises(Conflict):
        profiles.add_photo(deps, caterer, AddPhoto(key=uploaded(deps, caterer)))


def test_removing_a_photo_removes_that_one_once(world: World, deps: Deps) -> None:
    caterer = world.caterer()
    sent = [uploaded(deps, caterer) for _ in range(3)]
    for key in sent:
        profiles.add_photo(deps, caterer, AddPhoto(key=key))
    keys = [kept_key(key) for key in sent]
    after = profiles.remove_photo(deps, caterer, "2", keys[1])
    assert after.profile.photos == (keys[0], keys[2])
    assert deps.uploads.stored(keys[1]) is None  # the file is gone from storage too
    assert deps.uploads.stored(keys[0]) is not None
    with pytest.raises(Conflict):  # the same form sent again: photo 2 is another one now
        profiles.remove_photo(deps, caterer, "2", keys[1])
    for number in ("3", "0", "x", "999"):
        with pytest.raises(NotFound):
            profiles.remove_photo(deps, caterer, number)
    assert profiles.remove_photo(deps, caterer, "1").profile.photos == (keys[2],)
    assert keys_of(deps, caterer) == (keys[2],)
