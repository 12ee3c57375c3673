"""The programme's impact for admins: the last 12 months, as a report and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from chalicelib.domain.account import Principal, Role
from chalicelib.domain.impact import ImpactMonth, total
from chalicelib.domain.insights import months_back
from chalicelib.services.deps import Deps

CSV_COLUMNS = (
    "month",
    "contracted_mad",
    "exempt_contracted_mad",
    "women_mad",
    "women_share_percent",
    "isolated_mad",
    "isolated_share_percent",
    "fees_waived_mad",
    "caterers_onboarded",
    "caterers_verified",
    "caterers_first_win",
)


@dataclass(frozen=True)
class ImpactReport:
    months: list[ImpactMonth]  # oldest first
    total: ImpactMonth


def report(deps: Deps, principal: Principal) -> ImpactReport:
    principal.require(Role.ADMIN)
    months = deps.impact.months(list(reversed(months_back(deps.clock()))))
    return ImpactReport(months, total(months))


def _share(value: object) -> str:
    return "" if value is None else str(value)


def impact_csv(deps: Deps, principal: Principal) -> str:
    """One line per month, oldest first, then the total line (UTF-8, CRLF)."""
    found = report(deps, principal)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for m in [*found.months, found.total]:
        writer.writerow(
            [
                m.month,
                f"{m.contracted_mad:.2f}",
                f"{m.exempt_contracted_mad:.2f}",
                f"{m.women_mad:.2f}",
                _share(m.women_share),
                f"{m.isolated_mad:.2f}",
                _share(m.isolated_share),
                f"{m.fees_waived_mad:.2f}",
                m.onboarded,
                m.verified,
                m.first_wins,
            ]
        )
    return out.getvalue()
