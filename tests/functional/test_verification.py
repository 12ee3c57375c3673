"""Verifying caterers through the services, against moto: submit, reject, resubmit, approve."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
from pydantic import ValidationError

from chalicelib.adapters.aws import client
from chalicelib.commands import DecideVerification, InboxQuery, SubmitVerification
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.uploads import UploadPurpose, kept_key
from chalicelib.domain.verification import VerificationStatus
from chalicelib.services import closing, notifications, verification
from chalicelib.services.deps import Deps
from tests.conftest import Clock
from tests.functional.helpers import World
from tests.functional.moto_state import sent_emails, sent_sms

ICE = "001561191000066"
ADMIN = Principal(str(uuid.uuid4()), Role.ADMIN)
PDF = b"%PDF-1.4\n% proof of registration\n"


def upload(deps: Deps, caterer: Principal, data: bytes = PDF, stored_as: str = "") -> str:
    """A document as the browser sends it: a multipart POST straight to S3 (``stored_as``:
    a tampered Content-Type, which S3 would refuse and moto stores)."""
    kind = "application/pdf"
    form = deps.uploads.presign(caterer.account_id, UploadPurpose.DOCUMENT, kind, None)
    fields = form.fields | ({"Content-Type": stored_as} if stored_as else {})
    files = {"file": ("proof", data, stored_as or kind)}
    answer = requests.post(form.url, data=fields, files=files, timeout=10)
    assert answer.status_code == 204
    return form.key


def submit(deps: Deps, caterer: Principal, key: str, **number: str) -> VerificationStatus:
    command = SubmitVerification.model_validate({"document_key": key, **(number or {"ice": ICE})})
    return verification.submit(deps, caterer, command).status


def decide(deps: Deps, caterer: Principal, decision: str, reason: str | None = None) -> bool:
    command = DecideVerification.model_validate({"decision": decision, "reason": reason})
    return verification.decide(deps, ADMIN, caterer.account_id, command).verified


def kinds(deps: Deps, caterer: Principal) -> list[str]:
    return [n.kind for n in notifications.inbox(deps, caterer, InboxQuery())[0]]


def test_reject_resubmit_approve_and_the_caterer_is_told_each_time(
    world: World, deps: Deps
) -> None:
    caterer = world.caterer(verified=False, language="ar")
    assert verification.status(deps, caterer).status is VerificationStatus.NOT_SUBMITTED

    assert submit(deps, caterer, upload(deps, caterer)) is VerificationStatus.PENDING
    queued = [(a.id, v.number) for a, v in verification.queue(deps, ADMIN)]
    assert (caterer.account_id, verification.status(deps, caterer).number) in queued

    assert decide(deps, caterer, "reject", "The scan is unreadable") is False
    rejected = verification.status(deps, caterer)
    assert (rejected.status, rejected.reason) == (
        VerificationStatus.REJECTED,
        "The scan is unreadable",
    )
    assert caterer.account_id not in [a.id for a, _ in verification.queue(deps, ADMIN)]
    inbox = notifications.inbox(deps, caterer, InboxQuery())[0]
    assert inbox[0].kind == NoticeKind.VERIFICATION_REJECTED
    assert "The scan is unreadable" in inbox[0].body
    assert inbox[0].title == "لم يتم قبول التحقق من نشاطك"

    key = upload(deps, caterer)
    assert submit(deps, caterer, key, cooperative_number="1234/2019") is VerificationStatus.PENDING
    again = verification.status(deps, caterer)
    assert (again.reason, again.document_key, again.round) == (None, kept_key(key), 2)

    assert decide(deps, caterer, "approve") is True
    assert verification.status(deps, caterer).status is VerificationStatus.APPROVED
    assert kinds(deps, caterer)[:2] == ["verification_approved", "verification_rejected"]
    phone = deps.accounts.get(caterer.account_id).phone
    assert sum(1 for s in sent_sms() if phone in str(s)) == 2
    assert len([m for m in sent_emails() if "Traiteur" in str(m)]) >= 2
    with pytest.raises(Conflict):  # verified: nothing left to submit
        submit(deps, caterer, upload(deps, caterer))


def test_approving_twice_tells_once_and_no_body_approves_the_unsubmitted(
    world: World, deps: Deps
) -> None:
    caterer = world.caterer(verified=False)
    assert decide(deps, caterer, "approve") is True  # checked by phone: no file needed
    assert decide(deps, caterer, "approve") is True
    assert kinds(deps, caterer) == ["verification_approved"]
    with pytest.raises(Conflict):
        decide(deps, caterer, "reject", "too late")


def test_only_a_pending_file_can_be_rejected_and_it_needs_a_reason(
    world: World, deps: Deps
) -> None:
    caterer = world.caterer(verified=False)
    with pytest.raises(Conflict):
        decide(deps, caterer, "reject", "nothing was sent")
    submit(deps, caterer, upload(deps, caterer))
    for reason in (None, "   ", "x" * 501):
        with pytest.raises((InvalidInput, ValidationError)):  # over 500: refused by the command
            decide(deps, caterer, "reject", reason)
    with pytest.raises(Conflict):  # already waiting
        submit(deps, caterer, upload(deps, caterer))


def test_documents_must_be_the_callers_own_real_and_acceptable(world: World, deps: Deps) -> None:
    caterer, other = world.caterer(verified=False), world.caterer(verified=False)
    theirs = upload(deps, other)
    never_sent = f"document/{caterer.account_id}/{uuid.uuid4()}"
    too_big = upload(deps, caterer, b"x" * (5 * 1024 * 1024 + 1))  # moto ignores the policy
    html = upload(deps, caterer, b"<script>", stored_as="text/html")
    photo = f"photo/{caterer.account_id}/{uuid.uuid4()}"
    for key in (theirs, never_sent, too_big, html, photo):
        with pytest.raises(InvalidInput) as refused:
            submit(deps, caterer, key)
        assert "document_key" in refused.value.fields
    assert verification.status(deps, caterer).status is VerificationStatus.NOT_SUBMITTED


@pytest.mark.parametrize("number", [{"ice": "001561191000065"}, {"cooperative_number": "x"}, {}])
def test_bad_numbers_are_refused(world: World, deps: Deps, number: dict[str, str]) -> None:
    caterer = world.caterer(verified=False)
    key = upload(deps, caterer)
    command = SubmitVerification.model_validate({"document_key": key, **number})
    with pytest.raises(InvalidInput):
        verification.submit(deps, caterer, command)


def test_roles(world: World, deps: Deps) -> None:
    organizer, caterer = world.organizer(), world.caterer(verified=False)
    with pytest.raises(Forbidden):
        verification.status(deps, organizer)
    with pytest.raises(Forbidden):
        verification.decide(deps, caterer, caterer.account_id, DecideVerification())
    with pytest.raises(NotFound):  # an organizer is no caterer to verify
        verification.decide(deps, ADMIN, organizer.account_id, DecideVerification())
    with pytest.raises(NotFound):
        verification.decide(deps, ADMIN, str(uuid.uuid4()), DecideVerification())


def test_concurrent_approve_and_reject_resolve_once(world: World, deps: Deps) -> None:
    caterer = world.caterer(verified=False)
    submit(deps, caterer, upload(deps, caterer))
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def run(decision: str) -> None:
        start.wait()
        try:
            decide(deps, caterer, decision, "not a real business")
            outcomes.append(decision)
        except DomainError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=run, args=(d,)) for d in ("approve", "reject") * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = verification.status(deps, caterer).status
    won = "approve" if final is VerificationStatus.APPROVED else "reject"
    decided = [o for o in outcomes if o in ("approve", "reject")]
    assert set(decided) == {won}  # an approval may be repeated (idempotent), never mixed
    assert len(kinds(deps, caterer)) == 1
    assert deps.accounts.get(caterer.account_id).verified is (won == "approve")


def test_a_decision_is_stored_with_its_notice_and_a_failed_send_is_retried(
    world: World, deps: Deps, clock: Clock
) -> None:
    caterer = world.caterer(verified=False)
    submit(deps, caterer, upload(deps, caterer))
    ses = client("ses")
    ses.delete_identity(Identity=deps.settings.sender_email)  # SES now refuses every e-mail
    assert decide(deps, caterer, "reject", "Expired certificate") is False
    assert kinds(deps, caterer) == ["verification_rejected"]  # stored with the decision
    assert [a for a, _ in deps.inbox.undelivered(clock.now)] == [caterer.account_id]

    ses.verify_email_identity(EmailAddress=deps.settings.sender_email)
    clock.advance(minutes=2)  # past the failed attempt's lease
    assert closing.sweep(deps).messages_sent == 2  # the e-mail and the SMS
    assert list(deps.inbox.undelivered(clock.now)) == []


def test_the_queue_shows_sent_files_before_caterers_that_sent_none(
    world: World, deps: Deps, clock: Clock
) -> None:
    silent = []
    for _ in range(3):  # signed up a minute apart, none sends a file
        silent.append(world.caterer(verified=False))
        clock.advance(minutes=1)
    sender = world.caterer(verified=False)  # the newest sign-up, the only file
    assert submit(deps, sender, upload(deps, sender)) is VerificationStatus.PENDING

    queue = [account.id for account, _ in deps.verification.pending(limit=2)]
    assert queue == [sender.account_id, silent[0].account_id]
    decide(deps, sender, "approve")
    queue = [account.id for account, _ in deps.verification.pending()]
    assert queue == [c.account_id for c in silent]
