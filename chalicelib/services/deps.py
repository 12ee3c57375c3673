"""The ports a use case needs, bundled so entry points and tests build them in one place.
The tender engine's are Protocols (``ports.py``): ``build`` gives the DynamoDB adapters, the
tests' ``twins`` the in-memory ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from chalicelib.adapters.accounts import AccountRepository
from chalicelib.adapters.alerts import AlertRepository
from chalicelib.adapters.bids import BidRepository
from chalicelib.adapters.carriers import CarrierDesk, LocalCarrier
from chalicelib.adapters.contracts import ContractRepository
from chalicelib.adapters.deals import DealRepository
from chalicelib.adapters.disputes import DisputeRepository
from chalicelib.adapters.fees import FeeLedger
from chalicelib.adapters.history import HistoryRepository
from chalicelib.adapters.idempotency import IdempotencyStore
from chalicelib.adapters.impact import ImpactRepository
from chalicelib.adapters.inbox import InboxRepository
from chalicelib.adapters.insights import PriceStats
from chalicelib.adapters.joint import JointBidRepository
from chalicelib.adapters.learning import LearningRepository
from chalicelib.adapters.messaging import Messenger
from chalicelib.adapters.models import warm_up
from chalicelib.adapters.payments import ReceiptsByCaterer
from chalicelib.adapters.photos import PhotoAlbum
from chalicelib.adapters.questions import QuestionRepository
from chalicelib.adapters.ratelimit import RateLimiter
from chalicelib.adapters.reviews import ReviewRepository
from chalicelib.adapters.scheduling import Scheduler
from chalicelib.adapters.sessions import SessionStore
from chalicelib.adapters.telemetry import Metrics
from chalicelib.adapters.tenders import TenderRepository
from chalicelib.adapters.threads import ThreadRepository
from chalicelib.adapters.tokens import TokenSigner
from chalicelib.adapters.uploads import Uploads
from chalicelib.adapters.verification import VerificationRepository
from chalicelib.domain.contract import Contract, MilestoneKind, PaymentMethod
from chalicelib.domain.history import Step
from chalicelib.domain.shipment import Tracking
from chalicelib.services.ports import Accounts, Bids, History, RateLimits, Schedules, Tenders
from chalicelib.settings import Settings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The server's clock: the only clock Walima trusts (phones' clocks are often wrong)."""
    return datetime.now(UTC)


class Payments(Protocol):
    """How a contract's milestone gets paid (today: the caterer records it; later, CMI)."""

    def record(
        self,
        contract: Contract,
        kind: MilestoneKind,
        method: PaymentMethod,
        now: datetime,
        step: Step,
    ) -> bool: ...


class Carriers(Protocol):
    """Who takes a contracted lot's goods when the bid said a carrier would."""

    def book(self, contract: Contract) -> Tracking: ...


@dataclass(frozen=True)
class Deps:
    settings: Settings
    accounts: Accounts
    tenders: Tenders
    bids: Bids
    questions: QuestionRepository
    inbox: InboxRepository
    idempotency: IdempotencyStore
    messenger: Messenger
    scheduler: Schedules
    tokens: TokenSigner
    clock: Clock = utc_now
    ratelimit: RateLimits = field(default_factory=RateLimiter)
    metrics: Metrics = field(default_factory=Metrics)
    fees: FeeLedger = field(default_factory=FeeLedger)
    reviews: ReviewRepository = field(default_factory=ReviewRepository)
    photos: PhotoAlbum = field(default_factory=PhotoAlbum)
    alerts: AlertRepository = field(default_factory=AlertRepository)
    learning: LearningRepository = field(default_factory=LearningRepository)  # onboarding
    uploads: Uploads = field(default_factory=lambda: Uploads(""))  # S3 client made on first use
    verification: VerificationRepository = field(default_factory=VerificationRepository)
    sessions: SessionStore = field(default_factory=SessionStore)
    contracts: ContractRepository = field(default_factory=ContractRepository)
    payments: Payments = field(default_factory=ReceiptsByCaterer)
    disputes: DisputeRepository = field(default_factory=DisputeRepository)
    deals: DealRepository = field(default_factory=DealRepository)
    threads: ThreadRepository = field(default_factory=ThreadRepository)
    insights: PriceStats = field(default_factory=PriceStats)
    history: History = field(default_factory=HistoryRepository)
    impact: ImpactRepository = field(default_factory=ImpactRepository)
    carriers: Carriers = field(default_factory=LocalCarrier)
    joint_bids: JointBidRepository = field(default_factory=JointBidRepository)


def build(settings: Settings, token_secret: str, clock: Clock = utc_now) -> Deps:
    warm_up()
    return Deps(
        settings=settings,
        accounts=AccountRepository(),
        tenders=TenderRepository(),
        bids=BidRepository(),
        questions=QuestionRepository(),
        inbox=InboxRepository(),
        idempotency=IdempotencyStore(),
        messenger=Messenger(settings.sender_email),
        scheduler=Scheduler(
            settings.schedule_group,
            settings.closer_arn,
            settings.scheduler_role_arn,
            dead_letter_arn=settings.closer_dlq_arn,
        ),
        tokens=TokenSigner(token_secret, settings.token_ttl),
        clock=clock,
        uploads=Uploads(settings.upload_bucket),
        carriers=_carriers(settings),
    )


def _carriers(settings: Settings) -> Carriers:
    """The carrier's dispatch desk where the stage names one, else the local stand-in."""
    if settings.carrier_email:
        return CarrierDesk(Messenger(settings.sender_email), settings.carrier_email)
    return LocalCarrier()
