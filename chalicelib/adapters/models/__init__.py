"""PynamoDB models: the one definition of every table and index.

Deployment (``infra/``) and the embedded default both create tables from these classes (a test
checks the CloudFormation template against them), so keys cannot drift between the two.
"""

from __future__ import annotations

from typing import Any

from pynamodb.models import Model

from chalicelib.adapters.aws import LOCK, dynamodb
from chalicelib.adapters.models.accounts import AccountModel, LoginModel, SessionModel
from chalicelib.adapters.models.base import table_name
from chalicelib.adapters.models.bids import BidModel, BidRevisionModel, JointBidModel
from chalicelib.adapters.models.deal import (
    ContractModel,
    DisputeModel,
    ImpactModel,
    PriceStatModel,
    ReviewModel,
)
from chalicelib.adapters.models.fees import FeeModel
from chalicelib.adapters.models.guards import IdempotencyModel, RateLimitModel
from chalicelib.adapters.models.history import StepModel
from chalicelib.adapters.models.notices import AlertMatchModel, DigestEntryModel, NotificationModel
from chalicelib.adapters.models.tenders import QuestionModel, TenderModel
from chalicelib.adapters.models.threads import MessageModel, ThreadModel

__all__ = [
    "ALL_MODELS",
    "TTL_ATTRIBUTES",
    "AccountModel",
    "AlertMatchModel",
    "BidModel",
    "BidRevisionModel",
    "ContractModel",
    "DigestEntryModel",
    "DisputeModel",
    "FeeModel",
    "IdempotencyModel",
    "ImpactModel",
    "JointBidModel",
    "LoginModel",
    "MessageModel",
    "NotificationModel",
    "PriceStatModel",
    "QuestionModel",
    "RateLimitModel",
    "ReviewModel",
    "SessionModel",
    "StepModel",
    "TenderModel",
    "ThreadModel",
    "create_tables",
    "table_name",
    "warm_up",
]


ALL_MODELS: tuple[type[Model], ...] = (
    AccountModel,
    LoginModel,
    TenderModel,
    BidModel,
    BidRevisionModel,
    JointBidModel,
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
    ThreadModel,
    MessageModel,
    PriceStatModel,
    StepModel,
    ImpactModel,
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
