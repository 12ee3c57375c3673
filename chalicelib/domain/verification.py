"""Verifying caterers: the business number they give, and the states of their file.

States: not submitted → pending → approved | rejected (with a reason) → (submit again) pending.
An admin may also approve a caterer who submitted nothing (checked by phone or in person, as
before this file existed: ``POST /api/caterers/{id}/verification`` with no body). Pure: the
storage turns each transition into a conditional write on ``FROM`` below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.errors import InvalidInput

REASON_MAX = 500
SEPARATORS = re.compile(r"[\s.\-]")
COOPERATIVE = re.compile(r"^(?P<number>[0-9]{1,7})(?:/(?P<year>(?:19|20)[0-9]{2}))?$")


class VerificationStatus(StrEnum):
    NOT_SUBMITTED = "not_submitted"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class NumberKind(StrEnum):
    ICE = "ice"
    COOPERATIVE = "cooperative_number"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


# The states each move may start from (the storage's write conditions).
SUBMIT_FROM = frozenset({VerificationStatus.NOT_SUBMITTED, VerificationStatus.REJECTED})
DECIDE_FROM: dict[Decision, frozenset[VerificationStatus]] = {
    Decision.APPROVE: frozenset({VerificationStatus.NOT_SUBMITTED, VerificationStatus.PENDING}),
    Decision.REJECT: frozenset({VerificationStatus.PENDING}),
}


@dataclass(frozen=True)
class BusinessNumber:
    kind: NumberKind
    value: str


@dataclass(frozen=True)
class Verification:
    status: VerificationStatus
    number: BusinessNumber | None = None
    document_key: str | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    round: int = 0  # how many times the caterer submitted (a notice per decision per round)


def ice_check_digits(first_13: str) -> str:
    """The two control digits that make a 15-digit ICE a multiple of 97."""
    return f"{(-int(first_13) * 100) % 97:02d}"


def parse_ice(raw: str) -> str:
    """An ICE (Identifiant Commun de l'Entreprise): 15 digits — 9 for the enterprise, 4 for
    the establishment, 2 control digits — spaces, dots and dashes ignored.

    The control rule is not published by the OMPIC/DGI; the one checked here is the one
    python-stdnum documents and tests against real ICEs (``stdnum.ma.ice``): the 15-digit
    number is a multiple of 97 (ISO 7064 mod 97 style), e.g. 001561191000066.
    """
    ice = SEPARATORS.sub("", raw)
    if not (len(ice) == 15 and ice.isascii() and ice.isdigit()):
        raise InvalidInput("not an ICE", {"ice": "an ICE has exactly 15 digits"})
    if ice[13:] != ice_check_digits(ice[:13]):
        raise InvalidInput("not an ICE", {"ice": "this ICE's control digits are wrong"})
    return ice


def parse_cooperative_number(raw: str) -> str:
    """A cooperative's registration number in the register the ODCO (Office du Développement
    de la Coopération) keeps: there is no published national format, so Walima takes the
    number as printed on the registration certificate — 1 to 7 digits, optionally ``/`` and
    the 4-digit year of registration (``1234/2019``); spaces are ignored, leading zeros kept."""
    number = re.sub(r"\s", "", raw)
    if not COOPERATIVE.match(number):
        raise InvalidInput(
            "not a cooperative number",
            {"cooperative_number": "1 to 7 digits, optionally / and the year, e.g. 1234/2019"},
        )
    return number


def business_number(ice: str | None, cooperative_number: str | None) -> BusinessNumber:
    """Exactly one of the two numbers, checked."""
    if bool(ice) == bool(cooperative_number):
        message = "give your ICE or your cooperative number (one of them)"
        raise InvalidInput(message, {"ice": message})
    if ice:
        return BusinessNumber(NumberKind.ICE, parse_ice(ice))
    return BusinessNumber(
        NumberKind.COOPERATIVE, parse_cooperative_number(cooperative_number or "")
    )


def rejection_reason(decision: Decision, reason: str | None) -> str | None:
    """A rejection says why (1 to 500 characters); an approval carries no reason."""
    if decision is Decision.APPROVE:
        return None
    text = (reason or "").strip()
    if not 1 <= len(text) <= REASON_MAX:
        raise InvalidInput(
            "a rejection needs a reason",
            {"reason": f"from 1 to {REASON_MAX} characters"},
        )
    return text
