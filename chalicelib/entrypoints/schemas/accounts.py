"""An account, its sessions and passwords, its inbox, alerts, lessons and onboarding."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.domain.account import Role
from chalicelib.domain.catalog import Language
from chalicelib.entrypoints.schemas.fields import Id, Moment, Out


class AccountOut(Out):
    """Never the password or its hash."""

    id: Id
    role: Role
    name: str
    email: str
    phone: str
    language: Language
    verified: bool
    created_at: Moment
    business_name: str | None = None
    provinces: list[str] | None = None
    categories: list[str] | None = None


class SessionOut(Out):
    token: str
    account: AccountOut


class PasswordChangedOut(Out):
    other_sessions_ended: int = Field(ge=0, description="the account's other sessions, now 401")


class ResetRequestedOut(Out):
    channel: Literal["sms", "email"] = Field(
        description="where the code goes if the login is an account's (the answer is the same"
        " whether it is or not)"
    )


class PasswordResetOut(Out):
    sessions_ended: int = Field(ge=0, description="every session of the account, now 401")


class InboxItemOut(Out):
    id: str
    kind: str
    tender_id: Id | None
    title: str
    body: str
    created_at: Moment
    read: bool


class InboxPage(Out):
    items: list[InboxItemOut]
    next: str | None


class MeOut(AccountOut):
    """One's own account; caterers also get their profile and its completeness (0–100)."""

    profile_completeness: int | None = Field(default=None, ge=0, le=100)
    profile_missing: list[str] | None = None
    photos: list[str] | None = Field(
        default=None, description="caterers: the photos' storage keys; DELETE by position"
    )


class AlertPreferencesOut(Out):
    """How a caterer hears of matching tenders: SMS, e-mail or the inbox only (``none``),
    at once or in one digest a day at 08:00 (Morocco); never in 22:00–08:00."""

    channel: Literal["sms", "email", "none"]
    digest: bool


class LessonOut(Out):
    slug: str = Field(description="how-tenders-work, winning-proposal or pricing-per-guest")
    language: Language
    title: str
    minutes: int = Field(description="reading time")
    html: str = Field(description="the lesson rendered from Markdown; raw HTML escaped")


class LessonPage(Out):
    items: list[LessonOut]
    next: str | None = None


class OnboardingStepOut(Out):
    key: str = Field(description='"profile", "menu", "lesson:<slug>", "practice-bid"…')
    done: bool


class OnboardingOut(Out):
    steps: list[OnboardingStepOut]
    done: int
    total: int
    practice_tender_id: str  # where the practice bid goes (GET it, then bid as on any tender)
