"""How domain objects look on the wire (the contract's field names, UTC times, money strings)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from chalicelib.adapters.inbox import InboxItem
from chalicelib.adapters.questions import Question
from chalicelib.adapters.reviews import Review
from chalicelib.adapters.uploads import PresignedUpload
from chalicelib.domain.account import Account, Role
from chalicelib.domain.alerts import Preferences
from chalicelib.domain.bid import Bid
from chalicelib.domain.contract import Side
from chalicelib.domain.dispute import Dispute
from chalicelib.domain.fees import Exemption, FeeEntry
from chalicelib.domain.money import to_text
from chalicelib.domain.onboarding import PRACTICE_TENDER_ID, Progress
from chalicelib.domain.profile import badges, completeness, missing_fields, rating
from chalicelib.domain.tender import BidMode, Tender
from chalicelib.domain.verification import NumberKind, Verification
from chalicelib.services.bidding import BidLine
from chalicelib.services.contracts import Deal
from chalicelib.services.lessons import Lesson
from chalicelib.services.profiles import PublicProfile


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _money(value: Any) -> str | None:
    return None if value is None else to_text(value)


def account_view(account: Account) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": account.id,
        "role": account.role.value,
        "name": account.name,
        "email": account.email,
        "phone": account.phone,
        "language": account.language.value,
        "verified": account.verified,
        "created_at": utc(account.created_at),
    }
    if account.business_name is not None:
        view |= {
            "business_name": account.business_name,
            "provinces": [p.value for p in account.provinces],
            "categories": [c.value for c in account.categories],
        }
    return view


def tender_view(tender: Tender, now: datetime, viewer: str | None = None) -> dict[str, Any]:
    """Open mode shows the best amount (never who bid it), and tells a bidding ``viewer``
    whether its bid leads; sealed mode shows no amount until close. ``bid_deadline`` is the
    current one (anti-sniping may have moved it) and ``server_time`` is the clock to count on.
    """
    d = tender.draft
    view: dict[str, Any] = {
        "id": tender.id,
        "organizer_id": tender.organizer_id,
        "status": tender.status.value,
        "title": d.title,
        "event_type": d.event_type.value,
        "event_date": d.event_date.isoformat(),
        "province": d.province.value,
        "venue": d.venue,
        "guests": d.guests,
        "menu": list(d.menu),
        "dietary": [x.value for x in d.dietary],
        "service_style": d.service_style.value,
        "categories": [c.value for c in d.categories],
        "budget_max_mad": _money(d.budget_max),
        "mode": d.mode.value,
        "bid_deadline": utc(tender.bid_deadline),
        "original_bid_deadline": utc(tender.original_deadline),
        "questions_deadline": utc(tender.questions_deadline),
        "award_criteria": d.award_criteria.value,
        "quality_weight": str(d.quality_weight),
        "min_bids": d.min_bids,
        "deposit_percent": d.deposit_percent,
        "organizer_late_cancellations": tender.organizer_late_cancellations,
        "created_at": utc(tender.created_at),
        "bid_count": len(tender.bidder_ids),
        "server_time": utc(now),
    }
    if d.mode is BidMode.OPEN:
        view["min_decrement_mad"] = _money(d.min_decrement)
        view["best_amount_mad"] = _money(tender.best_amount)
        if viewer is not None and viewer in tender.bidder_ids:
            view["my_bid_is_best"] = tender.is_led_by(viewer)
    if tender.practice:  # the onboarding demo tender: never closed nor awarded
        view["practice"] = True
    if tender.closed_at is not None:
        view["closed_at"] = utc(tender.closed_at)
    if tender.award is not None:
        view["award"] = {
            "bid_id": tender.award.bid_id,
            "caterer_id": tender.award.caterer_id,
            "amount_mad": to_text(tender.award.amount),
            "confirm_by": utc(tender.confirm_by) if tender.confirm_by else None,
        }
    if tender.cancel_reason is not None:
        view["cancel_reason"] = tender.cancel_reason
    if tender.cancelled_by is not None:
        view["cancelled_by"] = tender.cancelled_by
    return view


def bid_line_view(line: BidLine) -> dict[str, Any]:
    """A bid as its owner or, after close, the organizer sees it (with rank and score)."""
    view = bid_view(line.bid)
    if line.rank is not None:
        view |= {"rank": line.rank, "score": str(line.score), "quality": str(line.quality)}
    return view


def question_view(question: Question) -> dict[str, Any]:
    """Public: the asker stays anonymous to everyone."""
    return {
        "id": question.id,
        "tender_id": question.tender_id,
        "text": question.text,
        "asked_at": utc(question.asked_at),
        "answer": question.answer,
        "answered_at": utc(question.answered_at) if question.answered_at else None,
    }


def bid_view(bid: Bid) -> dict[str, Any]:
    return {
        "id": bid.id,
        "tender_id": bid.tender_id,
        "caterer_id": bid.caterer_id,
        "amount_mad": to_text(bid.amount),
        "proposal": bid.proposal,
        "submitted_at": utc(bid.submitted_at),
    }


def inbox_view(item: InboxItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "tender_id": item.tender_id,
        "title": item.title,
        "body": item.body,
        "created_at": utc(item.created_at),
        "read": item.read,
    }


# --- the caterers' space --------------------------------------------------------


def _profile_fields(account: Account) -> dict[str, Any]:
    p = account.profile
    return {
        "kind": p.kind.value if p.kind else None,
        "specialities": list(p.specialities),
        "capacity": p.capacity,
        "dietary": [d.value for d in p.dietary],
        "menus": [
            {
                "name": m.name,
                "price_per_guest_mad": to_text(m.price_per_guest),
                "dishes": list(m.dishes),
            }
            for m in p.menus
        ],
        "women_led": p.women_led,
        "about": p.about,
        "photos": list(p.photos),
    }


def me_view(account: Account) -> dict[str, Any]:
    """One's own account; a caterer also sees its profile and how complete it is."""
    view = account_view(account)
    if account.role is Role.CATERER:
        view |= _profile_fields(account)
        view["profile_completeness"] = completeness(account.profile, account.business_name)
        view["profile_missing"] = missing_fields(account.profile, account.business_name)
    return view


def review_view(review: Review) -> dict[str, Any]:
    """The organizer is not named: a review speaks for the event, not the person."""
    return {
        "tender_id": review.tender_id,
        "caterer_id": review.caterer_id,
        "stars": review.stars,
        "verified": review.verified,
        "comment": review.comment,
        "created_at": utc(review.created_at),
        "reply": review.reply,
        "replied_at": utc(review.replied_at) if review.replied_at else None,
    }


def caterer_profile_view(found: PublicProfile, now: datetime) -> dict[str, Any]:
    """Public: never the e-mail, phone or anything about the exemption but its badge."""
    account = found.account
    p = account.profile
    stars = rating(p.reviews, p.stars_total)
    return {
        "id": account.id,
        "business_name": account.business_name or "",
        "provinces": [x.value for x in account.provinces],
        "categories": [c.value for c in account.categories],
        **_profile_fields(account),
        "badges": badges(p, account.verified, now),
        "rating": str(stars) if stars is not None else None,
        "reviews_count": p.reviews,
        "completed_events": p.completed_events,
        "cancellations": found.cancellations,
        "reviews": [review_view(r) for r in found.reviews],
        "reviews_next": found.next,
        "photo_urls": found.photo_urls,
    }


def exemption_view(exemption: Exemption) -> dict[str, Any]:
    return {
        "starts_at": utc(exemption.starts_at),
        "ends_at": utc(exemption.ends_at),
        "reason": exemption.reason,
        "programme": exemption.programme,
    }


def fee_entry_view(entry: FeeEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "caterer_id": entry.caterer_id,
        "tender_id": entry.tender_id,
        "kind": entry.kind.value,
        "amount_mad": to_text(entry.amount),
        "rate": str(entry.rate),
        "fee_mad": to_text(entry.fee),
        "exempt": entry.exempt,
        "created_at": utc(entry.created_at),
        "reverses": entry.reverses,
        "reason": entry.reason or None,
    }


def ledger_view(items: list[FeeEntry], total: Decimal, cursor: str | None) -> dict[str, Any]:
    return {
        "items": [fee_entry_view(e) for e in items],
        "total_fee_mad": to_text(total),
        "next": cursor,
    }


# --- verification and uploads ---------------------------------------------------


def upload_view(upload: PresignedUpload) -> dict[str, Any]:
    return {
        "url": upload.url,
        "fields": upload.fields,
        "key": upload.key,
        "expires_at": utc(upload.expires_at),
    }


def verification_view(found: Verification) -> dict[str, Any]:
    number = found.number
    return {
        "status": found.status.value,
        "ice": number.value if number and number.kind is NumberKind.ICE else None,
        "cooperative_number": number.value
        if number and number.kind is NumberKind.COOPERATIVE
        else None,
        "document_key": found.document_key,
        "submitted_at": utc(found.submitted_at) if found.submitted_at else None,
        "decided_at": utc(found.decided_at) if found.decided_at else None,
        "reason": found.reason,
    }


def alert_preferences_view(preferences: Preferences) -> dict[str, Any]:
    return {"channel": preferences.channel.value, "digest": preferences.digest}


# --- onboarding and lessons -------------------------------------------------------


def lesson_view(lesson: Lesson) -> dict[str, Any]:
    return {
        "slug": lesson.slug,
        "language": lesson.language.value,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "html": lesson.html,
    }


def onboarding_view(progress: Progress) -> dict[str, Any]:
    return {
        "steps": [{"key": s.key, "done": s.done} for s in progress.steps],
        "done": progress.done,
        "total": progress.total,
        "practice_tender_id": PRACTICE_TENDER_ID,
    }


def contract_view(deal: Deal) -> dict[str, Any]:
    """The contract as one party sees it: both parties' contacts, and the delivery code for
    the organizer only (the caterer must get it from the organizer at the event)."""
    c, terms = deal.contract, deal.contract.terms
    view: dict[str, Any] = {
        "tender_id": c.tender_id,
        "status": deal.tender.status.value,
        "amount_mad": to_text(c.amount),
        "per_guest_mad": to_text(c.per_guest),
        "deposit_percent": c.deposit_percent,
        "milestones": [
            {
                "kind": m.kind.value,
                "amount_mad": to_text(m.amount),
                "status": "paid" if m.is_paid else "due",
                "method": m.method.value if m.method else None,
                "paid_at": utc(m.paid_at) if m.paid_at else None,
            }
            for m in c.milestones
        ],
        "organizer": {
            "name": c.organizer.name,
            "phone": c.organizer.phone,
            "email": c.organizer.email,
        },
        "caterer": {
            "id": c.caterer.account_id,
            "business_name": c.caterer.business_name or c.caterer.name,
            "phone": c.caterer.phone,
            "email": c.caterer.email,
        },
        "whatsapp": deal.counterpart.whatsapp_link,
        "terms": {
            "title": terms.title,
            "event_type": terms.event_type.value,
            "event_date": terms.event_date.isoformat(),
            "province": terms.province.value,
            "venue": terms.venue,
            "guests": terms.guests,
            "menu": list(terms.menu),
            "dietary": [d.value for d in terms.dietary],
            "service_style": terms.service_style.value,
            "proposal": terms.proposal,
        },
        "delivered_at": utc(c.delivered_at) if c.delivered_at else None,
        "created_at": utc(c.created_at),
    }
    if deal.side is Side.ORGANIZER:
        view["delivery_code"] = c.delivery_code
    else:
        view["delivery_tries_left"] = c.tries_left
    return view


def dispute_view(dispute: Dispute) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": dispute.id,
        "tender_id": dispute.tender_id,
        "opened_by": dispute.opened_by.value,
        "reason": dispute.reason,
        "status": dispute.status.value,
        "created_at": utc(dispute.created_at),
    }
    if dispute.decided_at is not None:
        view |= {"note": dispute.note, "decided_at": utc(dispute.decided_at)}
    return view
