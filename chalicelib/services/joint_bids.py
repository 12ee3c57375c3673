"""Joint bids: the lead proposes the shares, each partner confirms, and the last confirmation
places the bid, the lead's, as one bid on the lot."""

from __future__ import annotations

from dataclasses import replace

from chalicelib import i18n
from chalicelib.commands import ProposeJointBid
from chalicelib.domain.account import Account, Principal, Role
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.joint import JointBid, check_shares, joint_bid_id
from chalicelib.domain.lifecycle import TenderStatus
from chalicelib.domain.lots import Lot, Share
from chalicelib.domain.notices import NoticeKind
from chalicelib.domain.tender import Tender
from chalicelib.services import notifications, throttles
from chalicelib.services.bidding import check_on, lot_of, offer_of, submit
from chalicelib.services.deps import Deps
from chalicelib.services.notice_texts import compose
from chalicelib.services.throttles import Throttle


def propose(
    deps: Deps, principal: Principal, tender_id: str, command: ProposeJointBid, source: str
) -> JointBid:
    """The lead's invitation: an open products lot, shares that add up, verified partners that
    have no bid of their own on the lot. Proposing again replaces the pending invitation. Each
    proposal counts as a bid against the lead's and the address's limits, since it texts the
    partners."""
    principal.require(Role.CATERER)
    throttles.enforce(deps, Throttle.BID, source, principal.account_id)
    lead = deps.accounts.get(principal.account_id)
    if not lead.verified:
        raise Forbidden("Walima checks every caterer before its first bid")
    tender = deps.tenders.get(lot_of(deps, tender_id, command.lot_id))
    if tender.status is not TenderStatus.OPEN:
        raise Conflict(f"the tender is {tender.status}: it takes no bid")
    shares = tuple(Share(s.caterer_id, s.amount_mad, tuple(s.quantities)) for s in command.shares)
    offer = replace(offer_of(command), shares=shares)
    check_on(tender, offer)
    lot = check_shares(principal.account_id, offer.amount, tender.lot, shares)
    partners = [_partner(deps, tender.id, share.caterer_id) for share in shares[1:]]
    joint = JointBid(tender.id, principal.account_id, offer, deps.clock())
    notices = [
        _invitation(joint, tender, lot, share, lead.business_name or lead.name, partner)
        for share, partner in zip(shares[1:], partners, strict=True)
    ]
    deps.joint_bids.propose(joint, notices)
    notifications.deliver(deps, [(n.account_id, n.notice_id) for n in notices])
    return joint


def _partner(deps: Deps, tender_id: str, caterer_id: str) -> Account:
    try:
        partner = deps.accounts.get(caterer_id)
    except NotFound:
        partner = None
    if partner is None or partner.role is not Role.CATERER or not partner.verified:
        raise InvalidInput(
            "the joint bid breaks a rule", {"shares": f"{caterer_id} is no verified caterer"}
        )
    if deps.bids.own_bid(tender_id, caterer_id) is not None:
        raise InvalidInput(
            "the joint bid breaks a rule", {"shares": f"{caterer_id} has its own bid on the lot"}
        )
    return partner


def _invitation(
    joint: JointBid, tender: Tender, lot: Lot, share: Share, lead: str, partner: Account
) -> NewNotice:
    """The partner's notice of its share, in its language; one per invitation and partner."""
    language = partner.language
    quantities = ", ".join(
        f"{i18n.amount_of(q, item.unit, language)} {item.name}"
        for q, item in zip(share.quantities, lot.items, strict=True)
        if q
    )
    values = {
        "lead": lead,
        "title": f"{tender.draft.title} · {lot.title}",
        "quantities": quantities,
        "amount": i18n.money(share.amount, language),
        "deadline": i18n.moment(tender.bid_deadline, language),
    }
    notice_id = f"{joint_bid_id(joint)}:invitation:{partner.id}"
    kind = NoticeKind.JOINT_INVITATION
    return compose(partner, notice_id, kind, tender.id, values, joint.proposed_at)


def confirm(
    deps: Deps, principal: Principal, tender_id: str, lead_id: str, source: str
) -> JointBid:
    """A partner agrees to its share; the last one's agreement places the lead's bid. Sent
    again once every partner agreed, it places a bid a failure left unplaced."""
    principal.require(Role.CATERER)
    joint = deps.joint_bids.get(tender_id, lead_id)
    if joint is None or principal.account_id not in joint.members:
        raise NotFound("no joint bid of this lead invites you on this tender")
    if principal.account_id == lead_id:
        raise Forbidden("the lead proposed the joint bid: its partners confirm it")
    if principal.account_id not in joint.confirmed:
        if not deps.joint_bids.confirm(joint, principal.account_id):
            raise Conflict("the lead changed the joint bid meanwhile; read it again")
        joint = deps.joint_bids.get(tender_id, lead_id) or joint  # with every confirmation
    if joint.complete and joint.bid_id is None:
        _place(deps, joint, source)
        joint = deps.joint_bids.get(tender_id, lead_id) or joint
    return joint


def _place(deps: Deps, joint: JointBid, source: str) -> None:
    """Place the complete joint bid as the lead's, under one id: two last confirmations at
    once place it once (the second finds its bid already there)."""
    bid_id = joint_bid_id(joint)
    lead = Principal(joint.lead_id, Role.CATERER)
    try:
        submit(deps, lead, joint.tender_id, joint.offer, source, bid_id)
    except Conflict:
        live = deps.bids.own_bid(joint.tender_id, joint.lead_id)
        if live is None or live.id != bid_id:
            raise
    deps.joint_bids.placed(joint, bid_id)


def concerning(deps: Deps, principal: Principal, tender_id: str) -> list[JointBid]:
    """The joint bids on the lot that the caterer leads or is invited to."""
    principal.require(Role.CATERER)
    deps.tenders.get(tender_id)  # 404 for a tender that does not exist
    return of_member(deps, tender_id, principal.account_id)


def of_member(deps: Deps, tender_id: str, caterer_id: str) -> list[JointBid]:
    return [j for j in deps.joint_bids.of_tender(tender_id) if caterer_id in j.members]


def partner_by_login(deps: Deps, login: str) -> str | None:
    """The verified caterer an e-mail or phone names (how the page's form names partners)."""
    found = deps.accounts.credentials(login)
    if found is None or found[0].role is not Role.CATERER or not found[0].verified:
        return None
    return found[0].id
