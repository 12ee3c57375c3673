"""Private threads' rules, pure: who may write in each state of the tender, and masking."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.account import Role, Viewer
from chalicelib.domain.bid import Award
from chalicelib.domain.contract import Side
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.thread import MASK, Thread, mask_contacts
from tests.unit.factories import NOW, tender

ORGANIZER = Viewer("org", Role.ORGANIZER)
WINNER, BIDDER, STRANGER = (Viewer(c, Role.CATERER, True) for c in ("win", "bid", "new"))
UNVERIFIED = Viewer("new", Role.CATERER, False)
ADMIN = Viewer("admin", Role.ADMIN)
OTHER_ORGANIZER = Viewer("org2", Role.ORGANIZER)


def in_state(status: TenderStatus, **changes: object) -> Thread:
    """A tender in ``status`` with two bidders, awarded to ``win`` once past the close."""
    award = None if status is TenderStatus.OPEN else Award("b1", "win", Decimal("9000.00"))
    t = dataclasses.replace(
        tender(status),
        bidder_ids=frozenset({"win", "bid"}),
        award=award,
        **changes,  # type: ignore[arg-type]
    )
    return Thread(t, "", started=False)


# (status, extra changes) → who may write to whom: (writer, thread's caterer, started) → allowed
STATES = {
    "open": (TenderStatus.OPEN, {}),
    "awarded": (TenderStatus.AWARDED, {}),
    "cancelled before the contract": (TenderStatus.CANCELLED, {}),
    "unsuccessful": (TenderStatus.UNSUCCESSFUL, {}),
    "contracted": (TenderStatus.CONTRACTED, {}),
    "completed": (TenderStatus.COMPLETED, {}),
    "contract cancelled": (TenderStatus.CANCELLED, {"cancelled_by": "caterer"}),
}
CASES = [
    ("a bidder", BIDDER, "bid", False),
    ("the winner", WINNER, "win", False),
    ("a verified caterer that did not bid", STRANGER, "new", False),
    ("an unverified caterer", UNVERIFIED, "new", False),
    ("the organizer to a bidder", ORGANIZER, "bid", False),
    ("the organizer to the winner", ORGANIZER, "win", False),
    ("the organizer to a caterer that wrote", ORGANIZER, "new", True),
    ("the organizer to a caterer that never wrote", ORGANIZER, "new", False),
    ("another organizer", OTHER_ORGANIZER, "bid", True),
    ("an admin", ADMIN, "bid", True),
]
BEFORE = {
    "a bidder": True,
    "the winner": True,
    "the organizer to a bidder": True,
    "the organizer to the winner": True,
    "the organizer to a caterer that wrote": True,
}
AFTER = {"the winner": True, "the organizer to the winner": True}
EXPECTED = {
    "open": BEFORE | {"a verified caterer that did not bid": True},
    "awarded": BEFORE,
    "cancelled before the contract": BEFORE,
    "unsuccessful": BEFORE,
    "contracted": AFTER,
    "completed": AFTER,
    "contract cancelled": AFTER,
}


@pytest.mark.parametrize("state", STATES)
def test_who_may_write_in_each_state(state: str) -> None:
    status, changes = STATES[state]
    base = in_state(status, **changes)
    allowed = {
        name: Thread(base.tender, caterer, started).may_write(viewer, NOW)
        for name, viewer, caterer, started in CASES
    }
    assert allowed == {name: EXPECTED[state].get(name, False) for name, *_ in CASES}


def test_only_the_two_sides_read_and_the_practice_tender_has_no_thread() -> None:
    thread = Thread(in_state(TenderStatus.OPEN).tender, "bid", started=True)
    assert thread.side_of(ORGANIZER) is Side.ORGANIZER
    assert thread.side_of(BIDDER) is Side.CATERER
    assert [thread.may_read(v) for v in (WINNER, OTHER_ORGANIZER, ADMIN, None)] == [False] * 4
    practice = dataclasses.replace(thread.tender, practice=True)
    assert not Thread(practice, "bid", started=True).may_read(BIDDER)


def test_a_caterer_that_did_not_bid_may_write_only_before_the_deadline() -> None:
    thread = Thread(in_state(TenderStatus.OPEN).tender, "new", started=False)
    deadline = thread.tender.bid_deadline
    assert thread.may_write(STRANGER, deadline - timedelta(seconds=1))
    assert not thread.may_write(STRANGER, deadline)


# --- masking ------------------------------------------------------------------------------

DIGITS = st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
SEPARATORS = st.sampled_from(["", " ", ".", "-", " - ", "(", ")"])


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.lists(DIGITS, min_size=9, max_size=14))
    return "".join(d + draw(SEPARATORS) for d in digits[:-1]) + digits[-1]


WORDS = st.text(alphabet=st.sampled_from("abc مرحبا é,!?"), max_size=30)


@given(before=WORDS, number=phone_numbers(), after=WORDS)
def test_no_phone_number_survives_masking(before: str, number: str, after: str) -> None:
    masked = mask_contacts(f"{before} {number} {after}")
    digits = re.sub(r"\D", "", masked.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0" * 20)))
    assert len(digits) < 9
    assert MASK in masked


@given(
    user=st.from_regex(r"[a-z][a-z0-9._+-]{0,15}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9-]{1,12}\.(ma|com|fr)", fullmatch=True),
)
def test_no_email_address_survives_masking(user: str, domain: str) -> None:
    masked = mask_contacts(f"écrivez à {user}@{domain} merci")
    assert "@" not in masked
    assert masked.startswith("écrivez à ")
    assert masked.endswith(" merci")


@pytest.mark.parametrize(
    "kept",
    ["Le 12/12/2026 à 20h30", "pour 150 invités à 12 000 MAD", "12.12.2026", "300 kg d'amlou"],
)
def test_dates_prices_and_quantities_are_kept(kept: str) -> None:
    assert mask_contacts(kept) == kept


@given(st.text(max_size=200))
def test_masking_twice_changes_nothing_more(text: str) -> None:
    once = mask_contacts(text)
    assert mask_contacts(once) == once
