"""Forgotten passwords and the log-in back-off, through the use cases both doors call.

A reset code goes to the login's own channel (SMS for a phone, e-mail for an address), is good
for 15 minutes and 5 wrong tries, sets a new password only if it is not guessable, and ends
every session. Wrong passwords slow down the (address, login) that typed them, never the
owner typing the right one elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import timedelta

import pytest

from chalicelib.commands import ConfirmReset, LogIn, RequestReset, SignUp
from chalicelib.domain.errors import (
    EXPIRED_CODE,
    WRONG_CODE,
    InvalidInput,
    RateLimited,
    Unauthorized,
)
from chalicelib.domain.quota import Backoff
from chalicelib.services import accounts, resets, sessions
from chalicelib.services.deps import Deps
from tests.bodies import PASSWORD, sign_up_body
from tests.conftest import Clock
from tests.functional.helpers import SOURCE
from tests.functional.moto_state import sent_emails, sent_sms

NEW_PASSWORD = "olive grove at dawn"
CODE = re.compile(r"\b(\d{6})\b")


def signed_up(deps: Deps, **extra: str) -> dict[str, str]:
    body = sign_up_body(**extra)
    accounts.sign_up(deps, SignUp.model_validate(body), SOURCE)
    return body


def code_in(messages: Sequence[object], contact: str) -> str:
    """The code of the last message sent to ``contact``."""
    texts = [str(m) for m in messages if contact in str(m)]
    assert texts, f"nothing was sent to {contact}"
    found = CODE.findall(texts[-1])
    assert found
    return str(found[-1])


def test_a_phone_gets_its_code_by_sms_and_the_code_sets_a_new_password(deps: Deps) -> None:
    body = signed_up(deps, language="ar")
    phone = "+212" + body["phone"][1:]
    elsewhere = sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE).token
    assert resets.request(deps, RequestReset(login=body["phone"]), SOURCE) == "sms"
    code = code_in(sent_sms(), phone)
    assert "وليمة" in str(sent_sms()[-1])  # in the account's language
    confirm = ConfirmReset(login=body["phone"], code=code, new=NEW_PASSWORD)
    assert resets.confirm(deps, confirm, SOURCE) == 1
    with pytest.raises(Unauthorized):
        accounts.authenticate(deps, elsewhere)  # whoever had a session is out
    with pytest.raises(Unauthorized):
        sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE)
    assert sessions.log_in(deps, LogIn(login=body["email"], password=NEW_PASSWORD), SOURCE)
    with pytest.raises(InvalidInput) as again:
        resets.confirm(deps, confirm, SOURCE)  # a code works once
    assert again.value.field_reasons == {"code": EXPIRED_CODE}


def test_an_email_gets_its_code_by_email_and_an_unknown_login_the_same_answer(
    deps: Deps,
) -> None:
    body = signed_up(deps)
    sms_before, emails_before = len(sent_sms()), len(sent_emails())
    assert resets.request(deps, RequestReset(login="nobody@example.ma"), SOURCE) == "email"
    assert resets.request(deps, RequestReset(login="0600000001"), SOURCE) == "sms"
    assert (len(sent_sms()), len(sent_emails())) == (sms_before, emails_before)
    assert resets.request(deps, RequestReset(login=body["email"].upper()), SOURCE) == "email"
    assert len(sent_sms()) == sms_before
    assert code_in(sent_emails(), body["email"])
    with pytest.raises(InvalidInput) as unknown:
        resets.confirm(
            deps, ConfirmReset(login="nobody@example.ma", code="123456", new=NEW_PASSWORD), SOURCE
        )
    assert unknown.value.field_reasons == {"code": EXPIRED_CODE}


def test_five_wrong_codes_void_the_code_even_the_right_one(deps: Deps) -> None:
    body = signed_up(deps)
    resets.request(deps, RequestReset(login=body["email"]), SOURCE)
    code = code_in(sent_emails(), body["email"])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(InvalidInput) as refused:
            resets.confirm(
                deps, ConfirmReset(login=body["email"], code=wrong, new=NEW_PASSWORD), SOURCE
            )
        assert refused.value.field_reasons == {"code": WRONG_CODE}
        assert f"{left} tries left" in refused.value.fields["code"]
    with pytest.raises(InvalidInput) as spent:
        resets.confirm(deps, ConfirmReset(login=body["email"], code=code, new=NEW_PASSWORD), SOURCE)
    assert spent.value.field_reasons == {"code": EXPIRED_CODE}
    assert sessions.log_in(deps, LogIn(login=body["email"], password=PASSWORD), SOURCE)  # unchanged


def test_a_code_lasts_fifteen_minutes_and_a_new_request_replaces_it(
    deps: Deps, clock: Clock
) -> None:
    body = signed_up(deps)
    resets.request(deps, RequestReset(login=body["email"]), SOURCE)
    first = code_in(sent_emails(), body["email"])
    clock.advance(minutes=15)
    with pytest.raises(InvalidInput) as late:
        resets.confirm(
            deps, ConfirmReset(login=body["email"], code=first, new=NEW_PASSWORD), SOURCE
        )
    assert late.value.field_reasons == {"code": EXPIRED_CODE}
    resets.request(deps, RequestReset(login=body["email"]), SOURCE)
    second = code_in(sent_emails(), body["email"])
    if second != first:
        with pytest.raises(InvalidInput):
            resets.confirm(
                deps, ConfirmReset(login=body["email"], code=first, new=NEW_PASSWORD), SOURCE
            )
    clock.advance(minutes=14)
    assert (
        resets.confirm(
            deps, ConfirmReset(login=body["email"], code=second, new=NEW_PASSWORD), SOURCE
        )
        == 0
    )


def test_a_guessable_new_password_keeps_the_code_for_another_try(deps: Deps) -> None:
    body = signed_up(deps, name="Khadija Bennani")
    resets.request(deps, RequestReset(login=body["email"]), SOURCE)
    code = code_in(sent_emails(), body["email"])
    with pytest.raises(InvalidInput) as weak:
        resets.confirm(
            deps, ConfirmReset(login=body["email"], code=code, new="khadijabennani1"), SOURCE
        )
    assert "new" in weak.value.fields
    assert (
        resets.confirm(deps, ConfirmReset(login=body["email"], code=code, new=NEW_PASSWORD), SOURCE)
        == 0
    )


def test_reset_requests_are_limited_per_login(deps: Deps) -> None:
    body = signed_up(deps)
    rates = deps.settings.rate_limits | {
        "resets_per_login": dataclasses.replace(
            deps.settings.rate_limits["resets_per_login"], count=2
        )
    }
    few = dataclasses.replace(deps, settings=dataclasses.replace(deps.settings, rate_limits=rates))
    for _ in range(2):
        resets.request(few, RequestReset(login=body["email"]), SOURCE)
    with pytest.raises(RateLimited):
        resets.request(few, RequestReset(login=body["email"]), "198.51.100.7")


def backing_off(deps: Deps) -> Deps:
    rule = Backoff(free=3, first=timedelta(seconds=30), longest=timedelta(minutes=15))
    return dataclasses.replace(
        deps, settings=dataclasses.replace(deps.settings, login_backoff=rule)
    )


def test_wrong_passwords_slow_their_address_down_not_the_owner(deps: Deps, clock: Clock) -> None:
    deps = backing_off(deps)
    body = signed_up(deps)
    wrong, right = (
        LogIn(login=body["email"], password="guess-123"),
        LogIn(login=body["email"], password=PASSWORD),
    )
    guesser, owner = "203.0.113.9", "198.51.100.20"
    for _ in range(3):
        with pytest.raises(Unauthorized):
            sessions.log_in(deps, wrong, guesser)
    for attempt in (wrong, right):  # the fourth try waits, even with the right password
        with pytest.raises(RateLimited) as waiting:
            sessions.log_in(deps, attempt, guesser)
        assert waiting.value.retry_after == timedelta(seconds=30)
    assert sessions.log_in(deps, right, owner).account.email == body["email"]
    clock.advance(seconds=30)
    with pytest.raises(Unauthorized):
        sessions.log_in(deps, wrong, guesser)
    with pytest.raises(RateLimited) as longer:
        sessions.log_in(deps, right, guesser)
    assert longer.value.retry_after == timedelta(seconds=60)  # each failure doubles it


def test_a_right_password_forgets_the_failures(deps: Deps, clock: Clock) -> None:
    deps = backing_off(deps)
    body = signed_up(deps)
    wrong, right = (
        LogIn(login=body["email"], password="guess-123"),
        LogIn(login=body["email"], password=PASSWORD),
    )
    for _ in range(2):
        with pytest.raises(Unauthorized):
            sessions.log_in(deps, wrong, SOURCE)
    assert sessions.log_in(deps, right, SOURCE)
    for _ in range(3):  # three free failures again, not one
        with pytest.raises(Unauthorized):
            sessions.log_in(deps, wrong, SOURCE)
    with pytest.raises(RateLimited):
        sessions.log_in(deps, wrong, SOURCE)
