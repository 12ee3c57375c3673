"""Accounts: organizers post tenders, caterers bid once verified, admins verify."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib.domain.catalog import Category, Language, Province
from chalicelib.domain.codes import tries_left
from chalicelib.domain.errors import Forbidden
from chalicelib.domain.notice_policy import Channel, NoticeSettings, Reach, message_reach, reach
from chalicelib.domain.profile import Profile


class Role(StrEnum):
    ORGANIZER = "organizer"
    CATERER = "caterer"
    ADMIN = "admin"


class OrganizerKind(StrEnum):
    """Who posts: a person or family is kept private in the open data, organizations are not."""

    INDIVIDUAL = "individual"
    ASSOCIATION = "association"
    COMPANY = "company"
    COMMUNE = "commune"


RESET_LIFETIME = timedelta(minutes=15)


@dataclass(frozen=True)
class PasswordReset:
    """A reset code on its way to the account's phone or e-mail, kept only as a keyed digest:
    good for ``RESET_LIFETIME`` and five wrong tries; a new request replaces it."""

    digest: str
    expires_at: datetime
    wrong_codes: int = 0

    def usable(self, now: datetime) -> bool:
        return now < self.expires_at and self.tries_left > 0

    @property
    def tries_left(self) -> int:
        return tries_left(self.wrong_codes)


@dataclass(frozen=True)
class Account:
    id: str
    role: Role
    name: str
    email: str
    phone: str
    language: Language
    created_at: datetime
    verified: bool = False
    business_name: str | None = None
    provinces: tuple[Province, ...] = field(default_factory=tuple)
    categories: tuple[Category, ...] = field(default_factory=tuple)
    profile: Profile = field(default_factory=Profile)
    # when it cancelled a contract late, or lost a dispute (counted the same): shown to others
    late_cancellations: tuple[datetime, ...] = ()
    password_reset: PasswordReset | None = None
    notices: NoticeSettings = field(default_factory=NoticeSettings)
    organizer_kind: OrganizerKind = OrganizerKind.INDIVIDUAL

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.id, self.role, self.verified)

    def reach(self, now: datetime, only: Channel | None = None) -> Reach:
        """How a notice decided at ``now`` reaches this account beyond its inbox."""
        return reach(self.notices, self.email, self.phone, now, only)

    def message_reach(self, now: datetime, told_at: datetime | None) -> Reach:
        """A thread's new message, to this account last told about it at ``told_at``."""
        return message_reach(self.notices, self.email, self.phone, now, told_at)


@dataclass(frozen=True)
class Viewer:
    """Who looks at a tender, as its rules need to know them."""

    account_id: str
    role: Role
    verified: bool = False


@dataclass(frozen=True)
class Principal:
    """Who is calling, as proven by a signed token: enough to authorise without a read.
    ``session_id`` names the token's session (empty for work no token started: the seed)."""

    account_id: str
    role: Role
    session_id: str = ""

    def require(self, *roles: Role) -> Principal:
        if self.role not in roles:
            raise Forbidden(f"only {' or '.join(roles)} accounts may do this")
        return self
