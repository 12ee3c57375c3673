"""Carriers that take a contracted lot's goods to the buyer (the ``Carriers`` port).

``CarrierDesk`` books a pickup by e-mail to a carrier's dispatch desk (regional carriers take
orders that way); ``LocalCarrier`` is the embedded default's stand-in, which books at once and
sends nothing. Both answer the reference the buyer tracks the goods by.
"""

from __future__ import annotations

import hashlib

from chalicelib.adapters.messaging import Messenger
from chalicelib.domain import morocco
from chalicelib.domain.catalog import Language
from chalicelib.domain.contract import Contract
from chalicelib.domain.shipment import Tracking


def reference(contract: Contract) -> str:
    """The same for the same contract, so a retried booking names the same parcel."""
    return "WLM-" + hashlib.sha256(contract.tender_id.encode()).hexdigest()[:10].upper()


class LocalCarrier:
    name = "Walima local carrier"

    def book(self, contract: Contract) -> Tracking:
        return Tracking(self.name, reference(contract))


class CarrierDesk:
    def __init__(self, messenger: Messenger, desk: str, name: str = "Carrier") -> None:
        self.messenger, self.desk, self.name = messenger, desk, name

    def book(self, contract: Contract) -> Tracking:
        tracking = Tracking(self.name, reference(contract))
        terms, seller = contract.terms, contract.caterer
        lot = terms.lot
        goods = [f"- {i.quantity} {i.unit.value} {i.name}" for i in lot.items] if lot else []
        place = morocco.name(terms.province or terms.region, Language.FR)
        body = "\n".join(
            [
                f"Pickup {tracking.reference}",
                f"From: {seller.business_name or seller.name}, {seller.phone}",
                f"To: {contract.organizer.name}, {terms.venue}, {place}",
                *goods,
            ]
        )
        self.messenger.email(self.desk, f"Walima pickup {tracking.reference}", body)
        return tracking
