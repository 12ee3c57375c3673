"""Commands: what a client may send, validated by pydantic before any service runs.

The JSON API and the pages parse into the same models, so a rule (a phone format, a guest
limit) is written once. Values leave here already normalised (E.164 phones, lower-case e-mails,
``Decimal`` money). One module per area; ``fields`` holds what they are made of.
"""

from __future__ import annotations

from chalicelib.commands.accounts import (
    NEW_PASSWORD_LENGTH,
    ChangePassword,
    ConfirmReset,
    LogIn,
    RequestReset,
    SignUp,
)
from chalicelib.commands.alerts import AlertPreferencesIn, NoticeSettingsIn
from chalicelib.commands.deal import (
    DecideDispute,
    DisputesQuery,
    EnterDeliveryCode,
    GiveReason,
    MoveShipment,
    PostReview,
    RecordPayment,
    ReplyToReview,
    ReviewsQuery,
    milestone_kind,
)
from chalicelib.commands.fees import FeesQuery, GrantExemption
from chalicelib.commands.fields import normalise_login, normalise_phone
from chalicelib.commands.profiles import AddPhoto, UpdateMe
from chalicelib.commands.tenders import (
    Answer,
    AskQuestion,
    ExtendDeadline,
    InboxQuery,
    LanguageQuery,
    PlaceBid,
    PostTender,
    PriceQuery,
    ProposeJointBid,
    ReleasesQuery,
    TenderQuery,
)
from chalicelib.commands.threads import MessagesQuery, WriteMessage
from chalicelib.commands.verification import DecideVerification, RequestUpload, SubmitVerification

__all__ = [
    "NEW_PASSWORD_LENGTH",
    "AddPhoto",
    "AlertPreferencesIn",
    "Answer",
    "AskQuestion",
    "ChangePassword",
    "ConfirmReset",
    "DecideDispute",
    "DecideVerification",
    "DisputesQuery",
    "EnterDeliveryCode",
    "ExtendDeadline",
    "FeesQuery",
    "GiveReason",
    "GrantExemption",
    "InboxQuery",
    "LanguageQuery",
    "LogIn",
    "MessagesQuery",
    "MoveShipment",
    "NoticeSettingsIn",
    "PlaceBid",
    "PostReview",
    "PostTender",
    "PriceQuery",
    "ProposeJointBid",
    "RecordPayment",
    "ReleasesQuery",
    "ReplyToReview",
    "RequestReset",
    "RequestUpload",
    "ReviewsQuery",
    "SignUp",
    "SubmitVerification",
    "TenderQuery",
    "UpdateMe",
    "WriteMessage",
    "milestone_kind",
    "normalise_login",
    "normalise_phone",
]
