from decimal import Decimal

import pytest

from chalicelib.commands import normalise_login, normalise_phone
from chalicelib.domain.bid import check_amount
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.money import mad, to_text


@pytest.mark.parametrize(
    "typed",
    [
        "0612345678",
        "06 12 34 56 78",
        "06-12-34-56-78",
        "+212612345678",
        "00212612345678",
        "+212 6 12 34 56 78",
    ],
)
def test_moroccan_mobiles_as_people_type_them(typed: str) -> None:
    assert normalise_phone(typed) == "+212612345678"


def test_a_landline_in_agadir() -> None:
    assert normalise_phone("0528 84 12 34") == "+212528841234"


@pytest.mark.parametrize("typed", ["12", "not a phone", "0612", "+2126123456789999"])
def test_not_phone_numbers(typed: str) -> None:
    with pytest.raises(ValueError, match="phone"):
        normalise_phone(typed)


def test_logins_are_normalised_like_sign_ups() -> None:
    assert normalise_login(" Fatima@Example.MA ") == "fatima@example.ma"
    assert normalise_login("06 12 34 56 78") == "+212612345678"


def test_money_keeps_two_places() -> None:
    assert to_text(Decimal("12500")) == "12500.00"
    assert mad("0.005") == Decimal("0.01")


@pytest.mark.parametrize("amount", ["0", "-1.00", "0.001", "100000000.01"])
def test_amounts_out_of_range(amount: str) -> None:
    with pytest.raises(InvalidInput):
        check_amount(Decimal(amount))
