"""OCDS 1.1 releases of a tender's public steps, built from the state at that step.

Each release is written with its step (``domain/history.py``) and never rebuilt; its ``ocid``,
``id`` and ``date`` are stamped from the step when it is read (``stamped``). Walima's own
statuses go in ``statusDetails``, amounts in MAD as ``value``, the province as the items'
delivery region (the location extension), the bids after the award as the bid extension's
``bids.details``, a products tender's lot as ``tender.lots`` with its items' ``relatedLot`` (the
lots extension).

Privacy: an individual organizer (a family) is published as one generic buyer, with no name,
phone or e-mail; associations, companies and communes by name. The winner is published by its
business name. Losing bids' amounts are published once the tender is awarded, never before;
their caterers by name only when they are cooperatives, individual caterers without identity.
No release carries a phone number or an e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain.account import Account, OrganizerKind
from chalicelib.domain.catalog import Language
from chalicelib.domain.contract import Contract, Milestone
from chalicelib.domain.history import Release
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.morocco import name
from chalicelib.domain.profile import CatererKind
from chalicelib.domain.ranking import AwardCriteria, Ranked
from chalicelib.domain.tender import BidMode, Tender

VERSION = "1.1"
EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
)
PRIVATE_BUYER_ID = "private-buyer"
PRIVATE_BUYER_NAME = "Private buyer (an individual)"

# Walima's status → the closed tenderStatus codelist
TENDER_STATUS = {
    TenderStatus.DRAFT: "planning",
    TenderStatus.OPEN: "active",
    TenderStatus.CLOSED: "active",
    TenderStatus.AWARDED: "complete",
    TenderStatus.CONTRACTED: "complete",
    TenderStatus.COMPLETED: "complete",
    TenderStatus.UNSUCCESSFUL: "unsuccessful",
    TenderStatus.CANCELLED: "cancelled",
}


@dataclass(frozen=True)
class Organization:
    """A party as it is published: an id that is stable across releases, and a name."""

    id: str
    name: str

    @property
    def reference(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}

    def party(self, *roles: str, region: str | None = None) -> dict[str, Any]:
        party: dict[str, Any] = {**self.reference, "roles": list(roles)}
        if region is not None:
            party["address"] = {"region": region, "countryName": "Morocco"}
        return party


def buyer(organizer: Account) -> Organization:
    if organizer.organizer_kind is OrganizerKind.INDIVIDUAL:
        return Organization(PRIVATE_BUYER_ID, PRIVATE_BUYER_NAME)
    return Organization(f"organizer-{organizer.id}", organizer.business_name or organizer.name)


def caterer_id(account_id: str) -> str:
    return f"caterer-{account_id}"


def supplier(caterer: Account) -> Organization:
    return Organization(caterer_id(caterer.id), caterer.business_name or caterer.name)


def tenderer(caterer: Account) -> Organization | None:
    """A losing bid's caterer, by name when a cooperative; an individual stays anonymous."""
    return supplier(caterer) if caterer.profile.kind is CatererKind.COOPERATIVE else None


def value(amount: Decimal) -> dict[str, Any]:
    return {"amount": float(amount), "currency": "MAD"}


def when(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def region(tender: Tender) -> str:
    """Where the tender is held or delivered: its province, else its region."""
    d = tender.draft
    return name(d.province or d.region, Language.EN)


def award_id(tender: Tender, index: int) -> str:
    return f"{tender.id}-award-{index}"


def contract_id(tender: Tender) -> str:
    return f"{tender.id}-contract"


def _tender_part(tender: Tender, status: TenderStatus) -> dict[str, Any]:
    """The tender's status after the step: OCDS's code, and Walima's own in the details."""
    return {"id": tender.id, "status": TENDER_STATUS[status], "statusDetails": status.value}


def _items(tender: Tender) -> list[dict[str, Any]]:
    """A meal's dishes for its guests; a lot's items in their units (the lots extension)."""
    address = {"region": region(tender), "countryName": "Morocco"}
    lot = tender.lot
    if lot is None:
        return [
            {
                "id": str(number),
                "description": dish,
                "quantity": tender.draft.guests,
                "unit": {"name": "guest"},
                "deliveryAddress": address,
            }
            for number, dish in enumerate(tender.draft.menu, start=1)
        ]
    return [
        {
            "id": str(number),
            "description": item.name,
            "quantity": float(item.quantity),
            "unit": {"name": item.unit.value},
            "deliveryAddress": address,
            "relatedLot": lot.id,
        }
        for number, item in enumerate(lot.items, start=1)
    ]


def _full_tender(tender: Tender, buyer_org: Organization | None) -> dict[str, Any]:
    d = tender.draft
    lot = tender.lot
    meal = lot is None
    part = {
        **_tender_part(tender, TenderStatus.OPEN),
        "title": d.title,
        "description": f"{d.event_type.value}, {d.service_style.value}, {d.event_date.isoformat()}",
        "items": _items(tender),
        "procurementMethod": "open",
        "procurementMethodDetails": "sealed bids" if d.mode is BidMode.SEALED else "open auction",
        "mainProcurementCategory": "services" if meal else "goods",
        "awardCriteria": "priceOnly"
        if d.award_criteria is AwardCriteria.PRICE
        else "ratedCriteria",
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": when(tender.created_at),
            "endDate": when(tender.bid_deadline),
        },
        "enquiryPeriod": {"endDate": when(tender.questions_deadline)},
        "contractPeriod": {"startDate": d.event_date.isoformat() + "T00:00:00Z"},
    }
    if d.budget_max is not None:
        part["value"] = value(d.budget_max)
    if lot is not None:
        part["lots"] = [{"id": lot.id, "title": lot.title, "status": "active"}]
    if buyer_org is not None:
        part["procuringEntity"] = buyer_org.reference
    return part


def posted(tender: Tender, buyer_org: Organization) -> Release:
    return {
        "tag": ["tender"],
        "buyer": buyer_org.reference,
        "parties": [buyer_org.party("buyer", "procuringEntity", region=region(tender))],
        "tender": _full_tender(tender, buyer_org),
    }


def deadline_extended(tender: Tender) -> Release:
    return {"tag": ["tenderUpdate"], "tender": _full_tender(tender, None)}


def closed(tender: Tender) -> Release:
    part = _tender_part(tender, TenderStatus.CLOSED)
    return {
        "tag": ["tenderUpdate"],
        "tender": {**part, "numberOfTenderers": len(tender.bidder_ids)},
    }


def cancelled(tender: Tender) -> Release:
    return {"tag": ["tenderCancellation"], "tender": _tender_part(tender, TenderStatus.CANCELLED)}


def unsuccessful(tender: Tender) -> Release:
    return {"tag": ["tenderUpdate"], "tender": _tender_part(tender, TenderStatus.UNSUCCESSFUL)}


def _award(tender: Tender, index: int, ranked: Ranked, org: Organization) -> dict[str, Any]:
    return {
        "id": award_id(tender, index),
        "status": "pending",
        "statusDetails": "awaiting the caterer's confirmation",
        "value": value(ranked.amount),
        "suppliers": [org.reference],
        **({"relatedLots": [tender.lot.id]} if tender.lot else {}),
    }


def awarded(
    tender: Tender,
    ranking: list[Ranked],
    at: datetime,
    published: dict[str, Organization | None],
    winner: Organization,
) -> Release:
    """The first award, with every ranked bid's amount (the bids are public from now on);
    ``published`` maps each bidder to its published organization, or None (anonymous)."""
    named = {c: org for c, org in published.items() if org is not None}
    parties = [
        org.party(*(["tenderer", "supplier"] if org == winner else ["tenderer"]))
        for org in dict.fromkeys([winner, *named.values()])
    ]
    details = []
    for r in ranking:
        bid: dict[str, Any] = {
            "id": r.bid_id,
            "date": when(r.submitted_at),
            "status": "valid",
            "value": value(r.amount),
        }
        org = winner if r.caterer_id == ranking[0].caterer_id else named.get(r.caterer_id)
        if org is not None:
            bid["tenderers"] = [org.reference]
        details.append(bid)
    award = {**_award(tender, 0, ranking[0], winner), "date": when(at)}
    return {
        "tag": ["award"],
        "parties": parties,
        "tender": {**_tender_part(tender, TenderStatus.AWARDED), "numberOfTenderers": len(ranking)},
        "awards": [award],
        "bids": {"details": details},
    }


def award_passed(
    tender: Tender, at: datetime, outcome: str, following: Organization | None
) -> Release:
    """The current award ends (``outcome``: declined, rejected, lapsed) and the runner-up's
    begins (``following`` is its caterer), or the tender ends unsuccessful when none remains."""
    index = tender.award_index
    awards: list[dict[str, Any]] = [
        {"id": award_id(tender, index), "status": "cancelled", "statusDetails": outcome}
    ]
    ranked = tender.runner_up()
    after = TenderStatus.AWARDED if ranked else TenderStatus.UNSUCCESSFUL
    release: Release = {
        "tag": ["awardUpdate"],
        "tender": _tender_part(tender, after),
        "awards": awards,
    }
    if ranked is not None and following is not None:
        awards.append({**_award(tender, index + 1, ranked, following), "date": when(at)})
        release["parties"] = [following.party("tenderer", "supplier")]
    return release


def contracted(tender: Tender, contract: Contract) -> Release:
    return {
        "tag": ["contract"],
        "tender": _tender_part(tender, TenderStatus.CONTRACTED),
        "awards": [{"id": award_id(tender, tender.award_index), "status": "active"}],
        "contracts": [
            {
                "id": contract_id(tender),
                "awardID": award_id(tender, tender.award_index),
                "status": "active",
                "statusDetails": "contracted",
                "value": value(contract.amount),
                "dateSigned": when(contract.created_at),
                "period": {
                    "startDate": contract.terms.event_date.isoformat() + "T00:00:00Z",
                },
            }
        ],
    }


def paid(tender: Tender, milestone: Milestone, at: datetime, parties: tuple[str, str]) -> Release:
    """A deposit or balance the caterer received; ``parties`` are the payer's and payee's ids."""
    transaction = {
        "id": f"{tender.id}-{milestone.kind.value}",
        "date": when(at),
        "value": value(milestone.amount),
        "payer": {"id": parties[0]},
        "payee": {"id": parties[1]},
    }
    return {
        "tag": ["implementation"],
        "contracts": [
            {
                "id": contract_id(tender),
                "awardID": award_id(tender, tender.award_index),
                "implementation": {"transactions": [transaction]},
            }
        ],
    }


CONTRACT_ENDS = {
    "delivered": ("implementation", TenderStatus.COMPLETED),
    "completed": ("contractUpdate", TenderStatus.COMPLETED),
    "cancelled": ("contractTermination", TenderStatus.CANCELLED),
}


def contract_ended(tender: Tender, details: str) -> Release:
    """Completed (``delivered`` by the code, or ``completed`` by the calendar) or
    ``cancelled`` by one party: the tender process itself stays complete."""
    tag, after = CONTRACT_ENDS[details]
    return {
        "tag": [tag],
        "tender": {"id": tender.id, "status": "complete", "statusDetails": after.value},
        "contracts": [
            {
                "id": contract_id(tender),
                "awardID": award_id(tender, tender.award_index),
                "status": "terminated",
                "statusDetails": details,
            }
        ],
    }


def stamped(prefix: str, tender_id: str, seq: int, at: datetime, release: Release) -> Release:
    """The release as published: its ocid (the stage's prefix and the tender), its id and
    date (the step's number and moment), and what was written."""
    ocid = f"{prefix}-{tender_id}"
    return {
        "ocid": ocid,
        "id": f"{ocid}-{seq:03d}",
        "date": when(at),
        "initiationType": "tender",
        **release,
    }


PUBLISHER = {"name": "Walima", "uri": "https://walima.ma"}


def _package(uri: str, published: datetime) -> dict[str, Any]:
    """What a release package and a record package both say about themselves."""
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": list(EXTENSIONS),
        "publishedDate": when(published),
        "publisher": PUBLISHER,
    }


def release_package(uri: str, published: datetime, releases: list[Release]) -> dict[str, Any]:
    return _package(uri, published) | {"releases": releases}


def record_package(
    uri: str, published: datetime, releases: list[Release], compiled: Release
) -> dict[str, Any]:
    """One record: every release of the tender and the compiled release merged from them."""
    record = {"ocid": compiled["ocid"], "releases": releases, "compiledRelease": compiled}
    return _package(uri, published) | {"records": [record]}


# The release schema's merge rules (OCDS 1.1.5), which ``tests/unit/test_ocds_merge.py`` keeps
# equal to what ``ocdsmerge`` reads from the official schema.
OMITTED = frozenset({("id",), ("date",), ("tag",)})
WHOLE_LISTS = frozenset(
    {
        ("parties", "additionalIdentifiers"),
        ("parties", "roles"),
        ("buyer", "additionalIdentifiers"),
        ("tender", "procuringEntity", "additionalIdentifiers"),
        ("tender", "items", "additionalClassifications"),
        ("tender", "additionalProcurementCategories"),
        ("tender", "submissionMethod"),
        ("tender", "tenderers", "additionalIdentifiers"),
        ("tender", "amendments", "changes"),
        ("tender", "amendment", "changes"),
        ("awards", "suppliers", "additionalIdentifiers"),
        ("awards", "items", "additionalClassifications"),
        ("awards", "amendments", "changes"),
        ("awards", "amendment", "changes"),
        ("contracts", "items", "additionalClassifications"),
        ("contracts", "implementation", "transactions", "payer", "additionalIdentifiers"),
        ("contracts", "implementation", "transactions", "payee", "additionalIdentifiers"),
        ("contracts", "relatedProcesses", "relationship"),
        ("contracts", "amendments", "changes"),
        ("contracts", "amendment", "changes"),
        ("relatedProcesses", "relationship"),
    }
)


def compiled(releases: list[Release]) -> Release:
    """The compiled release: OCDS's merge (oldest first by date; objects merged field by
    field, arrays of objects by ``id``, other arrays and values replaced, null removes),
    as the reference library ``ocdsmerge`` does it; tested equal to it."""
    merged: Release = {"tag": ["compiled"]}
    for release in sorted(releases, key=lambda r: r["date"]):
        merged["id"] = f"{release.get('ocid')}-{release['date']}"
        merged["date"] = release["date"]
        merged["ocid"] = release.get("ocid")
        body = {k: v for k, v in release.items() if (k,) not in OMITTED}
        _merge_into(merged, body, ())
    result: Release = _without_nulls(merged, ())
    return result


def _whole(path: tuple[str, ...], value: Any) -> bool:
    if path in WHOLE_LISTS or not isinstance(value, dict | list):
        return True
    return isinstance(value, list) and any(not isinstance(item, dict) for item in value)


def _merge_into(target: dict[str, Any], source: dict[str, Any], path: tuple[str, ...]) -> None:
    for key, value in source.items():
        here = (*path, key)
        if _whole(here, value):
            target[key] = value
        elif isinstance(value, dict):
            node = target[key] if isinstance(target.get(key), dict) else {}
            _merge_into(node, value, here)
            if node:  # a node exists once something was written in it, as in ocdsmerge
                target[key] = node
        else:  # an array of objects: each merged into the one with its id
            items = target[key] if isinstance(target.get(key), list) else []
            for item in value:
                same = [x for x in items if "id" in item and x.get("id") == item["id"]]
                node = same[0] if same else ({"id": item["id"]} if "id" in item else {})
                _merge_into(node, item, here)
                if node and not same:
                    items.append(node)
            if items:
                target[key] = items


def _without_nulls(value: Any, path: tuple[str, ...]) -> Any:
    """A field set to null by the latest release that sets it is left out; replaced values
    (literals, whole arrays) are kept as they came."""
    if isinstance(value, dict):
        return {k: _without_nulls(v, (*path, k)) for k, v in value.items() if v is not None}
    if isinstance(value, list) and not _whole(path, value):
        return [_without_nulls(item, path) for item in value]
    return value
