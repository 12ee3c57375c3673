"""contract-pdf: milliseconds to render the first Arabic contract PDF in a fresh process (the
PDF library, the shaper and the font are imported lazily, so only the first contract of a
Lambda container pays for them), beside the next one and the file's size.

The contract is drawn up by the domain from a contracted tender, as the route does; the figure
measures the renderer alone (no storage), which is what the library adds to a request.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.common import Result, Target, fmt, run_figure

TARGET = Target("contract-pdf", "<=", 1500)


def measure() -> Result:
    from chalicelib.domain.bid import Award
    from chalicelib.domain.catalog import Dietary, EventType, Language, Province, ServiceStyle
    from chalicelib.domain.contract import Party, Side, draw_up
    from chalicelib.domain.lifecycle import TenderStatus
    from chalicelib.domain.tender import BidMode, Tender, TenderDraft
    from chalicelib.entrypoints.contract_pdf import contract_pdf
    from chalicelib.services.contracts import Deal

    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    draft = TenderDraft(
        title="حفل زفاف في تارودانت",
        event_type=EventType.WEDDING,
        event_date=date(2026, 12, 31),
        province=Province.TAROUDANT,
        venue="قاعة الأفراح Dar Salam",
        guests=200,
        menu=("طاجين", "pastilla", "méchoui"),
        dietary=(Dietary.HALAL,),
        service_style=ServiceStyle.BUFFET,
        mode=BidMode.SEALED,
        bid_deadline=now - timedelta(days=1),
    )
    tender = Tender(
        "t1",
        "o1",
        draft,
        TenderStatus.CONTRACTED,
        now - timedelta(days=3),
        draft.bid_deadline,
        draft.bid_deadline - timedelta(hours=1),
        award=Award("b1", "c1", Decimal("60000.00")),
    )
    parties = (
        Party("o1", "فاطمة أمراني", "+212611223344", "fatima@example.ma"),
        Party("c1", "Dar", "+212622334455", "dar@example.ma", "تعاونية دار تارودانت"),
    )
    deal = Deal(
        tender, draw_up(tender, "قائمة كاملة، 8 نادلين", parties, "123456", now), Side.CATERER
    )
    started = time.perf_counter()
    first = contract_pdf(deal, Language.AR)
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    contract_pdf(deal, Language.AR)
    next_ms = (time.perf_counter() - started) * 1000
    shown = f"{fmt(first_ms, 0)} ms first (then {fmt(next_ms, 0)} ms, {len(first) // 1024} KB)"
    return Result(first_ms, shown)


if __name__ == "__main__":
    raise SystemExit(run_figure(TARGET, measure))
