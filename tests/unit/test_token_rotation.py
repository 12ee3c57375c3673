"""Rotating the token-signing secret (docs/operations.md) logs nobody out: the new key signs,
the old one still verifies until it is removed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.adapters.tokens import TokenSigner
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Unauthorized

OLD, NEW = "o" * 48, "n" * 48
TTL = timedelta(hours=12)
ALICE = Principal("4b1c4a52-2c43-4a53-9a40-9b7f0f1b2c3d", Role.ORGANIZER)


def test_during_a_rotation_old_tokens_still_work_and_new_ones_use_the_new_key() -> None:
    before = TokenSigner(OLD, TTL).issue(ALICE)
    rotating = TokenSigner(f"{NEW}\n{OLD}\n", TTL)
    assert rotating.verify(before) == ALICE
    after = rotating.issue(ALICE)
    assert TokenSigner(NEW, TTL).verify(after) == ALICE
    with pytest.raises(Unauthorized):
        TokenSigner(OLD, TTL).verify(after)


def test_once_the_old_key_is_removed_its_tokens_are_refused() -> None:
    before = TokenSigner(OLD, TTL).issue(ALICE)
    with pytest.raises(Unauthorized):
        TokenSigner(NEW, TTL).verify(before)


def test_every_key_must_be_long_enough() -> None:
    with pytest.raises(RuntimeError):
        TokenSigner(f"{NEW}\nshort", TTL)
    with pytest.raises(RuntimeError):
        TokenSigner("\n\n", TTL)


def test_a_single_key_signs_as_before() -> None:
    assert TokenSigner(NEW, TTL).digest("csrf", "x") == TokenSigner(f"{NEW}\n", TTL).digest(
        "csrf", "x"
    )
