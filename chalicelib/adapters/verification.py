"""The verification file on the account item: each move one conditional update (no read first).

The admins' queue is the sparse ``caterers-by-verification`` index: sign-up puts a caterer
under ``"new"``, its submission moves it to ``"pending"``, an approval to ``"verified"`` (the
list of verified caterers), a rejection takes it out until it sends its file again.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.accounts import NEW, PENDING, VERIFIED, account_of
from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import transact, update_if
from chalicelib.adapters.impact import counted, month_item
from chalicelib.adapters.inbox import notification_item
from chalicelib.adapters.models import AccountModel, NotificationModel
from chalicelib.domain.account import Account, Role
from chalicelib.domain.errors import NotFound
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.verification import (
    DECIDE_FROM,
    SUBMIT_FROM,
    BusinessNumber,
    Decision,
    NumberKind,
    Verification,
    VerificationStatus,
)

M = AccountModel


def verification_of(item: AccountModel) -> Verification:
    if item.verification_status:
        status = VerificationStatus(item.verification_status)
    else:  # verified by an admin without a file, or nothing submitted yet
        status = VerificationStatus.APPROVED if item.verified else VerificationStatus.NOT_SUBMITTED
    number = None
    if item.verification_kind and item.verification_number:
        number = BusinessNumber(NumberKind(item.verification_kind), item.verification_number)
    return Verification(
        status=status,
        number=number,
        document_key=item.verification_document,
        submitted_at=item.verification_submitted_at,
        decided_at=item.verification_decided_at,
        reason=item.verification_reason,
        round=int(item.verification_round or 0),
    )


def _in_states(states: frozenset[VerificationStatus]) -> Condition:
    """The file is in one of ``states`` (no status written and not verified = not submitted)."""
    written = [s.value for s in states if s is not VerificationStatus.NOT_SUBMITTED]
    condition: Condition | None = M.verification_status.is_in(*written) if written else None
    if VerificationStatus.NOT_SUBMITTED in states:
        unverified = M.verified.does_not_exist() | (M.verified == False)  # noqa: E712
        never = M.verification_status.does_not_exist() & unverified
        condition = never if condition is None else condition | never
    assert condition is not None
    return condition


def _round_is(seen: int) -> Condition:
    condition: Condition = (
        M.verification_round == seen if seen else M.verification_round.does_not_exist()
    )
    return condition


def _caterer() -> Condition:
    condition: Condition = M.id.exists() & (M.role == Role.CATERER.value)
    return condition


class VerificationRepository:
    def get(self, caterer_id: str) -> tuple[Account, Verification]:
        try:
            item = M.get(caterer_id, consistent_read=True)
        except M.DoesNotExist as error:
            raise NotFound("no such account") from error
        return account_of(item), verification_of(item)

    def submit(
        self, caterer_id: str, number: BusinessNumber, document_key: str, at: datetime
    ) -> Verification | None:
        """Not submitted or rejected → pending, with the number and document; None if the
        file was in another state (pending, approved) when the write arrived."""
        item = M(id=caterer_id)
        actions: list[Action] = [
            M.verification_status.set(VerificationStatus.PENDING.value),
            M.verification_kind.set(number.kind.value),
            M.verification_number.set(number.value),
            M.verification_document.set(document_key),
            M.verification_submitted_at.set(at),
            M.verification_decided_at.remove(),
            M.verification_reason.remove(),
            M.verification_round.add(1),
            M.verification_queue.set(PENDING),
        ]
        if not update_if(item, actions, _caterer() & _in_states(SUBMIT_FROM)):
            return None
        return verification_of(item)

    def decide(
        self, caterer_id: str, decision: Decision, seen: Verification, notice: NewNotice
    ) -> bool:
        """Pending (or, for an approval, not submitted) → approved | rejected, with the notice
        that tells the caterer, in one transaction: the decision is never stored without its
        notice. False if the file moved since ``seen`` (another state or another round): of
        two admins deciding at once, one wins."""
        approve = decision is Decision.APPROVE
        status = VerificationStatus.APPROVED if approve else VerificationStatus.REJECTED
        reason = seen.reason if not approve else None
        actions: list[Action] = [
            M.verification_status.set(status.value),
            M.verification_decided_at.set(notice.created_at),
            M.verified.set(approve),
            M.verification_queue.set(VERIFIED) if approve else M.verification_queue.remove(),
            M.verification_reason.set(reason) if reason else M.verification_reason.remove(),
        ]
        condition = _caterer() & _in_states(DECIDE_FROM[decision]) & _round_is(seen.round)
        item = notification_item(notice)

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.update(M(id=caterer_id), actions, condition=condition)
                tx.save(item, condition=NotificationModel.notice_id.does_not_exist())
                if approve:  # the programme's impact: one more verified caterer
                    tx.update(month_item(notice.created_at), actions=counted("verified"))

        try:
            transact(write)
        except TransactWriteError:
            return False
        return True

    def pending(self, limit: int = 50) -> list[tuple[Account, Verification]]:
        """The queue: files sent first, then caterers with none yet (whom an admin may still
        approve), each oldest sign-up first; caterers that never send a file cannot hide the
        ones that did."""
        files = M.by_verification.query(PENDING, limit=limit)
        found = [(account_of(i), verification_of(i)) for i in files]
        if len(found) < limit:
            rest = M.by_verification.query(NEW, limit=limit - len(found))
            found += [(account_of(i), verification_of(i)) for i in rest]
        return found
