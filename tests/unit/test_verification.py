"""The business numbers caterers give, the rejection reason, and upload keys."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.uploads import UploadPurpose, acceptable, new_key, owned_by
from chalicelib.domain.verification import (
    BusinessNumber,
    Decision,
    NumberKind,
    business_number,
    ice_check_digits,
    parse_cooperative_number,
    parse_ice,
    rejection_reason,
)

digits = st.text(alphabet="0123456789", min_size=13, max_size=13)


@pytest.mark.parametrize("ice", ["001561191000066", "002136093000040", "00 21 36 09 30 00 040"])
def test_published_examples_of_ice_are_accepted(ice: str) -> None:
    assert parse_ice(ice) == ice.replace(" ", "")


@given(digits)
def test_thirteen_digits_and_their_check_digits_make_an_ice(first: str) -> None:
    ice = first + ice_check_digits(first)
    assert parse_ice(ice) == ice
    assert int(ice) % 97 == 0


@given(digits, st.integers(min_value=0, max_value=14), st.integers(min_value=1, max_value=9))
def test_any_one_wrong_digit_is_caught(first: str, position: int, shift: int) -> None:
    ice = first + ice_check_digits(first)
    wrong = ice[:position] + str((int(ice[position]) + shift) % 10) + ice[position + 1 :]
    with pytest.raises(InvalidInput) as refused:
        parse_ice(wrong)
    assert refused.value.fields == {"ice": "this ICE's control digits are wrong"}


@given(st.text(alphabet="0123456789", max_size=30).filter(lambda s: len(s) != 15))
def test_an_ice_has_exactly_fifteen_digits(number: str) -> None:
    with pytest.raises(InvalidInput):
        parse_ice(number)


@pytest.mark.parametrize("ice", ["00156119100006a", "٠٠١٥٦١١٩١٠٠٠٠٦٦", "+01561191000066", ""])
def test_an_ice_is_ascii_digits_only(ice: str) -> None:
    with pytest.raises(InvalidInput):
        parse_ice(ice)


@pytest.mark.parametrize(
    ("raw", "kept"), [("1234/2019", "1234/2019"), ("0042", "0042"), (" 77 / 2005 ", "77/2005")]
)
def test_cooperative_numbers_as_printed_on_the_certificate(raw: str, kept: str) -> None:
    assert parse_cooperative_number(raw) == kept


@pytest.mark.parametrize("raw", ["", "12345678", "12/19", "12/1850", "AB12", "12/2019/3", "/2019"])
def test_other_cooperative_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_cooperative_number(raw)
    assert "cooperative_number" in refused.value.fields


def test_exactly_one_number_is_given() -> None:
    assert business_number("001561191000066", None) == BusinessNumber(
        NumberKind.ICE, "001561191000066"
    )
    assert business_number(None, "12/2020").kind is NumberKind.COOPERATIVE
    for ice, cooperative in ((None, None), ("001561191000066", "12/2020"), ("", "")):
        with pytest.raises(InvalidInput):
            business_number(ice, cooperative)


def test_a_rejection_says_why_in_at_most_500_characters() -> None:
    assert rejection_reason(Decision.APPROVE, "ignored") is None
    assert rejection_reason(Decision.REJECT, "  blurred scan ") == "blurred scan"
    assert rejection_reason(Decision.REJECT, "x" * 500) == "x" * 500
    for reason in (None, "", "   ", "x" * 501):
        with pytest.raises(InvalidInput):
            rejection_reason(Decision.REJECT, reason)


@given(st.uuids(), st.uuids())
def test_a_key_belongs_to_its_account_and_purpose_only(
    account: uuid.UUID, other: uuid.UUID
) -> None:
    key = new_key(UploadPurpose.DOCUMENT, str(account), uuid.uuid4())
    assert owned_by(key, str(account), UploadPurpose.DOCUMENT)
    assert not owned_by(key, str(account), UploadPurpose.PHOTO)
    assert owned_by(key, str(other), UploadPurpose.DOCUMENT) is (account == other)


@pytest.mark.parametrize(
    "key",
    [
        "document/acc/../other/0d1f4a8e-5a3b-4f1e-9f7e-0c9d8b7a6e5f",
        "document/acc/0d1f4a8e-5a3b-4f1e-9f7e-0c9d8b7a6e5f/x",
        "document/acc/not-a-uuid",
        "document/acc/0D1F4A8E-5A3B-4F1E-9F7E-0C9D8B7A6E5F",
        "/document/acc/0d1f4a8e-5a3b-4f1e-9f7e-0c9d8b7a6e5f",
    ],
)
def test_keys_of_another_shape_belong_to_nobody(key: str) -> None:
    assert not owned_by(key, "acc", UploadPurpose.DOCUMENT)


def test_stored_objects_must_fit_their_purpose() -> None:
    assert acceptable(UploadPurpose.DOCUMENT, 5 * 1024 * 1024, "application/pdf")
    assert not acceptable(UploadPurpose.DOCUMENT, 5 * 1024 * 1024 + 1, "application/pdf")
    assert not acceptable(UploadPurpose.DOCUMENT, 0, "application/pdf")
    assert not acceptable(UploadPurpose.PHOTO, 1000, "application/pdf")
    assert acceptable(UploadPurpose.PHOTO, 2 * 1024 * 1024, "image/webp")
