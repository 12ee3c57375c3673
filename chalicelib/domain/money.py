"""Money in Moroccan dirhams: always ``Decimal`` with two places, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def mad(value: Decimal | int | str) -> Decimal:
    """Normalise an amount to two decimals (half up, as a cashier rounds)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_text(value: Decimal) -> str:
    """The contract's wire form: a decimal string with exactly two places."""
    return f"{mad(value):.2f}"
