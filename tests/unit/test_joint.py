"""Property-based tests of joint bids (pure: ``domain/joint.py`` and ``fees.book_shares``):
shares that add up are taken and any centime or gram off is refused; the members' fees add up
to the bid's fee, each exempt member paying none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.fees import Exemption, Payee, book_shares, fee_for
from chalicelib.domain.joint import MAX_MEMBERS, check_shares, split
from chalicelib.domain.lots import Item, Lot, Share, Unit
from chalicelib.domain.money import ZERO

AT = datetime(2026, 12, 1, tzinfo=UTC)
EXEMPT = Exemption(AT - timedelta(days=1), AT + timedelta(days=300))
CENT = Decimal("0.01")

cents = st.integers(min_value=2 * MAX_MEMBERS, max_value=10_000_000_00)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.2"), places=4)
weights = st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=MAX_MEMBERS)


def cut(total: int, size: int, data: st.DataObject) -> list[int]:
    """``total`` cut into ``size`` positive whole parts."""
    marks = sorted(
        data.draw(st.sets(st.integers(1, total - 1), min_size=size - 1, max_size=size - 1))
    )
    bounds = [0, *marks, total]
    return [b - a for a, b in pairwise(bounds)]


@given(cents, weights)
def test_split_parts_add_up_and_stay_within_a_centime_of_the_proportion(
    total_cents: int, weighed: list[int]
) -> None:
    total = Decimal(total_cents) * CENT
    parts = split(total, [Decimal(w) for w in weighed])
    assert sum(parts, ZERO) == total
    whole = sum(weighed)
    for part, weight in zip(parts, weighed, strict=True):
        assert part >= 0
        assert abs(part - total * weight / whole) < CENT


@given(st.data(), st.integers(min_value=2, max_value=MAX_MEMBERS), cents, rates)
def test_shares_add_up_to_the_bid_and_fees_to_the_fee(
    data: st.DataObject, size: int, amount_cents: int, rate: Decimal
) -> None:
    litres = data.draw(st.integers(min_value=size, max_value=100_000))
    lot = Lot("lot", "Huile d'argan", (Item("Huile d'argan", Decimal(litres), Unit.LITRE),))
    members = [f"coop-{n}" for n in range(size)]
    amounts = [Decimal(c) * CENT for c in cut(amount_cents, size, data)]
    quantities = [Decimal(q) for q in cut(litres, size, data)]
    shares = [Share(m, a, (q,)) for m, a, q in zip(members, amounts, quantities, strict=True)]
    amount = Decimal(amount_cents) * CENT
    check_shares(members[0], amount, lot, shares)  # they add up: taken

    with pytest.raises(InvalidInput):
        check_shares(members[0], amount + CENT, lot, shares)
    with pytest.raises(InvalidInput):
        check_shares(
            members[0],
            amount,
            lot,
            [*shares[:-1], Share(members[-1], amounts[-1], (quantities[-1] + 1,))],
        )

    exempt = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    payees = [
        Payee(s.caterer_id, s.amount, EXEMPT if e else None)
        for s, e in zip(shares, exempt, strict=True)
    ]
    entries = book_shares("tender", payees, rate, AT)
    whole = book_shares(
        "tender", [Payee(m, s.amount, None) for m, s in zip(members, shares, strict=True)], rate, AT
    )
    assert sum((e.amount for e in entries), ZERO) == amount
    assert sum((e.fee for e in whole), ZERO) == fee_for(amount, rate, exempt=False)
    for entry, paid, is_exempt in zip(entries, whole, exempt, strict=True):
        assert entry.exempt is is_exempt
        assert entry.fee == (ZERO if is_exempt else paid.fee)
    assert len({e.entry_id for e in entries}) == size  # one entry per ledger, never shared
