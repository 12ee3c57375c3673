"""Cooperatives bidding together: a lead invites others to a joint bid on a products lot, each
with its share of the goods and of the price; once every member has confirmed, the bid stands
as one bid, the lead's.

The award, the contract's contacts and the fee ledger split by share: each member's fee is
its part of the bid's fee (``split``, to the centime, the parts adding up to the whole), and
0 for a member inside its own exemption.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.bid import Offer
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.lots import Lot, Share
from chalicelib.domain.money import ZERO, mad

MAX_MEMBERS = 5  # the lead and up to four partners
# The namespace of joint bids' name-based ids (uuid5): fixed forever, or ids would change.
JOINT_NAMESPACE = uuid.UUID("1d0b7c9e-5a43-5f0e-8b6a-2c7e4f9a3d15")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class JointBid:
    """The lead's invitation, and the bid it becomes once every member has confirmed."""

    tender_id: str
    lead_id: str
    offer: Offer  # its shares the lead's first
    proposed_at: datetime
    confirmed: frozenset[str] = frozenset()  # the partners who confirmed (the lead proposed)
    bid_id: str | None = None  # the bid placed when the last partner confirmed

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(s.caterer_id for s in self.offer.shares)

    @property
    def pending(self) -> tuple[str, ...]:
        """The partners still to confirm."""
        return tuple(m for m in self.members[1:] if m not in self.confirmed)

    @property
    def complete(self) -> bool:
        return not self.pending


def joint_bid_id(joint: JointBid) -> str:
    """The bid an invitation becomes: one id per invitation (name-based, like the ledger's)."""
    name = f"joint:{joint.tender_id}:{joint.lead_id}:{joint.proposed_at.isoformat()}"
    return str(uuid.uuid5(JOINT_NAMESPACE, name))


def check_shares(lead_id: str, amount: Decimal, lot: Lot | None, shares: Sequence[Share]) -> Lot:
    """A joint bid is on a products lot, by 2 to ``MAX_MEMBERS`` different members with the
    lead first; every member is paid something and supplies something; the shares' amounts add
    up to the bid and their quantities to each item's. Returns the lot shared."""
    if lot is None:
        raise InvalidInput("the bid breaks a rule", {"shares": "only products lots are shared"})
    members = [s.caterer_id for s in shares]
    fault = _members_fault(lead_id, members) or _split_fault(amount, lot, shares)
    if fault:
        raise InvalidInput("the joint bid breaks a rule", {"shares": fault})
    return lot


def _members_fault(lead_id: str, members: list[str]) -> str:
    if not 2 <= len(members) <= MAX_MEMBERS:
        return f"a joint bid has 2 to {MAX_MEMBERS} members"
    if members[0] != lead_id:
        return "the lead's own share comes first"
    if len(set(members)) != len(members):
        return "each member has one share"
    return ""


def _split_fault(amount: Decimal, lot: Lot, shares: Sequence[Share]) -> str:
    if any(len(s.quantities) != len(lot.items) for s in shares):
        return f"each share gives one quantity per item: {len(lot.items)}"
    if any(s.amount <= 0 or s.amount != mad(s.amount) for s in shares):
        return "each share is paid a positive amount, to the centime"
    if any(q < 0 for s in shares for q in s.quantities) or any(
        not any(q > 0 for q in s.quantities) for s in shares
    ):
        return "each member supplies something, and no quantity is negative"
    if sum((s.amount for s in shares), ZERO) != amount:
        return f"the shares' amounts add up to the bid's: {amount}"
    for n, item in enumerate(lot.items):
        if sum((s.quantities[n] for s in shares), Decimal(0)) != item.quantity:
            return f"the shares of {item.name} add up to {item.quantity}"
    return ""


def split(total: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """``total`` shared in proportion to ``weights``, to the centime, the parts adding up to
    it exactly: each part rounded down, the centimes left going to the largest remainders
    (the first of equal ones)."""
    cents = int(mad(total) / CENT)
    whole = sum(weights, ZERO)
    if whole <= 0:
        raise ValueError("the weights add up to nothing")
    exact = [cents * w / whole for w in weights]
    parts = [int(e) for e in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: cents - sum(parts)]:
        parts[i] += 1
    return tuple(mad(p * CENT) for p in parts)
