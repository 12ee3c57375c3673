"""Payments behind a port. Walima takes no money yet: the caterer records what it received
(cash, a bank transfer, or a card on its own terminal). A card gateway such as CMI would be
another ``Payments``: it would start the organizer's card payment and record the milestone
from the gateway's confirmation, through the same conditional write."""

from __future__ import annotations

from datetime import datetime

from chalicelib.adapters.contracts import ContractRepository
from chalicelib.domain.contract import Contract, MilestoneKind, PaymentMethod
from chalicelib.domain.history import Step


class ReceiptsByCaterer:
    def __init__(self, contracts: ContractRepository | None = None) -> None:
        self._contracts = contracts or ContractRepository()

    def record(
        self,
        contract: Contract,
        kind: MilestoneKind,
        method: PaymentMethod,
        now: datetime,
        step: Step,
    ) -> bool:
        """True when this call marked the milestone paid (it was due)."""
        return self._contracts.mark_paid(contract, kind, method, now, step)
