"""The programme's monthly figures: the actions that add to a month (put in the writes that
make each figure) and the report's one batch read."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pynamodb.expressions.update import Action

from chalicelib.adapters.models import ImpactModel
from chalicelib.domain.impact import AMOUNTS, COUNTS, Contribution, ImpactMonth
from chalicelib.domain.insights import month_of
from chalicelib.domain.money import ZERO, mad


def month_item(at: datetime) -> ImpactModel:
    return ImpactModel(month=month_of(at))


def contributed(contribution: Contribution) -> list[Action]:
    """``ADD`` each figure a contract adds (those that are not zero)."""
    figures = asdict(contribution).items()
    return [getattr(ImpactModel, name).add(value) for name, value in figures if value]


def counted(name: str) -> list[Action]:
    """One more caterer onboarded, verified…"""
    return [getattr(ImpactModel, name).add(1)]


def _month(item: ImpactModel) -> ImpactMonth:
    figures: dict[str, Any] = {
        **{n: mad(getattr(item, n) or ZERO) for n in AMOUNTS},
        **{n: int(getattr(item, n) or 0) for n in COUNTS},
    }
    return ImpactMonth(item.month, **figures)


class ImpactRepository:
    def months(self, months: list[str]) -> list[ImpactMonth]:
        """The months asked, in that order, in one ``BatchGetItem`` (a month with nothing yet
        is all zeros)."""
        found = {i.month: _month(i) for i in ImpactModel.batch_get(months)}
        return [found.get(m, ImpactMonth(m)) for m in months]
