"""Accounts, their log-ins (one item per e-mail or phone) and their live sessions."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    KeysOnlyProjection,
)

from chalicelib.adapters.models.base import OnDemand, Table, table_name


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
    class Meta(OnDemand):
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
    organizer_kind = UnicodeAttribute(null=True)  # organizers: none is an individual
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
    first_won_at = UTCDateTimeAttribute(null=True)  # its first contract: the programme's impact
    joint_wins = NumberAttribute(null=True)  # contracts won in a joint bid
    exemption_reason = UnicodeAttribute(null=True)
    exemption_programme = UnicodeAttribute(null=True)
    exemption_watch = UnicodeAttribute(null=True)
    exemption_warn_at = UTCDateTimeAttribute(null=True)
    # tender alerts: how the caterer wants them; absent = SMS, immediate
    alert_channel = UnicodeAttribute(null=True)  # "sms", "email" or "none"
    alert_digest = BooleanAttribute(null=True)  # true: one daily digest instead
    # the notice settings (``domain.notice_policy.NoticeSettings``); absent = on
    notice_sms = BooleanAttribute(null=True)
    notice_email = BooleanAttribute(null=True)
    notice_quiet_hours = BooleanAttribute(null=True)
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

    class Meta(OnDemand):
        table_name = table_name("logins")

    login = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()


class SessionsOfAccountIndex(GlobalSecondaryIndex["SessionModel"]):
    """An account's live sessions: a password change ends all but the one it came from."""

    class Meta:
        index_name = "by-account"
        projection = KeysOnlyProjection()

    account_id = UnicodeAttribute(hash_key=True)


class SessionModel(Table):
    """One live session (a signed token names it): logging out deletes it, and a token whose
    session is gone gets 401. TTL removes it when the token would have expired anyway."""

    class Meta(OnDemand):
        table_name = table_name("sessions")

    id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()
    expires_at = NumberAttribute()
    of_account = SessionsOfAccountIndex()
