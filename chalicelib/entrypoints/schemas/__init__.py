"""What the API answers, as pydantic models: the response half of ``/api/openapi.json``.

The request half is ``chalicelib/commands/`` (the models that validate bodies and queries);
this is the other. Each answer is built by its model's ``of`` from the domain's objects, a
route returns that model (``Api`` checks it is the one the route declares), and the
schemathesis suite checks every answer against the OpenAPI document made from them.
Fields the contract lets appear only sometimes (``award``, ``closed_at``…) are optional here;
other properties are allowed, because the contract says "add freely".
"""

from __future__ import annotations

from chalicelib.entrypoints.schemas.accounts import (
    AccountOut,
    AlertPreferencesOut,
    InboxItemOut,
    InboxPage,
    LessonOut,
    LessonPage,
    MeOut,
    NoticeSettingsOut,
    OnboardingOut,
    PasswordChangedOut,
    PasswordResetOut,
    ResetRequestedOut,
    SessionOut,
)
from chalicelib.entrypoints.schemas.caterers import (
    CatererProfileOut,
    ExemptionOut,
    FeeEntryOut,
    FeeLedgerOut,
    ReviewOut,
    UploadOut,
    VerificationOut,
)
from chalicelib.entrypoints.schemas.deal import (
    ContractOut,
    DisputeOut,
    DisputePage,
    MessageOut,
    MessagesPage,
    ThreadOut,
)
from chalicelib.entrypoints.schemas.fields import ContractPdf, ErrorOut, FeeCsv, OpenApiDocument
from chalicelib.entrypoints.schemas.open_data import (
    BidRevisionOut,
    HistoryPage,
    RecordPackageOut,
    ReleasePackageOut,
    StepOut,
)
from chalicelib.entrypoints.schemas.tenders import (
    BidOut,
    BidPage,
    JointBidOut,
    JointBidPage,
    PriceInsightOut,
    QuestionOut,
    QuestionPage,
    RankingRules,
    TenderOut,
    TenderPage,
    WithdrawnOut,
)

__all__ = [
    "AccountOut",
    "AlertPreferencesOut",
    "BidOut",
    "BidPage",
    "BidRevisionOut",
    "CatererProfileOut",
    "ContractOut",
    "ContractPdf",
    "DisputeOut",
    "DisputePage",
    "ErrorOut",
    "ExemptionOut",
    "FeeCsv",
    "FeeEntryOut",
    "FeeLedgerOut",
    "HistoryPage",
    "InboxItemOut",
    "InboxPage",
    "JointBidOut",
    "JointBidPage",
    "LessonOut",
    "LessonPage",
    "MeOut",
    "MessageOut",
    "MessagesPage",
    "NoticeSettingsOut",
    "OnboardingOut",
    "OpenApiDocument",
    "PasswordChangedOut",
    "PasswordResetOut",
    "PriceInsightOut",
    "QuestionOut",
    "QuestionPage",
    "RankingRules",
    "RecordPackageOut",
    "ReleasePackageOut",
    "ResetRequestedOut",
    "ReviewOut",
    "SessionOut",
    "StepOut",
    "TenderOut",
    "TenderPage",
    "ThreadOut",
    "UploadOut",
    "VerificationOut",
    "WithdrawnOut",
]
