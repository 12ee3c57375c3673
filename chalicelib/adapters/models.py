"""PynamoDB models: the one definition of every table and index.

Deployment (``infra/``) and the embedded default both create tables from these classes (a test
checks the CloudFormation template against them), so keys cannot drift between the two.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.connection.table import TableConnection
from pynamodb.constants import NUMBER
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
    LocalSecondaryIndex,
)
from pynamodb.models import Model

from chalicelib.adapters.aws import LOCK, dynamodb, share_session_with_pynamodb

share_session_with_pynamodb()


def table_name(short: str) -> str:
    """Tables are named per stage (``walima-prod-tenders``) so stages never share data."""
    return os.environ.get("WALIMA_TABLE_PREFIX", "walima-local-") + short


class MoneyAttribute(Attribute[Decimal]):
    """A DynamoDB number read back as ``Decimal`` (PynamoDB's NumberAttribute yields floats)."""

    attr_type = NUMBER

    def serialize(self, value: Decimal) -> str:
        return f"{value:.2f}"

    def deserialize(self, value: str) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))


class _Meta:
    billing_mode = "PAY_PER_REQUEST"


class Table(Model):
    """A model whose table is reached through the process's one DynamoDB connection
    (``aws.dynamodb()``), not a connection (and botocore client) of its own."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        if table.connection is not dynamodb():
            dynamodb().add_meta_table(table.get_meta_table())
            table.connection = dynamodb()
        return table


# --- accounts -----------------------------------------------------------------------------


class CaterersByVerificationIndex(GlobalSecondaryIndex["AccountModel"]):
    """Sparse: caterers carry ``verification_queue`` = ``"pending"`` while they wait for an
    admin and ``"verified"`` once approved (a rejected file carries none): the admins' queue and
    the list of verified caterers (exemption form) are each one query, never a scan."""

    class Meta:
        index_name = "caterers-by-verification"
        projection = AllProjection()

    verification_queue = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ExemptionWarningIndex(GlobalSecondaryIndex["AccountModel"]):
    """Sparse: caterers whose exemption ends soon and who have not been warned yet carry
    ``exemption_watch``; the sweeper asks ``exemption_warn_at <= now`` (no scan)."""

    class Meta:
        index_name = "exemption-warnings"
        projection = KeysOnlyProjection()

    exemption_watch = UnicodeAttribute(hash_key=True)
    exemption_warn_at = UTCDateTimeAttribute(range_key=True)


class AccountModel(Table):
    class Meta(_Meta):
        table_name = table_name("accounts")

    id = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()
    phone = UnicodeAttribute()
    language = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    verified = BooleanAttribute(default=False)
    business_name = UnicodeAttribute(null=True)
    provinces = ListAttribute(of=UnicodeAttribute, default=list)
    categories = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UTCDateTimeAttribute()
    verification_queue = UnicodeAttribute(null=True)
    # the caterer's public profile
    kind = UnicodeAttribute(null=True)
    specialities = ListAttribute(of=UnicodeAttribute, null=True)
    capacity = NumberAttribute(null=True)
    dietary = ListAttribute(of=UnicodeAttribute, null=True)
    menus = UnicodeAttribute(null=True)  # JSON: [{"name", "price_per_guest", "dishes"}]
    women_led = BooleanAttribute(null=True)
    about = UnicodeAttribute(null=True)
    photos = ListAttribute(of=UnicodeAttribute, null=True)  # S3 keys, at most MAX_PHOTOS
    # the record that feeds the rating and the best-value score (only ever ADDed to)
    reviews = NumberAttribute(null=True)
    stars_total = NumberAttribute(null=True)
    completed_events = NumberAttribute(null=True)
    # when it cancelled a contract late or lost a dispute (only ever appended to)
    late_cancellations = ListAttribute(of=UnicodeAttribute, null=True)
    # the one-year fee exemption
    exempt_from = UTCDateTimeAttribute(null=True)
    exempt_until = UTCDateTimeAttribute(null=True)
    exemption_reason = UnicodeAttribute(null=True)
    exemption_programme = UnicodeAttribute(null=True)
    exemption_watch = UnicodeAttribute(null=True)
    exemption_warn_at = UTCDateTimeAttribute(null=True)
    # tender alerts: how the caterer wants them; absent = SMS, immediate
    alert_channel = UnicodeAttribute(null=True)  # "sms", "email" or "none"
    alert_digest = BooleanAttribute(null=True)  # true: one daily digest instead
    # onboarding: progress keys, only ever ADDed to ("lesson:<slug>", "practice-bid")
    learned = UnicodeSetAttribute(null=True)
    # the verification file: no status = not submitted (or verified before it)
    verification_status = UnicodeAttribute(null=True)
    verification_kind = UnicodeAttribute(null=True)  # "ice" | "cooperative_number"
    verification_number = UnicodeAttribute(null=True)
    verification_document = UnicodeAttribute(null=True)  # an S3 key document/<id>/<uuid>
    verification_submitted_at = UTCDateTimeAttribute(null=True)
    verification_decided_at = UTCDateTimeAttribute(null=True)
    verification_reason = UnicodeAttribute(null=True)
    verification_round = NumberAttribute(null=True)
    # a password reset under way (``domain.account.PasswordReset``): the code's keyed digest
    reset_digest = UnicodeAttribute(null=True)
    reset_expires_at = UTCDateTimeAttribute(null=True)
    reset_wrong = NumberAttribute(null=True)
    by_verification = CaterersByVerificationIndex()
    exemption_warnings = ExemptionWarningIndex()


class LoginModel(Table):
    """One item per e-mail and per phone: a conditional put makes each unique across accounts."""

    class Meta(_Meta):
        table_name = table_name("logins")

    login = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()


# --- tenders ------------------------------------------------------------------------------


class DueIndex(GlobalSecondaryIndex["TenderModel"]):
    """Sparse: a tender with a timed step ahead carries ``due`` and ``due_at`` (its next check:
    the bid deadline, the award's confirmation deadline, the day after the event); the
    sweeper asks ``due_at <= now``. Terminal tenders drop out of the index."""

    class Meta:
        index_name = "due"
        projection = KeysOnlyProjection()

    due = UnicodeAttribute(hash_key=True)
    due_at = UTCDateTimeAttribute(range_key=True)


class OutboxIndex(GlobalSecondaryIndex["TenderModel"]):
    """Sparse: tenders with events whose notices are not all written yet (crash-safe fan-out)."""

    class Meta:
        index_name = "outbox"
        projection = KeysOnlyProjection()

    outbox = UnicodeAttribute(hash_key=True)
    outbox_at = UTCDateTimeAttribute(range_key=True)


class StatusIndex(GlobalSecondaryIndex["TenderModel"]):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class FeedIndex(GlobalSecondaryIndex["TenderModel"]):
    """Every tender, newest first (``feed`` is a constant): the unfiltered list without a scan."""

    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class OrganizerIndex(GlobalSecondaryIndex["TenderModel"]):
    class Meta:
        index_name = "by-organizer"
        projection = AllProjection()

    organizer_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class TenderModel(Table):
    class Meta(_Meta):
        table_name = table_name("tenders")

    id = UnicodeAttribute(hash_key=True)
    organizer_id = UnicodeAttribute()
    title = UnicodeAttribute()
    event_type = UnicodeAttribute()
    event_date = UnicodeAttribute()
    province = UnicodeAttribute()
    venue = UnicodeAttribute()
    guests = NumberAttribute()
    menu = ListAttribute(of=UnicodeAttribute, default=list)
    dietary = ListAttribute(of=UnicodeAttribute, default=list)
    service_style = UnicodeAttribute()
    mode = UnicodeAttribute()
    budget_max = MoneyAttribute(null=True)
    min_decrement = MoneyAttribute(null=True)
    award_criteria = UnicodeAttribute(default="price")
    quality_weight = MoneyAttribute(null=True)
    min_bids = NumberAttribute(default=1)
    deposit_percent = NumberAttribute(null=True)  # absent: the default, 30
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    original_deadline = UTCDateTimeAttribute()
    bid_deadline = UTCDateTimeAttribute()
    questions_deadline = UTCDateTimeAttribute()
    best_amount = MoneyAttribute(null=True)
    best_caterer_id = UnicodeAttribute(null=True)
    accept_at_most = MoneyAttribute(null=True)
    bidder_ids = UnicodeSetAttribute(null=True)
    ranking = UnicodeAttribute(null=True)  # JSON, frozen at close
    award_index = NumberAttribute(null=True)
    award_bid_id = UnicodeAttribute(null=True)
    award_caterer_id = UnicodeAttribute(null=True)
    award_amount = MoneyAttribute(null=True)
    confirm_by = UTCDateTimeAttribute(null=True)
    award_log = ListAttribute(of=UnicodeAttribute, null=True)  # JSON lines: who lapsed, why
    closed_at = UTCDateTimeAttribute(null=True)
    cancel_reason = UnicodeAttribute(null=True)
    categories = ListAttribute(of=UnicodeAttribute, null=True)  # absent: ["catering"]
    practice = BooleanAttribute(null=True)  # the onboarding demo tender: never closed
    delivered = BooleanAttribute(null=True)  # completed by the organizer's delivery code
    cancelled_by = UnicodeAttribute(null=True)  # a cancelled contract: "organizer" or "caterer"
    open_dispute = UnicodeAttribute(null=True)  # the id of its one open dispute
    organizer_late_cancellations = NumberAttribute(null=True)  # as the organizer posted it
    feed = UnicodeAttribute(default="tenders")
    due = UnicodeAttribute(null=True)
    due_at = UTCDateTimeAttribute(null=True)
    events = UnicodeSetAttribute(null=True)
    outbox = UnicodeAttribute(null=True)
    outbox_at = UTCDateTimeAttribute(null=True)

    due_index = DueIndex()
    outbox_index = OutboxIndex()
    status_index = StatusIndex()
    feed_index = FeedIndex()
    organizer_index = OrganizerIndex()


# --- bids ---------------------------------------------------------------------------------


class CatererBidsIndex(GlobalSecondaryIndex["BidModel"]):
    class Meta:
        index_name = "by-caterer"
        projection = AllProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    submitted_at = UTCDateTimeAttribute(range_key=True)


class BidModel(Table):
    """The live bid: one item per (tender, caterer), so 'one live bid each' holds by the key."""

    class Meta(_Meta):
        table_name = table_name("bids")

    tender_id = UnicodeAttribute(hash_key=True)
    caterer_id = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    amount = MoneyAttribute()
    proposal = UnicodeAttribute(default="")
    submitted_at = UTCDateTimeAttribute()
    by_caterer = CatererBidsIndex()


class BidRevisionModel(Table):
    """Every submission ever made, and every withdrawal, so a bid's history is kept."""

    class Meta(_Meta):
        table_name = table_name("bid-revisions")

    tender_id = UnicodeAttribute(hash_key=True)
    revision_key = UnicodeAttribute(range_key=True)
    bid_id = UnicodeAttribute()
    caterer_id = UnicodeAttribute()
    amount = MoneyAttribute()
    proposal = UnicodeAttribute(default="")
    submitted_at = UTCDateTimeAttribute()
    withdrawn = BooleanAttribute(default=False)


# --- questions ----------------------------------------------------------------------------


class QuestionModel(Table):
    """Questions in the enquiry period; the asker is stored but never shown to others."""

    class Meta(_Meta):
        table_name = table_name("questions")

    tender_id = UnicodeAttribute(hash_key=True)
    question_id = UnicodeAttribute(range_key=True)
    asker_id = UnicodeAttribute()
    text = UnicodeAttribute()
    asked_at = UTCDateTimeAttribute()
    answer = UnicodeAttribute(null=True)
    answered_at = UTCDateTimeAttribute(null=True)


# --- notifications ------------------------------------------------------------------------


class NewestFirstIndex(LocalSecondaryIndex["NotificationModel"]):
    class Meta:
        index_name = "newest-first"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class UnreadIndex(LocalSecondaryIndex["NotificationModel"]):
    """Sparse: only unread notices carry ``unread_at``, so the inbox lists them first and the
    header counts them with one query, without reading the whole inbox."""

    class Meta:
        index_name = "unread"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    unread_at = UTCDateTimeAttribute(range_key=True)


class DeliveryIndex(GlobalSecondaryIndex["NotificationModel"]):
    """Sparse: notifications whose e-mail or SMS is not yet sent; the sweeper retries them.
    ``send_after`` is projected so a message held past quiet hours is left alone overnight
    (filtered out of the query, not refused by a conditional write every minute)."""

    class Meta:
        index_name = "delivery"
        projection = IncludeProjection(["send_after"])

    delivery = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class NotificationModel(Table):
    """The in-app inbox, and the outbox of the e-mail and SMS that go with each notice."""

    class Meta(_Meta):
        table_name = table_name("notifications")

    account_id = UnicodeAttribute(hash_key=True)
    notice_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    tender_id = UnicodeAttribute(null=True)  # absent for account notices (exemption ending)
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    language = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    read = BooleanAttribute(default=False)
    unread_at = UTCDateTimeAttribute(null=True)
    email_to = UnicodeAttribute(null=True)
    sms_to = UnicodeAttribute(null=True)
    email_sent = BooleanAttribute(default=False)
    sms_sent = BooleanAttribute(default=False)
    delivery = UnicodeAttribute(null=True)
    lease_until = UTCDateTimeAttribute(null=True)
    send_after = UTCDateTimeAttribute(null=True)  # quiet hours: no e-mail/SMS before it
    attempts = NumberAttribute(default=0)
    newest_first = NewestFirstIndex()
    unread = UnreadIndex()
    delivery_index = DeliveryIndex()


# --- fees ---------------------------------------------------------------------------------


class LedgerIndex(GlobalSecondaryIndex["FeeModel"]):
    """Every entry of every caterer, oldest first (``ledger`` is a constant): the admins'
    view and the CSV export without a scan."""

    class Meta:
        index_name = "ledger"
        projection = AllProjection()

    ledger = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class FeeEntryIndex(GlobalSecondaryIndex["FeeModel"]):
    """An entry by its id alone (``POST /api/admin/fees/{entry_id}/reversal`` names no caterer):
    the keys, then a consistent read of the entry."""

    class Meta:
        index_name = "fee-entries"
        projection = KeysOnlyProjection()

    entry_id = UnicodeAttribute(hash_key=True)


class FeeModel(Table):
    """A caterer's fee ledger. Entries are put once (deterministic ``entry_id``) and never
    updated: a correction is a new ``reversal`` entry."""

    class Meta(_Meta):
        table_name = table_name("fees")

    caterer_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    tender_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = MoneyAttribute()
    rate = UnicodeAttribute()  # the decimal rate as text, exactly as the stage set it
    fee = MoneyAttribute()
    exempt = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    reverses = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)  # why a reversal was made
    ledger = UnicodeAttribute(default="fees")
    ledger_index = LedgerIndex()
    entry_index = FeeEntryIndex()


# --- contracts ----------------------------------------------------------------------------


class ContractModel(Table):
    """One contract per contracted tender (the key), put in the confirmation's transaction.
    ``document`` (JSON: both parties and the terms) never changes; the milestones' and the
    delivery's attributes are each set once, by a conditional update."""

    class Meta(_Meta):
        table_name = table_name("contracts")

    tender_id = UnicodeAttribute(hash_key=True)
    organizer_id = UnicodeAttribute()
    caterer_id = UnicodeAttribute()
    amount = MoneyAttribute()
    deposit_percent = NumberAttribute()
    deposit_amount = MoneyAttribute()
    document = UnicodeAttribute()
    delivery_code = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    deposit_method = UnicodeAttribute(null=True)
    deposit_paid_at = UTCDateTimeAttribute(null=True)
    balance_method = UnicodeAttribute(null=True)
    balance_paid_at = UTCDateTimeAttribute(null=True)
    wrong_codes = NumberAttribute(default=0)
    delivered_at = UTCDateTimeAttribute(null=True)


# --- disputes -----------------------------------------------------------------------------


class DisputeQueueIndex(GlobalSecondaryIndex["DisputeModel"]):
    """Every dispute in one partition (``queue`` is a constant), ordered by ``place``:
    ``0#<opened>`` while open, ``1#<opened>`` once decided, so the admins' queue, open ones
    first and oldest first, is one query."""

    class Meta:
        index_name = "dispute-queue"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    place = UnicodeAttribute(range_key=True)


class DisputesByTenderIndex(GlobalSecondaryIndex["DisputeModel"]):
    """A tender's disputes, oldest first: what its contract page shows."""

    class Meta:
        index_name = "disputes-by-tender"
        projection = AllProjection()

    tender_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class DisputeModel(Table):
    """Put when a party opens it (with the tender's ``open_dispute``, in one transaction);
    decided once, by a conditional update on ``status = open``."""

    class Meta(_Meta):
        table_name = table_name("disputes")

    id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute()
    opened_by = UnicodeAttribute()  # "organizer" or "caterer"
    reason = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    note = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(default="disputes")
    place = UnicodeAttribute()

    queue_index = DisputeQueueIndex()
    tender_index = DisputesByTenderIndex()


# --- reviews ------------------------------------------------------------------------------


class ReviewsNewestFirstIndex(LocalSecondaryIndex["ReviewModel"]):
    """A caterer's reviews by the time they were written: its profile lists them newest
    first, a page at a time (the table's own key orders them by tender id)."""

    class Meta:
        index_name = "newest-first"
        projection = AllProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ReviewModel(Table):
    """One review per contracted tender (the key), by its organizer, with one reply."""

    class Meta(_Meta):
        table_name = table_name("reviews")

    caterer_id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute(range_key=True)
    organizer_id = UnicodeAttribute()
    stars = NumberAttribute()
    verified = BooleanAttribute(null=True)  # the event's delivery code was entered
    comment = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()
    reply = UnicodeAttribute(null=True)
    replied_at = UTCDateTimeAttribute(null=True)
    newest_first = ReviewsNewestFirstIndex()


# --- tender alerts --------------------------------------------------------------


class AlertMatchCatererIndex(GlobalSecondaryIndex["AlertMatchModel"]):
    """A caterer's match keys, to drop the ones it no longer has when its profile changes."""

    class Meta:
        index_name = "by-caterer"
        projection = KeysOnlyProjection()

    caterer_id = UnicodeAttribute(hash_key=True)
    match_key = UnicodeAttribute(range_key=True)


class AlertMatchModel(Table):
    """Who to alert, without scanning accounts: one item per verified caterer and
    ``<province>#<category>`` it serves; a new tender queries one key per category it asks."""

    class Meta(_Meta):
        table_name = table_name("alert-matches")

    match_key = UnicodeAttribute(hash_key=True)
    caterer_id = UnicodeAttribute(range_key=True)
    by_caterer = AlertMatchCatererIndex()


class DigestQueueIndex(GlobalSecondaryIndex["DigestEntryModel"]):
    """Sparse: entries not yet sent in a digest; the 08:00 pass asks ``created_at < cutoff``."""

    class Meta:
        index_name = "digest-queue"
        projection = KeysOnlyProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class DigestEntryModel(Table):
    """A tender waiting for a caterer's daily digest: put once per (caterer, tender)."""

    class Meta(_Meta):
        table_name = table_name("alert-digests")

    caterer_id = UnicodeAttribute(hash_key=True)
    tender_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    queue = UnicodeAttribute(null=True)  # "digest" until sent in a digest
    digest_queue = DigestQueueIndex()
    # epoch seconds: TTL deletes the entry long after its tender closed (it only remains to
    # keep a tender from being queued twice for the same caterer)
    expires_at = NumberAttribute(null=True)


# --- idempotency --------------------------------------------------------------------------


class IdempotencyModel(Table):
    """First response to a create request, replayed for the same ``Idempotency-Key`` for 24 h."""

    class Meta(_Meta):
        table_name = table_name("idempotency")

    key = UnicodeAttribute(hash_key=True)
    request_hash = UnicodeAttribute()
    status_code = NumberAttribute(null=True)
    response = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()


# --- rate limits --------------------------------------------------------------------------


class RateLimitModel(Table):
    """One counter per key and fixed window (``login:<who>@<window start>``).

    The window start is in the key, so a new window is a new item and nothing is ever reset or
    read back; TTL deletes old counters on AWS (moto never does, and nothing needs it to).
    """

    class Meta(_Meta):
        table_name = table_name("rate-limits")

    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    expires_at = NumberAttribute()
    last_at = NumberAttribute(null=True)  # failure counters: when the last failure happened


# --- sessions -----------------------------------------------------------------------------


class SessionsOfAccountIndex(GlobalSecondaryIndex["SessionModel"]):
    """An account's live sessions: a password change ends all but the one it came from."""

    class Meta:
        index_name = "by-account"
        projection = KeysOnlyProjection()

    account_id = UnicodeAttribute(hash_key=True)


class SessionModel(Table):
    """One live session (a signed token names it): logging out deletes it, and a token whose
    session is gone gets 401. TTL removes it when the token would have expired anyway."""

    class Meta(_Meta):
        table_name = table_name("sessions")

    id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()
    expires_at = NumberAttribute()
    of_account = SessionsOfAccountIndex()


ALL_MODELS: tuple[type[Model], ...] = (
    AccountModel,
    LoginModel,
    TenderModel,
    BidModel,
    BidRevisionModel,
    QuestionModel,
    NotificationModel,
    IdempotencyModel,
    RateLimitModel,
    FeeModel,
    ContractModel,
    DisputeModel,
    ReviewModel,
    AlertMatchModel,
    DigestEntryModel,
    SessionModel,
)

TTL_ATTRIBUTES: dict[type[Model], str] = {
    IdempotencyModel: "expires_at",
    RateLimitModel: "expires_at",
    DigestEntryModel: "expires_at",
    SessionModel: "expires_at",
}


def warm_up() -> None:
    """Create the DynamoDB client now and give it every table's schema (botocore's client
    creation is not thread-safe): call before serving requests from several threads."""
    with LOCK:
        for model in ALL_MODELS:
            model._get_connection()
        _ = dynamodb().client


def create_tables(**kwargs: Any) -> None:
    """Create every table that does not exist yet, with its TTL (embedded default and tests)."""
    for model in ALL_MODELS:
        if model.exists():
            continue
        model.create_table(wait=True, **kwargs)
        if model in TTL_ATTRIBUTES:
            model._get_connection().connection.client.update_time_to_live(
                TableName=model.Meta.table_name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTES[model]},
            )
