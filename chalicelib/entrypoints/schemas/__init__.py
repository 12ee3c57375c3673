"""What the API answers, as pydantic models: the response half of ``/api/openapi.json``.

The request half is ``chalicelib/commands/`` (the models that validate bodies and queries);
this is the other. ``views.py`` builds the answers and the schemathesis suite checks every
answer it gets against these models, so a view that drifts from its schema fails the build.
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
    OnboardingOut,
    OnboardingStepOut,
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
    SampleMenuOut,
    UploadOut,
    VerificationOut,
)
from chalicelib.entrypoints.schemas.deal import (
    CatererContactOut,
    ContractOut,
    ContractTermsOut,
    DisputeOut,
    DisputePage,
    MilestoneOut,
    OrganizerContactOut,
)
from chalicelib.entrypoints.schemas.fields import (
    ContractPdf,
    Decimal,
    ErrorDetail,
    ErrorOut,
    FeeCsv,
    Id,
    Moment,
    MoneyText,
    OpenApiDocument,
    Out,
)
from chalicelib.entrypoints.schemas.tenders import (
    AwardOut,
    BidOut,
    BidPage,
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
    "AwardOut",
    "BidOut",
    "BidPage",
    "CatererContactOut",
    "CatererProfileOut",
    "ContractOut",
    "ContractPdf",
    "ContractTermsOut",
    "Decimal",
    "DisputeOut",
    "DisputePage",
    "ErrorDetail",
    "ErrorOut",
    "ExemptionOut",
    "FeeCsv",
    "FeeEntryOut",
    "FeeLedgerOut",
    "Id",
    "InboxItemOut",
    "InboxPage",
    "LessonOut",
    "LessonPage",
    "MeOut",
    "MilestoneOut",
    "Moment",
    "MoneyText",
    "OnboardingOut",
    "OnboardingStepOut",
    "OpenApiDocument",
    "OrganizerContactOut",
    "Out",
    "PasswordChangedOut",
    "PasswordResetOut",
    "QuestionOut",
    "QuestionPage",
    "RankingRules",
    "ResetRequestedOut",
    "ReviewOut",
    "SampleMenuOut",
    "SessionOut",
    "TenderOut",
    "TenderPage",
    "UploadOut",
    "VerificationOut",
    "WithdrawnOut",
]
