"""A caterer's public profile: what buyers see, its badges, and how complete it is.

Pure: the exemption badge needs the time, which comes in as an argument. Contact details are
not part of the profile at all, so no view of it can leak them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

from chalicelib.domain.catalog import Dietary


class CatererKind(StrEnum):
    TRAITEUR = "traiteur"
    COOPERATIVE = "cooperative"
    ARTISAN = "artisan"
    PASTRY = "pastry"


@dataclass(frozen=True)
class SampleMenu:
    name: str
    price_per_guest: Decimal
    dishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The caterer-only part of an account (all empty for organizers and admins)."""

    kind: CatererKind | None = None
    specialities: tuple[str, ...] = ()
    capacity: int | None = None
    dietary: tuple[Dietary, ...] = ()
    menus: tuple[SampleMenu, ...] = ()
    women_led: bool = False
    about: str = ""
    reviews: int = 0
    stars_total: int = 0
    completed_events: int = 0
    exempt_from: datetime | None = None
    exempt_until: datetime | None = None
    first_won_at: datetime | None = None  # when its first contract was confirmed
    joint_wins: int = 0  # contracts won in a joint bid with other cooperatives
    photos: tuple[str, ...] = ()  # S3 keys of the caterer's own uploads, in its order

    def exempt_at(self, moment: datetime) -> bool:
        if self.exempt_from is None or self.exempt_until is None:
            return False
        return self.exempt_from <= moment < self.exempt_until


MAX_PHOTOS = 6


def photo_at(profile: Profile, number: int) -> str | None:
    """The key of photo ``number`` (1 is the first), or None when there is no such photo."""
    return profile.photos[number - 1] if 1 <= number <= len(profile.photos) else None


# What a complete profile has, in the order the owner is asked to fill it in.
COMPLETENESS_FIELDS = ("kind", "specialities", "capacity", "dietary", "menus", "about")


def missing_fields(profile: Profile, business_name: str | None) -> list[str]:
    missing = [] if business_name else ["business_name"]
    return missing + [name for name in COMPLETENESS_FIELDS if not getattr(profile, name)]


def completeness(profile: Profile, business_name: str | None) -> int:
    """Percent of the profile filled in (business name plus ``COMPLETENESS_FIELDS``)."""
    total = len(COMPLETENESS_FIELDS) + 1
    return (total - len(missing_fields(profile, business_name))) * 100 // total


Badge = Literal["verified", "cooperative", "women-led", "fee-exempt"]


def badges(profile: Profile, verified: bool, now: datetime) -> list[Badge]:
    found: list[Badge] = ["verified"] if verified else []
    found += ["cooperative"] if profile.kind is CatererKind.COOPERATIVE else []
    found += ["women-led"] if profile.women_led else []
    found += ["fee-exempt"] if profile.exempt_at(now) else []
    return found


def rating(reviews: int, stars_total: int) -> Decimal | None:
    """The plain average of stars, one decimal; None until a first review."""
    if reviews <= 0:
        return None
    return (Decimal(stars_total) / reviews).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
