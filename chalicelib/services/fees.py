"""The service fee: exemptions granted by admins, the fee booked when an award is confirmed,
the ledgers, and the warning a month before an exemption ends."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chalicelib import i18n
from chalicelib.adapters.fees import CatererExemption
from chalicelib.commands import FeesQuery, GiveReason, GrantExemption
from chalicelib.domain import fees
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.errors import Conflict, NotFound
from chalicelib.domain.fees import Exemption, FeeEntry
from chalicelib.domain.money import ZERO, mad
from chalicelib.domain.notices import NoticeKind
from chalicelib.services import notifications
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import compose


@dataclass(frozen=True)
class Ledger:
    items: list[FeeEntry]
    total_fee: Decimal
    next: str | None = None


@dataclass(frozen=True)
class Statement:
    """A caterer's page: the ledger and the exemption (with its reason and programme)."""

    ledger: Ledger
    exemption: Exemption | None


@dataclass(frozen=True)
class Overview:
    """The admins' page: a page of entries, every caterer's total, and who each caterer is."""

    ledger: Ledger
    totals: dict[str, Decimal]
    total: Decimal
    names: dict[str, str]
    reversed: frozenset[str]


def exemption_of(account: Account) -> Exemption | None:
    p = account.profile
    if p.exempt_from is None or p.exempt_until is None:
        return None
    return Exemption(p.exempt_from, p.exempt_until)


def grant_exemption(
    deps: Deps, principal: Principal, caterer_id: str, command: GrantExemption
) -> Exemption:
    """One year without service fees, from now; refused while an exemption is running."""
    principal.require(Role.ADMIN)
    exemption = fees.grant(deps.clock(), command.reason, command.programme)
    if not deps.accounts.grant_exemption(caterer_id, exemption):
        account = deps.accounts.get(caterer_id)  # only to say why (404 if absent)
        if account.role is not Role.CATERER:
            raise NotFound("no caterer with this id")
        raise Conflict("this caterer's exemption is still running")
    return exemption


def my_fees(deps: Deps, principal: Principal) -> Ledger:
    principal.require(Role.CATERER)
    entries = deps.fees.of_caterer(principal.account_id)
    return Ledger(entries, fees.total_fee(entries))


def my_statement(deps: Deps, principal: Principal) -> Statement:
    ledger = my_fees(deps, principal)
    return Statement(ledger, deps.fees.exemption(principal.account_id))


def reverse_fee(deps: Deps, principal: Principal, entry_id: str, command: GiveReason) -> FeeEntry:
    """Cancel a fee entry with a new entry saying why: once per entry, whoever races."""
    principal.require(Role.ADMIN)
    entry = deps.fees.find(entry_id)
    if entry is None:
        raise NotFound("no fee entry with this id")
    reversal = fees.reverse(entry, deps.clock(), command.reason)  # Conflict for a reversal
    if not deps.fees.add_reversal(reversal):
        raise Conflict("this fee entry is already reversed")
    return reversal


def reversals_of_tender_fees(
    deps: Deps, tender_id: str, reason: str, now: datetime
) -> tuple[FeeEntry, ...]:
    """The entries that reverse the fees booked for a tender's contract, in each payee's
    ledger (the caterer's, or every joint member's), but those already reversed (for a
    cancelled contract or a dispute upheld against the caterer)."""
    try:
        payees = deps.contracts.get(tender_id, consistent=True).payees
    except NotFound:
        return ()
    found = []
    for caterer_id, entry_id in zip(payees, fees.fee_entry_ids(tender_id, payees), strict=True):
        entry = deps.fees.entry(caterer_id, entry_id)
        if entry is not None and not deps.fees.entry(caterer_id, fees.reversal_id(entry.entry_id)):
            found.append(fees.reverse(entry, now, reason))
    return tuple(found)


def overview(deps: Deps, principal: Principal, query: FeesQuery) -> Overview:
    """A page of the whole ledger with the totals of the whole ledger, per caterer and overall."""
    ledger = all_fees(deps, principal, query)
    lines = deps.fees.fee_lines()
    totals = fees.totals_by_caterer((caterer, fee) for caterer, fee, _ in lines)
    accounts = deps.accounts.languages_and_contacts(sorted(totals))
    names = {i: a.business_name or a.name for i, a in accounts.items()}
    cancelled = frozenset(r for _, _, r in lines if r is not None)
    return Overview(ledger, totals, mad(sum(totals.values(), ZERO)), names, cancelled)


def caterers_to_exempt(
    deps: Deps, principal: Principal, cursor: str | None, limit: int = 50
) -> tuple[list[CatererExemption], str | None]:
    """Verified caterers with their exemption, for the grant form of ``/admin/caterers``."""
    principal.require(Role.ADMIN)
    return deps.fees.verified_caterers(cursor, limit)


def all_fees(deps: Deps, principal: Principal, query: FeesQuery) -> Ledger:
    """Every caterer's entries, a page at a time; the total is that of the page."""
    principal.require(Role.ADMIN)
    entries, cursor = deps.fees.page(query.cursor, query.limit)
    return Ledger(entries, fees.total_fee(entries), cursor)


CSV_COLUMNS = (
    "created_at",
    "caterer_id",
    "business_name",
    "tender_id",
    "entry_id",
    "kind",
    "amount_mad",
    "rate",
    "fee_mad",
    "exempt",
    "reverses",
    "reason",
)


def fees_csv(deps: Deps, principal: Principal) -> str:
    """The whole ledger as CSV (UTF-8, one line per entry, then a total line)."""
    principal.require(Role.ADMIN)
    entries = deps.fees.everything()
    names = deps.accounts.languages_and_contacts(sorted({e.caterer_id for e in entries}))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        name = names[e.caterer_id].business_name if e.caterer_id in names else ""
        writer.writerow(
            [
                e.created_at.isoformat(),
                e.caterer_id,
                _safe_cell(name or ""),
                e.tender_id,
                e.entry_id,
                e.kind.value,
                f"{e.amount:.2f}",
                str(e.rate),
                f"{e.fee:.2f}",
                "true" if e.exempt else "false",
                e.reverses or "",
                _safe_cell(e.reason),
            ]
        )
    total = f"{fees.total_fee(entries):.2f}"
    writer.writerow(["total", "", "", "", "", "", "", "", total, "", "", ""])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A business name starting with = + - @ would be a formula in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def warn_exemptions_ending(deps: Deps) -> int:
    """Tell each caterer whose exemption ends within 30 days, once (deterministic notice id;
    the caterer leaves the sparse index only after the notice is stored)."""
    now = deps.clock()
    warned = 0
    for caterer_id, warn_at in list(deps.accounts.exemptions_ending(now)):
        account = deps.accounts.get(caterer_id)
        exemption = exemption_of(account)
        if exemption is None:
            continue
        notice_id = f"exemption:{caterer_id}:{exemption.ends_at.isoformat()}:ending"
        values = {"ends": i18n.moment(exemption.ends_at, account.language)}
        kind = NoticeKind.EXEMPTION_ENDING
        deps.inbox.add(compose(account, notice_id, kind, None, values, now))
        deps.accounts.exemption_warned(caterer_id, warn_at)
        notifications.deliver(deps, [(caterer_id, notice_id)])
        warned += 1
    return warned
