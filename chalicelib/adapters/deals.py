"""The deal's writes: each moves the tender's status (checked against the lifecycle table, as
every write of ``adapters/tenders.py``) and, in the same transaction, writes what the step
makes: the contract and the fee when the award is confirmed, the delivery, a cancellation's
reversal, a dispute and its decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.contracts import contract_item, delivery_actions
from chalicelib.adapters.disputes import dispute_item, place
from chalicelib.adapters.fees import ExemptionChanged, exemption_as_read, fee_item
from chalicelib.adapters.history import transact_step, with_step
from chalicelib.adapters.impact import contributed, month_item
from chalicelib.adapters.models import (
    AccountModel,
    ContractModel,
    DisputeModel,
    FeeModel,
    PriceStatModel,
    TenderModel,
)
from chalicelib.adapters.tender_items import (
    completed_actions,
    completing,
    counted_against,
    due_actions,
    event_actions,
    not_due_actions,
    status_move,
)
from chalicelib.domain.contract import Contract, Side
from chalicelib.domain.dispute import Dispute, DisputeStatus
from chalicelib.domain.fees import Exemption, FeeEntry
from chalicelib.domain.history import Step
from chalicelib.domain.impact import Contribution
from chalicelib.domain.insights import month_of, per_guest, stat_key
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.money import to_text
from chalicelib.domain.notices import Event
from chalicelib.domain.tender import Tender


def _price_stat(tender: Tender, now: datetime) -> tuple[str, Decimal] | None:
    """Where a meal tender's contract adds its per-guest price, and the price."""
    d = tender.draft
    if tender.award is None or d.province is None:
        return None
    price = per_guest(d.event_type, tender.award.amount, d.guests)
    return None if price is None else (stat_key(d.province, d.event_type, month_of(now)), price)


def _appended(price: Decimal) -> Action:
    listed = PriceStatModel.per_guest
    return listed.set((listed | []).append([to_text(price)]))


@dataclass(frozen=True)
class Booking:
    """A payee's part of a confirmation: its fee entry, computed from this exemption and from
    whether this is its first win (both checked in the write)."""

    fee: FeeEntry
    exemption: Exemption | None
    first_win: bool

    def as_read(self) -> Condition:
        won = AccountModel.first_won_at
        first: Condition = won.does_not_exist() if self.first_win else won.exists()
        read: Condition = exemption_as_read(self.exemption) & first
        return read


class DealRepository:
    def confirm(
        self,
        tender: Tender,
        caterer_id: str,
        completes_at: datetime,
        now: datetime,
        bookings: Sequence[Booking],
        contract: Contract,
        step: Step,
        impact: Contribution,
    ) -> bool:
        """``awarded → contracted`` by the winner, before the confirmation deadline, with each
        payee's fee booked (the winner's, or every joint member's), the contract put and the
        programme's month added to in the same transaction (all or nothing, so a confirmed
        award always has exactly one fee entry per payee, one contract, and counts once).
        ``ExemptionChanged`` when a payee's exemption, or whether it had won before, is no
        longer what the fees and the impact were computed from."""
        target = TenderStatus.CONTRACTED
        condition = (
            status_move(frozenset({TenderStatus.AWARDED}), target)
            & (TenderModel.award_caterer_id == caterer_id)
            & (TenderModel.confirm_by > now)
        )
        actions = [
            TenderModel.status.set(target.value),
            TenderModel.confirm_by.remove(),
            *due_actions(completes_at),
            *event_actions("contracted", now),
        ]
        price = _price_stat(tender, now)
        won = AccountModel.first_won_at
        wins: list[Action] = [won.set(won | now)]
        if len(bookings) > 1:
            wins.append(AccountModel.joint_wins.add(1))

        def write(tx: TransactWrite) -> None:
            tx.save(contract_item(contract), condition=ContractModel.tender_id.does_not_exist())
            for booking in bookings:
                tx.save(fee_item(booking.fee), condition=FeeModel.entry_id.does_not_exist())
            tx.update(TenderModel(id=tender.id), actions=actions, condition=condition)
            for booking in bookings:
                payee = AccountModel(id=booking.fee.caterer_id)
                tx.update(payee, actions=wins, condition=booking.as_read())
            # after the tender's and the accounts': these refuse nothing
            tx.update(month_item(now), actions=contributed(impact))
            if price is not None:
                tx.update(PriceStatModel(key=price[0]), actions=[_appended(price[1])])

        # refusals come as sent: the contract's and fees' puts, the tender's, the accounts'
        failed = transact_step(step, write)
        if failed is None:
            return True
        tender_at = 1 + len(bookings)
        if not failed[tender_at] and any(failed[tender_at + 1 : tender_at + 1 + len(bookings)]):
            raise ExemptionChanged(caterer_id)
        return False

    def complete(self, tender_id: str, now: datetime, caterer_id: str | None, step: Step) -> bool:
        """``contracted → completed`` once the grace after the event is over, with no
        delivery code entered; the caterer's completed events grow in the same transaction,
        so the count is right however often the step is fired."""
        condition = completing() & (TenderModel.due_at <= now)
        return self._complete(tender_id, completed_actions(now), condition, caterer_id, step)

    def deliver(self, tender_id: str, caterer_id: str, now: datetime, step: Step) -> bool:
        """``contracted → completed`` by the delivery code, at once: the tender is marked
        delivered (its review will be verified) and the contract's delivery set, in the same
        transaction as the caterer's count. True for the one call that did it."""
        condition = completing() & (TenderModel.award_caterer_id == caterer_id)
        actions = [*completed_actions(now), TenderModel.delivered.set(True)]
        return self._complete(
            tender_id, actions, condition, caterer_id, step, delivery_actions(now)
        )

    def cancel_contract(
        self,
        tender: Tender,
        cancelled_by: Side,
        reason: str,
        now: datetime,
        reversals: Sequence[FeeEntry],
        late: bool,
        step: Step,
    ) -> bool:
        """``contracted → cancelled`` by one party, the other told in the same write; the fees
        reversed and, when late, the cancellation counted against its author, all at once.
        False when the tender is no longer contracted or the fee was reversed meanwhile."""
        author = tender.organizer_id if cancelled_by is Side.ORGANIZER else tender.winner_id
        condition = status_move(frozenset({TenderStatus.CONTRACTED}), TenderStatus.CANCELLED)
        actions = [
            TenderModel.status.set(TenderStatus.CANCELLED.value),
            TenderModel.cancel_reason.set(reason),
            TenderModel.cancelled_by.set(cancelled_by.value),
            *not_due_actions(),
            *event_actions(f"{Event.CONTRACT_CANCELLED}:{cancelled_by}", now),
        ]

        def write(tx: TransactWrite) -> None:
            tx.update(TenderModel(id=tender.id), actions=actions, condition=condition)
            for reversal in reversals:
                tx.save(fee_item(reversal), condition=FeeModel.entry_id.does_not_exist())
            if late and author is not None:
                tx.update(AccountModel(id=author), **counted_against(now))

        return with_step(step, write)

    def open_dispute(self, tender: Tender, dispute: Dispute, now: datetime, step: Step) -> bool:
        """Put the dispute and mark the tender, unless it has an open one or moved since it was
        read; a contracted tender leaves the chronograph, so it does not complete by itself
        while an admin looks."""
        condition = (TenderModel.status == tender.status.value) & (
            TenderModel.open_dispute.does_not_exist()
        )
        actions = [
            TenderModel.open_dispute.set(dispute.id),
            *event_actions(f"{Event.DISPUTED}:{dispute.opened_by}/{dispute.id}", now),
        ]
        if tender.status is TenderStatus.CONTRACTED:
            actions += not_due_actions()

        def write(tx: TransactWrite) -> None:
            tx.save(dispute_item(dispute), condition=DisputeModel.id.does_not_exist())
            tx.update(TenderModel(id=tender.id), actions=actions, condition=condition)

        return with_step(step, write)

    def decide_dispute(
        self,
        tender: Tender,
        decided: Dispute,
        admin_id: str,
        now: datetime,
        reversals: Sequence[FeeEntry],
        resume_at: datetime | None,
        step: Step,
    ) -> bool:
        """Decide the open dispute once: the decision, the tender freed of it (back on the
        chronograph when still contracted), both parties' notices and, when upheld against
        the caterer, the fees reversed and the decision counted against it, in one write."""
        winner = tender.winner_id
        condition = (TenderModel.status == tender.status.value) & (
            TenderModel.open_dispute == decided.id
        )
        actions = [
            TenderModel.open_dispute.remove(),
            *event_actions(f"{Event.DISPUTE_DECIDED}:{decided.status}/{decided.id}", now),
        ]
        if resume_at is not None:
            actions += due_actions(resume_at)
        decision: list[Action] = [
            DisputeModel.status.set(decided.status.value),
            DisputeModel.note.set(decided.note),
            DisputeModel.decided_at.set(now),
            DisputeModel.decided_by.set(admin_id),
            DisputeModel.place.set(place(decided)),
        ]

        def write(tx: TransactWrite) -> None:
            tx.update(
                DisputeModel(id=decided.id),
                actions=decision,
                condition=DisputeModel.status == DisputeStatus.OPEN.value,
            )
            tx.update(TenderModel(id=tender.id), actions=actions, condition=condition)
            for reversal in reversals:
                tx.save(fee_item(reversal), condition=FeeModel.entry_id.does_not_exist())
            if decided.costs_the_caterer and winner is not None:
                tx.update(AccountModel(id=winner), **counted_against(now))

        return with_step(step, write)

    def _complete(
        self,
        tender_id: str,
        actions: list[Action],
        condition: Condition,
        caterer_id: str | None,
        step: Step,
        delivery: tuple[list[Action], Condition] | None = None,
    ) -> bool:
        def write(tx: TransactWrite) -> None:
            tx.update(TenderModel(id=tender_id), actions=actions, condition=condition)
            if caterer_id is not None:
                tx.update(
                    AccountModel(id=caterer_id),
                    actions=[AccountModel.completed_events.add(1)],
                    condition=AccountModel.id.exists(),
                )
            if delivery is not None:
                tx.update(
                    ContractModel(tender_id=tender_id),
                    actions=delivery[0],
                    condition=delivery[1],
                )

        return with_step(step, write)
