"""A new caterer's onboarding: its checklist, and the practice tender it bids on."""

from __future__ import annotations

from chalicelib.domain import onboarding
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.errors import NotFound
from chalicelib.domain.onboarding import PRACTICE_TENDER_ID, Facts, Progress
from chalicelib.domain.profile import missing_fields
from chalicelib.domain.tender import Tender
from chalicelib.domain.verification import VerificationStatus
from chalicelib.services.deps import Deps

SUBMITTED = frozenset({VerificationStatus.PENDING, VerificationStatus.APPROVED})


def practice_tender(deps: Deps) -> Tender:
    """The practice tender, created on first use (put-if-absent on its stable id, so racing
    first uses create one); the embedded default's seed creates it up front."""
    try:
        return deps.tenders.get(PRACTICE_TENDER_ID)
    except NotFound:
        fresh = onboarding.practice_tender(deps.clock())
        deps.tenders.add_practice(fresh, fresh.bid_deadline)  # no history: never public
        return deps.tenders.get(PRACTICE_TENDER_ID, consistent=True)


def progress(deps: Deps, principal: Principal) -> Progress:
    """The caterer's checklist, computed from its account, its verification file and its
    recorded progress (lessons read, practice bid)."""
    principal.require(Role.CATERER)
    account, file = deps.verification.get(principal.account_id)
    facts = Facts(
        profile_missing=tuple(missing_fields(account.profile, account.business_name)),
        menus=len(account.profile.menus),
        learned=deps.learning.learned(account.id),
        # submitted means waiting for an admin or approved; a rejected file is sent again
        verification_submitted=account.verified or file.status in SUBMITTED,
    )
    return onboarding.checklist(facts)
