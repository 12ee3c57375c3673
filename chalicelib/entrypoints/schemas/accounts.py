"""An account, its sessions and passwords, its inbox, alerts, lessons and onboarding."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.domain.account import Account, OrganizerKind, Role
from chalicelib.domain.alerts import Preferences
from chalicelib.domain.catalog import Language
from chalicelib.domain.inbox import InboxItem
from chalicelib.domain.notice_policy import Channel, NoticeSettings
from chalicelib.domain.onboarding import PRACTICE_TENDER_ID, Progress
from chalicelib.domain.profile import completeness, missing_fields
from chalicelib.entrypoints.schemas.caterers import ProfileOut
from chalicelib.entrypoints.schemas.fields import Id, Moment, Out
from chalicelib.entrypoints.wire import utc
from chalicelib.services.lessons import Lesson


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
    organizer_kind: OrganizerKind | None = None
    provinces: list[str] | None = None
    categories: list[str] | None = None

    @staticmethod
    def facts(account: Account) -> dict[str, Any]:
        facts: dict[str, Any] = {
            "id": account.id,
            "role": account.role,
            "name": account.name,
            "email": account.email,
            "phone": account.phone,
            "language": account.language,
            "verified": account.verified,
            "created_at": utc(account.created_at),
        }
        if account.role is Role.ORGANIZER:
            facts["organizer_kind"] = account.organizer_kind
            if account.business_name is not None:
                facts["business_name"] = account.business_name
        elif account.business_name is not None:
            facts |= {
                "business_name": account.business_name,
                "provinces": [p.value for p in account.provinces],
                "categories": [c.value for c in account.categories],
            }
        return facts

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(**cls.facts(account))


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

    @classmethod
    def of(cls, channel: Channel) -> ResetRequestedOut:
        return cls(channel="sms" if channel is Channel.SMS else "email")


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

    @classmethod
    def of(cls, item: InboxItem) -> InboxItemOut:
        return cls(
            id=item.id,
            kind=item.kind,
            tender_id=item.tender_id,
            title=item.title,
            body=item.body,
            created_at=utc(item.created_at),
            read=item.read,
        )


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

    @classmethod
    def of(cls, account: Account) -> MeOut:
        facts = cls.facts(account)
        if account.role is Role.CATERER:
            facts |= ProfileOut.facts(account.profile)
            facts["profile_completeness"] = completeness(account.profile, account.business_name)
            facts["profile_missing"] = missing_fields(account.profile, account.business_name)
        return cls(**facts)


class AlertPreferencesOut(Out):
    """How a caterer hears of matching tenders: SMS, e-mail or the inbox only (``none``),
    at once or in one digest a day at 08:00 (Morocco); never in 22:00–08:00."""

    channel: Literal["sms", "email", "none"]
    digest: bool

    @classmethod
    def of(cls, preferences: Preferences) -> AlertPreferencesOut:
        return cls(channel=preferences.channel.value, digest=preferences.digest)


class NoticeSettingsOut(Out):
    """Every e-mail and SMS Walima sends an account follows these; the inbox has every notice."""

    sms: bool
    email: bool
    quiet_hours: bool = Field(description="hold e-mail and SMS from 22:00 to 08:00 (Morocco)")

    @classmethod
    def of(cls, settings: NoticeSettings) -> NoticeSettingsOut:
        return cls(sms=settings.sms, email=settings.email, quiet_hours=settings.quiet_hours)


class LessonOut(Out):
    slug: str = Field(description="how-tenders-work, winning-proposal or pricing-per-guest")
    language: Language
    title: str
    minutes: int = Field(description="reading time")
    html: str = Field(description="the lesson rendered from Markdown; raw HTML escaped")

    @classmethod
    def of(cls, lesson: Lesson) -> LessonOut:
        return cls(
            slug=lesson.slug,
            language=lesson.language,
            title=lesson.title,
            minutes=lesson.minutes,
            html=lesson.html,
        )


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

    @classmethod
    def of(cls, progress: Progress) -> OnboardingOut:
        return cls(
            steps=[OnboardingStepOut(key=s.key, done=s.done) for s in progress.steps],
            done=progress.done,
            total=progress.total,
            practice_tender_id=PRACTICE_TENDER_ID,
        )
