"""The programme's impact, for admins: ``/admin/impact`` (month by month, charts drawn on the
server beside the figures) and ``/admin/impact.csv``."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from chalicelib.domain.account import Role
from chalicelib.domain.impact import ImpactMonth
from chalicelib.entrypoints.api import ApiRouter
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Result, Visit, csv_download
from chalicelib.services import impact

api = ApiRouter()  # the report is the admins' page and its CSV
pages = PageRouter()

CHART_WIDTH = 300


@pages.route("/admin/impact", ["GET"])
def impact_page(visit: Visit) -> Result:
    """Admins: the last 12 months of contracts, shares, fees waived and caterers."""
    principal = visit.acting(Role.ADMIN)
    found = impact.report(visit.deps, principal)
    context = {"report": found, "rows": _rows(found.months), "width": CHART_WIDTH}
    return Html("admin_impact.html", context)


@pages.route("/admin/impact.csv", ["GET"])
def impact_csv_page(visit: Visit) -> Result:
    principal = visit.acting(Role.ADMIN)
    return csv_download(impact.impact_csv(visit.deps, principal), "walima-impact.csv")


def _scale(values: list[Decimal]) -> Decimal:
    """The chart's right end: the largest value rounded up (at least 1)."""
    top = max(values, default=Decimal(1)) or Decimal(1)
    step = Decimal(10) ** max(len(str(int(top))) - 1, 0)
    return (top / step).to_integral_value(ROUND_CEILING) * step


def _rows(months: list[ImpactMonth]) -> list[dict[str, Any]]:
    """Each month's bars on one scale per chart: the amount contracted (with the exemption
    beneficiaries' part), and the caterers onboarded, verified and winning a first time."""
    money = _scale([m.contracted_mad for m in months])
    people = _scale([Decimal(max(m.onboarded, m.verified, m.first_wins)) for m in months])

    def x(value: Decimal | int, end: Decimal) -> float:
        return round(float(Decimal(value) / end) * CHART_WIDTH, 1)

    return [
        {
            "month": m,
            "contracted": x(m.contracted_mad, money),
            "exempt": x(m.exempt_contracted_mad, money),
            "onboarded": x(m.onboarded, people),
            "verified": x(m.verified, people),
            "first_wins": x(m.first_wins, people),
        }
        for m in months
    ]
