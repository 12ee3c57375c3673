"""Verifying caterers: uploads, the caterer's submission, the admins' decision and its notice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from chalicelib.commands import DecideVerification, SubmitVerification
from chalicelib.domain import verification
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.uploads import UploadPurpose
from chalicelib.domain.verification import Decision, Verification, VerificationStatus
from chalicelib.services import alerts, notifications, uploads
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import compose

NOTICES = {
    Decision.APPROVE: NoticeKind.VERIFICATION_APPROVED,
    Decision.REJECT: NoticeKind.VERIFICATION_REJECTED,
}


def check_document(deps: Deps, account_id: str, key: str) -> str:
    """``key``, if it is one of the account's stored documents (see ``uploads.checked``)."""
    return uploads.checked(deps, account_id, key, UploadPurpose.DOCUMENT, "document_key")


def status(deps: Deps, principal: Principal) -> Verification:
    principal.require(Role.CATERER)
    return deps.verification.get(principal.account_id)[1]


def submit(deps: Deps, principal: Principal, command: SubmitVerification) -> Verification:
    """Not submitted or rejected → pending: the admins see it in their queue."""
    principal.require(Role.CATERER)
    number = verification.business_number(command.ice, command.cooperative_number)
    key = check_document(deps, principal.account_id, command.document_key)
    done = deps.verification.submit(principal.account_id, number, key, deps.clock())
    if done is None:
        current = deps.verification.get(principal.account_id)[1]
        if current.status is VerificationStatus.PENDING:
            raise Conflict("your verification is already waiting for an admin")
        raise Conflict("your business is already verified")
    return done


def decide(
    deps: Deps, principal: Principal, caterer_id: str, command: DecideVerification
) -> Account:
    """Approve or reject (with a reason); the caterer is told in their language, in the app,
    by e-mail and by SMS (the notice is stored with the decision, then sent; the sweeper
    resends what a crash left unsent). Approving an approved caterer again changes nothing;
    any other move from the wrong state is a 409, so two admins at once decide once."""
    principal.require(Role.ADMIN)
    decision = Decision(command.decision)
    reason = verification.rejection_reason(decision, command.reason)
    account, seen = deps.verification.get(caterer_id)
    if account.role is not Role.CATERER:
        raise NotFound("no caterer with this id")
    notice = _notice(account, decision, seen.round, reason, deps.clock())
    moving = seen.status in verification.DECIDE_FROM[decision]
    if moving and deps.verification.decide(
        caterer_id, decision, replace(seen, reason=reason), notice
    ):
        alerts.sync(deps, caterer_id)  # a verified caterer is found by tender alerts
        notifications.deliver(deps, [(caterer_id, notice.notice_id)])
        return deps.verification.get(caterer_id)[0]
    account, now_seen = deps.verification.get(caterer_id) if moving else (account, seen)
    if decision is Decision.APPROVE and now_seen.status is VerificationStatus.APPROVED:
        return account  # approved already (by another admin, a moment ago or long since)
    raise Conflict(f"this caterer's verification is {now_seen.status.value}")


def _notice(
    caterer: Account, decision: Decision, round_: int, reason: str | None, at: datetime
) -> NewNotice:
    """The decision's notice in the caterer's language; one per decision per submission."""
    values = {"business": caterer.business_name or caterer.name, "reason": reason or ""}
    notice_id = f"verification:{caterer.id}:{round_}:{decision.value}"
    return compose(caterer, notice_id, NOTICES[decision], None, values, at)


def queue(deps: Deps, principal: Principal) -> list[tuple[Account, Verification]]:
    principal.require(Role.ADMIN)
    return deps.verification.pending()


def document_url(deps: Deps, principal: Principal, caterer_id: str) -> str:
    """A short-lived link to a caterer's document: for admins only."""
    principal.require(Role.ADMIN)
    found = deps.verification.get(caterer_id)[1].document_key
    if found is None:
        raise NotFound("this caterer sent no document")
    return deps.uploads.view_url(found)
