"""Joint bids' invitations: one item per (lot, lead). Proposing again replaces a pending one;
a partner's confirmation is added only to the invitation it read (same ``proposed_at``), so a
partner never confirms shares it has not seen."""

from __future__ import annotations

from collections.abc import Sequence

from pynamodb.transactions import TransactWrite

from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.bids import offer_json, offer_of
from chalicelib.adapters.conditional import transact, update_if
from chalicelib.adapters.inbox import notification_item
from chalicelib.adapters.models import JointBidModel, NotificationModel
from chalicelib.domain.bid import Offer
from chalicelib.domain.inbox import NewNotice
from chalicelib.domain.joint import JointBid


def _item(joint: JointBid) -> JointBidModel:
    return JointBidModel(
        tender_id=joint.tender_id,
        lead_id=joint.lead_id,
        amount=joint.offer.amount,
        proposal=joint.offer.proposal,
        offer=offer_json(joint.offer.unit_prices, joint.offer.delivery, joint.offer.shares),
        proposed_at=joint.proposed_at,
        confirmed=set(joint.confirmed) or None,
    )


def _joint(item: JointBidModel) -> JointBid:
    return JointBid(
        tender_id=item.tender_id,
        lead_id=item.lead_id,
        offer=Offer(item.amount, item.proposal or "", **offer_of(item.offer)),
        proposed_at=item.proposed_at,
        confirmed=frozenset(item.confirmed or ()),
        bid_id=item.bid_id,
    )


class JointBidRepository:
    def propose(self, joint: JointBid, notices: Sequence[NewNotice]) -> None:
        """Put the invitation, replacing the lead's earlier one on the lot (a bid it became
        stays the lead's live bid until the new one is placed), with the partners' notices in
        the same transaction."""

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.save(_item(joint))
                for notice in notices:
                    tx.save(
                        notification_item(notice),
                        condition=NotificationModel.notice_id.does_not_exist(),
                    )

        transact(write)

    def get(self, tender_id: str, lead_id: str) -> JointBid | None:
        try:
            return _joint(JointBidModel.get(tender_id, lead_id, consistent_read=True))
        except JointBidModel.DoesNotExist:
            return None

    def of_tender(self, tender_id: str) -> list[JointBid]:
        return [_joint(i) for i in JointBidModel.query(tender_id, consistent_read=True)]

    def confirm(self, joint: JointBid, member_id: str) -> bool:
        """Add the partner's confirmation to the invitation as it was read."""
        return update_if(
            JointBidModel(tender_id=joint.tender_id, lead_id=joint.lead_id),
            [JointBidModel.confirmed.add({member_id})],
            JointBidModel.proposed_at == joint.proposed_at,
        )

    def placed(self, joint: JointBid, bid_id: str) -> bool:
        """Record the bid the complete invitation became (once)."""
        return update_if(
            JointBidModel(tender_id=joint.tender_id, lead_id=joint.lead_id),
            [JointBidModel.bid_id.set(bid_id)],
            (JointBidModel.proposed_at == joint.proposed_at)
            & JointBidModel.bid_id.does_not_exist(),
        )
