"""Accounts: organizers post tenders, caterers bid once verified, admins verify."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.catalog import Category, Language, Province
from chalicelib.domain.errors import Forbidden
from chalicelib.domain.profile import Profile


class Role(StrEnum):
    ORGANIZER = "organizer"
    CATERER = "caterer"
    ADMIN = "admin"


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

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.id, self.role, self.verified)


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
