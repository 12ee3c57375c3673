"""The deal on both doors: the contract (contacts only between the two parties), the payments
the caterer records, the delivery code it enters on the day of the event, and cancellation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from chalicelib import commands
from chalicelib.commands import EnterDeliveryCode, GiveReason, MoveShipment, RecordPayment
from chalicelib.domain.account import Principal, Role
from chalicelib.domain.catalog import MOROCCO
from chalicelib.domain.errors import Conflict, DomainError, InvalidInput, RateLimited
from chalicelib.entrypoints import forms, schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.contract_pdf import contract_pdf
from chalicelib.entrypoints.formdata import Form
from chalicelib.entrypoints.render import DONE
from chalicelib.entrypoints.site import PageRouter
from chalicelib.entrypoints.web import Html, Raw, Redirect, Result, Visit
from chalicelib.entrypoints.wire import Download, status_of
from chalicelib.i18n import N_
from chalicelib.services import contracts, disputes
from chalicelib.services.contracts import Deal

ALREADY_PAID = N_("This payment is already recorded.")
NOT_YET = N_("The delivery code can be entered on the day of the event or after.")
WRONG_CODE = N_("That is not the organizer's code.")
NO_LONGER = N_("This contract is no longer in force.")
SHIPMENT_MOVED = N_("The shipment has already moved on: look at its status again.")

PDF = "application/pdf"
C = TypeVar("C")

api = ApiRouter()
pages = PageRouter()


@api.route("/api/tenders/{tender_id}/contract", methods=["GET"], returns=(200, schemas.ContractOut))
def get_contract(call: Call) -> Reply:
    deal = contracts.deal(call.deps, call.principal, call.params["tender_id"])
    return 200, schemas.ContractOut.of(deal)


@api.route(
    "/api/tenders/{tender_id}/contract.pdf",
    methods=["GET"],
    returns=(200, schemas.ContractPdf),
    media_type=PDF,
)
def get_contract_pdf(call: Call) -> Reply:
    """The contract as a PDF, in the reader's language."""
    deal = contracts.deal(call.deps, call.principal, call.params["tender_id"])
    language = call.deps.accounts.get(call.principal.account_id).language
    return Download(contract_pdf(deal, language), PDF, _filename(deal))


def _filename(deal: Deal) -> str:
    return f"walima-contract-{deal.tender.id}.pdf"


@api.route(
    "/api/tenders/{tender_id}/milestones/{kind}/paid",
    methods=["POST"],
    body=RecordPayment,
    returns=(200, schemas.ContractOut),
)
def record_payment(call: Call) -> Reply:
    kind = commands.milestone_kind(call.params["kind"])
    deal = contracts.record_payment(
        call.deps, call.principal, call.params["tender_id"], kind, call.body(RecordPayment)
    )
    return 200, schemas.ContractOut.of(deal)


@api.route(
    "/api/tenders/{tender_id}/delivery",
    methods=["POST"],
    body=EnterDeliveryCode,
    returns=(200, schemas.TenderOut),
)
def enter_delivery_code(call: Call) -> Reply:
    command = call.body(EnterDeliveryCode)
    tender = contracts.deliver(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


@api.route(
    "/api/tenders/{tender_id}/shipment",
    methods=["POST"],
    body=MoveShipment,
    returns=(200, schemas.ContractOut),
)
def move_shipment(call: Call) -> Reply:
    """The seller of a contracted lot says where its goods are."""
    command = call.body(MoveShipment)
    deal = contracts.move_shipment(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.ContractOut.of(deal)


@api.route(
    "/api/tenders/{tender_id}/contract/cancel",
    methods=["POST"],
    body=GiveReason,
    returns=(200, schemas.TenderOut),
)
def cancel_contract(call: Call) -> Reply:
    command = call.body(GiveReason)
    tender = contracts.cancel(call.deps, call.principal, call.params["tender_id"], command)
    return 200, schemas.TenderOut.of(tender, call.now, call.viewer)


# --- the contract page ---------------------------------------------------------------------


def contract_page_of(
    visit: Visit, deal: Deal, errors: dict[str, str] | None = None, status: int = 200
) -> Html:
    """The contract page (its forms' refusals come back here, with their status)."""
    code, today = visit.query("done"), visit.now.astimezone(MOROCCO).date()
    context: dict[str, Any] = {
        "deal": deal,
        "contract": deal.contract,
        "tender": deal.tender,
        "may_deliver": deal.may_deliver(today),
        "may_dispute": deal.may_dispute(today),
        "disputes": disputes.of_deal(visit.deps, deal),
        "done": visit.t(DONE[code])
        if code in ("paid", "delivered", "disputed", "shipment")
        else None,
        "cancellation_terms": contracts.cancellation_terms(visit.language),
        "form": {},
        "errors": errors or {},
    }
    return Html("contract.html", context, status)


@pages.route("/tenders/{tender_id}/contract", ["GET"])
def contract_page(visit: Visit) -> Result:
    """Both parties' page of the deal: terms, contacts (call, WhatsApp), payments, delivery."""
    deal = contracts.deal(visit.deps, visit.acting(), visit.params["tender_id"])
    return contract_page_of(visit, deal)


@pages.route("/tenders/{tender_id}/contract.pdf", ["GET"])
def contract_pdf_page(visit: Visit) -> Result:
    """The same PDF for a signed-in party, in the page's language."""
    deal = contracts.deal(visit.deps, visit.acting(), visit.params["tender_id"])
    disposition = f'attachment; filename="{_filename(deal)}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    return Raw(contract_pdf(deal, visit.language), PDF, headers=headers)


# A refusal of one of the contract page's forms: the field it is shown next to (none: the page
# says it) and its message; its status is the API's (``wire.status_of``).
Refusal = tuple[str, str]


def post_on_contract(
    visit: Visit,
    role: Role | None,
    parse: Callable[[Form], C],
    act: Callable[[C, Principal], str],
    refusals: Sequence[tuple[type[DomainError], Refusal]],
) -> Result:
    """Post one of the contract page's forms: only a party (with ``role``, only that one), once
    per render, then where ``act`` says; a refusal comes back on the contract page, next to its
    field, with the API's status (the first of ``refusals`` the error is)."""
    tender_id = visit.params["tender_id"]
    principal = visit.acting(role) if role else visit.acting()
    form = visit.form()
    try:
        command = parse(form)
        return Redirect(visit.once(form, lambda: act(command, principal)))
    except forms.Invalid as invalid:
        errors, status = invalid.fields, 422
    except DomainError as error:
        refusal = next((r for kind, r in refusals if isinstance(error, kind)), None)
        if refusal is None:
            raise  # 403, 404…: the site's error page
        field, message = refusal
        errors, status = ({field: visit.t(message)} if field else {}), status_of(error)
    deal = contracts.deal(visit.deps, principal, tender_id)
    return contract_page_of(visit, deal, errors, status)


@pages.route("/tenders/{tender_id}/contract/milestones/{kind}", ["POST"])
def record_payment_page(visit: Visit) -> Result:
    tender_id, kind = visit.params["tender_id"], commands.milestone_kind(visit.params["kind"])
    field = f"method-{kind}"  # each milestone has its own form

    def parse(form: Form) -> RecordPayment:
        try:
            return forms.record_payment(form, visit.t)
        except forms.Invalid as invalid:
            raise forms.Invalid({field: invalid.fields["method"]}) from invalid

    def record(command: RecordPayment, principal: Principal) -> str:
        contracts.record_payment(visit.deps, principal, tender_id, kind, command)
        return f"/tenders/{tender_id}/contract?done=paid"

    refusals = [(Conflict, (field, ALREADY_PAID))]
    return post_on_contract(visit, Role.CATERER, parse, record, refusals)


@pages.route("/tenders/{tender_id}/contract/delivery", ["POST"])
def delivery_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def deliver(command: EnterDeliveryCode, principal: Principal) -> str:
        contracts.deliver(visit.deps, principal, tender_id, command)
        return f"/tenders/{tender_id}/contract?done=delivered"

    refusals: list[tuple[type[DomainError], Refusal]] = [
        (InvalidInput, ("code", WRONG_CODE)),
        (RateLimited, ("", "")),  # the page says the code is locked, with no form
        (Conflict, ("code", NOT_YET)),
    ]
    parse = partial(forms.delivery_code, t=visit.t)
    return post_on_contract(visit, Role.CATERER, parse, deliver, refusals)


@pages.route("/tenders/{tender_id}/contract/shipment", ["POST"])
def shipment_page(visit: Visit) -> Result:
    tender_id = visit.params["tender_id"]

    def move(command: MoveShipment, principal: Principal) -> str:
        contracts.move_shipment(visit.deps, principal, tender_id, command)
        return f"/tenders/{tender_id}/contract?done=shipment"

    parse = partial(forms.move_shipment, t=visit.t)
    refusals = [(Conflict, ("shipment", SHIPMENT_MOVED))]
    return post_on_contract(visit, Role.CATERER, parse, move, refusals)


@pages.route("/tenders/{tender_id}/contract/cancel", ["POST"])
def cancel_page(visit: Visit) -> Result:
    """Either party cancels; the tender's page then shows the cancellation and its reason."""
    tender_id = visit.params["tender_id"]

    def cancel(command: GiveReason, principal: Principal) -> str:
        contracts.cancel(visit.deps, principal, tender_id, command)
        return f"/tenders/{tender_id}?done=contract_cancelled"

    parse = partial(forms.give_reason, name="cancel_reason", t=visit.t)
    refusals = [(Conflict, ("cancel_reason", NO_LONGER))]
    return post_on_contract(visit, None, parse, cancel, refusals)
