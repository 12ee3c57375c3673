"""Demo data for a first ``make run``: an organizer, verified caterers across the provinces,
tenders open and closed — all made through the services, as users would make them.

Closed tenders are posted and bid on "yesterday" (the services take their clock as a port),
and the local scheduler then closes them for real on start.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from chalicelib.adapters.aws import client
from chalicelib.commands import PlaceBid, PostTender, SignUp, SubmitVerification
from chalicelib.domain import uploads
from chalicelib.domain.account import Account, Principal
from chalicelib.domain.uploads import UploadPurpose
from chalicelib.services import accounts, alerts, bidding, onboarding, tenders, verification
from chalicelib.services.deps import Deps

# The "address" the seed counts its sign-ups and bids against (it comes through no door).
SEED = "seed"

DEMO_PASSWORD = "walima-demo-2026"  # noqa: S105 - printed at start-up, demo accounts only

ORGANIZER = {
    "role": "organizer",
    "name": "Fatima Zahra Amrani",
    "email": "fatima@example.ma",
    "phone": "0661000001",
    "language": "fr",
}
CATERERS = [
    (
        "Traiteur Souss Prestige",
        "souss@example.ma",
        "0661000011",
        "fr",
        ["agadir-ida-outanane", "inezgane-ait-melloul"],
        ["catering"],
    ),
    (
        "تعاونية أركان تمونت",
        "tamount@example.ma",
        "0661000012",
        "ar",
        ["chtouka-ait-baha", "tiznit"],
        ["cooperative", "catering", "argan_products", "amlou", "gift_boxes"],
    ),
    (
        "Taroudant Pastry House",
        "pastry@example.ma",
        "0661000013",
        "en",
        ["taroudant", "tata"],
        ["pastry", "pastries_by_kilo"],
    ),
    (
        "Dar Diafa Tiznit",
        "diafa@example.ma",
        "0661000014",
        "ar",
        ["tiznit", "agadir-ida-outanane"],
        ["catering"],
    ),
]


# Waiting in the admins' verification queue, with an ICE and a document.
PENDING_CATERER = {
    "role": "caterer",
    "name": "Saveurs d'Inezgane",
    "email": "saveurs@example.ma",
    "phone": "0661000015",
    "language": "fr",
    "business_name": "Saveurs d'Inezgane",
    "provinces": ["inezgane-ait-melloul"],
    "categories": ["catering"],
}
PENDING_ICE = "001561191000066"
DEMO_DOCUMENT = b"%PDF-1.4\n% Walima demo: attestation ICE\n%%EOF\n"


def _pending_caterer(deps: Deps) -> None:
    """A caterer who sent an ICE and a document (stored in S3 as the browser would) and waits."""
    account = _sign_up(deps, **PENDING_CATERER)
    key = uploads.new_key(UploadPurpose.DOCUMENT, account.id, uuid.uuid4())
    client("s3").put_object(
        Bucket=deps.uploads.bucket, Key=key, Body=DEMO_DOCUMENT, ContentType="application/pdf"
    )
    command = SubmitVerification(ice=PENDING_ICE, document_key=key)
    verification.submit(deps, Principal(account.id, account.role), command)


def _sign_up(deps: Deps, **fields: object) -> Account:
    command = SignUp.model_validate({**fields, "password": DEMO_PASSWORD})
    return accounts.sign_up(deps, command, SEED)


def _tender(deps: Deps, organizer: Principal, start: datetime, title: str, **extra: object) -> str:
    body = {
        "title": title,
        "event_type": "wedding",
        "event_date": (start + timedelta(days=30)).date().isoformat(),
        "province": "agadir-ida-outanane",
        "venue": "Salle des fêtes Founty, Agadir",
        "guests": 250,
        "menu": ["Pastilla au poulet", "Méchoui", "Tajine aux pruneaux", "Cornes de gazelle"],
        "service_style": "buffet",
        "bid_deadline": (start + timedelta(days=3)).isoformat(),
        **extra,
    }
    return tenders.post_tender(deps, organizer, PostTender.model_validate(body)).id


def seed(deps: Deps) -> None:
    now = deps.clock()
    organizer_account = _sign_up(deps, **ORGANIZER)
    boss = Principal(organizer_account.id, organizer_account.role)
    caterers = []
    for name, email, phone, language, provinces, categories in CATERERS:
        account = _sign_up(
            deps,
            role="caterer",
            name=name,
            email=email,
            phone=phone,
            language=language,
            business_name=name,
            provinces=provinces,
            categories=categories,
        )
        deps.accounts.verify(account.id, deps.clock())
        alerts.sync(deps, account.id)  # found by tender alerts
        caterers.append(Principal(account.id, account.role))
    _pending_caterer(deps)

    _tender(deps, boss, now, "Mariage Amrani — dîner de 250 invités", budget_max_mad="90000.00")
    open_id = _tender(
        deps,
        boss,
        now,
        "Séminaire OCP Agadir — pauses et déjeuner",
        event_type="corporate",
        guests=120,
        mode="open",
        province="inezgane-ait-melloul",
        service_style="plated",
    )
    bidding.place_bid(deps, caterers[0], open_id, PlaceBid(amount_mad=Decimal("36000.00")), SEED)

    past = now - timedelta(days=4)
    yesterday = dataclasses.replace(deps, clock=lambda: past)
    closed_id = _tender(
        yesterday,
        boss,
        past,
        "Aqiqa à Tiznit — couscous pour 80",
        event_type="aqiqa",
        guests=80,
        province="tiznit",
    )
    for caterer, amount in zip(caterers[1:], ("14500.00", "13900.00", "15200.00"), strict=True):
        later = dataclasses.replace(deps, clock=lambda: past + timedelta(hours=1))
        bidding.place_bid(later, caterer, closed_id, PlaceBid(amount_mad=Decimal(amount)), SEED)
    _tender(
        yesterday,
        boss,
        past,
        "Fête de l'association Tata — goûter",
        event_type="association",
        guests=60,
        province="tata",
    )
    onboarding.practice_tender(deps)  # the demo tender new caterers practise on
