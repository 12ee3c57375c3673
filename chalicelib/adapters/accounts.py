"""Account storage: the account item plus one login item per e-mail and phone, written together."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.aws import dynamodb
from chalicelib.adapters.conditional import transact, transact_if, update_if
from chalicelib.adapters.impact import counted, month_item
from chalicelib.adapters.models import AccountModel, LoginModel
from chalicelib.domain.account import Account, OrganizerKind, PasswordReset, Role
from chalicelib.domain.catalog import Category, Dietary, Language, Province
from chalicelib.domain.codes import CODE_TRIES
from chalicelib.domain.errors import ACCOUNT_EXISTS, Conflict, NotFound
from chalicelib.domain.fees import Exemption
from chalicelib.domain.notice_policy import NoticeSettings
from chalicelib.domain.profile import CatererKind, Profile, SampleMenu

NEW = "new"  # ``verification_queue``: a caterer that has not sent its file yet
PENDING = "pending"  # ... that has sent it, waiting for an admin
VERIFIED = "verified"  # ... and once approved (the list of verified caterers)
WATCH = "watch"


def menus_to_json(menus: tuple[SampleMenu, ...]) -> str:
    return json.dumps(
        [
            {"name": m.name, "price_per_guest": str(m.price_per_guest), "dishes": list(m.dishes)}
            for m in menus
        ],
        ensure_ascii=False,
    )


def _menus(text: str | None) -> tuple[SampleMenu, ...]:
    return tuple(
        SampleMenu(m["name"], Decimal(m["price_per_guest"]), tuple(m["dishes"]))
        for m in json.loads(text or "[]")
    )


def _profile(item: AccountModel) -> Profile:
    return Profile(
        kind=CatererKind(item.kind) if item.kind else None,
        specialities=tuple(str(s) for s in item.specialities or ()),
        capacity=int(item.capacity) if item.capacity is not None else None,
        dietary=tuple(Dietary(str(d)) for d in item.dietary or ()),
        menus=_menus(item.menus),
        women_led=bool(item.women_led),
        about=item.about or "",
        photos=tuple(str(k) for k in item.photos or ()),
        reviews=int(item.reviews or 0),
        stars_total=int(item.stars_total or 0),
        completed_events=int(item.completed_events or 0),
        exempt_from=item.exempt_from,
        exempt_until=item.exempt_until,
        first_won_at=item.first_won_at,
        joint_wins=int(item.joint_wins or 0),
    )


def account_of(item: AccountModel) -> Account:
    return Account(
        id=item.id,
        role=Role(item.role),
        name=item.name,
        email=item.email,
        phone=item.phone,
        language=Language(item.language),
        created_at=item.created_at,
        verified=bool(item.verified),
        business_name=item.business_name,
        provinces=tuple(Province(str(p)) for p in item.provinces or ()),
        categories=tuple(Category(str(c)) for c in item.categories or ()),
        profile=_profile(item),
        late_cancellations=tuple(
            datetime.fromisoformat(str(m)) for m in item.late_cancellations or ()
        ),
        password_reset=_reset(item),
        notices=_notice_settings(item),
        organizer_kind=OrganizerKind(item.organizer_kind or OrganizerKind.INDIVIDUAL),
    )


def _notice_settings(item: AccountModel) -> NoticeSettings:
    def on(value: bool | None) -> bool:
        return value is None or bool(value)

    return NoticeSettings(
        sms=on(item.notice_sms),
        email=on(item.notice_email),
        quiet_hours=on(item.notice_quiet_hours),
    )


def _reset(item: AccountModel) -> PasswordReset | None:
    if item.reset_digest is None or item.reset_expires_at is None:
        return None
    return PasswordReset(item.reset_digest, item.reset_expires_at, int(item.reset_wrong or 0))


def _reset_still(digest: str) -> Condition:
    """The reset this code was checked against is still the account's, with tries left."""
    same: Condition = (AccountModel.reset_digest == digest) & (
        AccountModel.reset_wrong < CODE_TRIES
    )
    return same


def _queue_of(account: Account) -> str | None:
    """Which verification list a new account starts on (none for organizers and admins)."""
    if account.role is not Role.CATERER:
        return None
    return VERIFIED if account.verified else NEW


def account_item(account: Account, password_hash: str) -> AccountModel:
    """A new account as its item is first written."""
    return AccountModel(
        id=account.id,
        role=account.role.value,
        name=account.name,
        email=account.email,
        phone=account.phone,
        language=account.language.value,
        password_hash=password_hash,
        verified=account.verified,
        business_name=account.business_name,
        organizer_kind=account.organizer_kind.value if account.role is Role.ORGANIZER else None,
        provinces=[p.value for p in account.provinces],
        categories=[c.value for c in account.categories],
        created_at=account.created_at,
        verification_queue=_queue_of(account),
    )


class AccountRepository:
    def add(self, account: Account, password_hash: str) -> None:
        """Create the account; a taken e-mail or phone cancels the whole write (409)."""
        item = account_item(account, password_hash)

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.save(item, condition=AccountModel.id.does_not_exist())
                for login in (account.email, account.phone):
                    tx.save(
                        LoginModel(login=login, account_id=account.id),
                        condition=LoginModel.login.does_not_exist(),
                    )
                if account.role is Role.CATERER:  # the programme's impact: one more onboarded
                    tx.update(month_item(account.created_at), actions=counted("onboarded"))

        try:
            transact(write)
        except TransactWriteError as error:
            raise Conflict(
                "an account with this e-mail or phone already exists", reason=ACCOUNT_EXISTS
            ) from error

    def get(self, account_id: str) -> Account:
        try:
            return account_of(AccountModel.get(account_id, consistent_read=True))
        except AccountModel.DoesNotExist as error:
            raise NotFound("no such account") from error

    def credentials(self, login: str) -> tuple[Account, str] | None:
        """The account and its password hash for an e-mail or E.164 phone, if one exists."""
        try:
            account_id = LoginModel.get(login, consistent_read=True).account_id
            item = AccountModel.get(account_id, consistent_read=True)
        except (LoginModel.DoesNotExist, AccountModel.DoesNotExist):
            return None
        return account_of(item), item.password_hash

    def verify(self, caterer_id: str, now: datetime) -> Account:
        """Mark a caterer verified (idempotent: the programme counts it once, in the write that
        verifies it); refuses accounts that are not caterers."""
        actions: list[Action] = [
            AccountModel.verified.set(True),
            AccountModel.verification_queue.set(VERIFIED),
        ]
        caterer = AccountModel.id.exists() & (AccountModel.role == Role.CATERER.value)
        not_yet = AccountModel.verified.does_not_exist() | (AccountModel.verified == False)  # noqa: E712

        def write() -> None:
            with TransactWrite(connection=dynamodb()) as tx:
                tx.update(AccountModel(id=caterer_id), actions, condition=caterer & not_yet)
                tx.update(month_item(now), actions=counted("verified"))

        if not transact_if(write):  # verified already, or no such caterer
            try:
                account = self.get(caterer_id)
            except NotFound:
                account = None
            if account is None or account.role is not Role.CATERER:
                raise NotFound("no caterer with this id")
            return account
        return self.get(caterer_id)

    def set_password(self, account_id: str, password_hash: str) -> None:
        AccountModel(id=account_id).update(
            actions=[AccountModel.password_hash.set(password_hash)],
            condition=AccountModel.id.exists(),
        )

    def start_reset(self, account_id: str, reset: PasswordReset) -> None:
        """Keep a new reset code's digest (it replaces any earlier one, and its tries)."""
        AccountModel(id=account_id).update(
            actions=[
                AccountModel.reset_digest.set(reset.digest),
                AccountModel.reset_expires_at.set(reset.expires_at),
                AccountModel.reset_wrong.set(reset.wrong_codes),
            ],
            condition=AccountModel.id.exists(),
        )

    def count_wrong_reset_code(self, account_id: str, digest: str) -> bool:
        """One more wrong try at this reset; False if it had no tries left (or was replaced)."""
        return update_if(
            AccountModel(id=account_id), [AccountModel.reset_wrong.add(1)], _reset_still(digest)
        )

    def reset_password(self, account_id: str, digest: str, password_hash: str) -> bool:
        """The new password, and the reset used up, in one write; False if that reset is no
        longer the account's (used by a concurrent confirmation, or replaced)."""
        return update_if(
            AccountModel(id=account_id),
            [
                AccountModel.password_hash.set(password_hash),
                AccountModel.reset_digest.remove(),
                AccountModel.reset_expires_at.remove(),
                AccountModel.reset_wrong.remove(),
            ],
            _reset_still(digest),
        )

    def set_language(self, account_id: str, language: Language) -> None:
        """Change the language the account is spoken to in (pages, e-mail, SMS)."""
        try:
            AccountModel(id=account_id).update(
                actions=[AccountModel.language.set(language.value)],
                condition=AccountModel.id.exists(),
            )
        except UpdateError as error:
            raise NotFound("no such account") from error

    def update_profile(self, account_id: str, changes: dict[str, Any], caterer: bool) -> None:
        """Set the given attributes (already in storage form; ``None`` removes one), if the
        account exists and, for caterer-only fields, is a caterer."""
        actions: list[Action] = [
            getattr(AccountModel, name).set(value)
            if value is not None
            else getattr(AccountModel, name).remove()
            for name, value in changes.items()
        ]
        if not actions:
            return
        condition = AccountModel.id.exists()
        if caterer:
            condition &= AccountModel.role == Role.CATERER.value
        if not update_if(AccountModel(id=account_id), actions, condition):
            raise NotFound("no such account")

    def grant_exemption(self, caterer_id: str, exemption: Exemption) -> bool:
        """Start a caterer's exemption unless one is running; False when refused."""
        condition = (
            AccountModel.id.exists()
            & (AccountModel.role == Role.CATERER.value)
            & (
                AccountModel.exempt_until.does_not_exist()
                | (AccountModel.exempt_until <= exemption.starts_at)
            )
        )
        actions: list[Action] = [
            AccountModel.exempt_from.set(exemption.starts_at),
            AccountModel.exempt_until.set(exemption.ends_at),
            AccountModel.exemption_reason.set(exemption.reason),
            AccountModel.exemption_programme.set(exemption.programme),
            AccountModel.exemption_watch.set(WATCH),
            AccountModel.exemption_warn_at.set(exemption.warn_at),
        ]
        return update_if(AccountModel(id=caterer_id), actions, condition)

    def exemptions_ending(self, now: datetime) -> Iterator[tuple[str, datetime]]:
        """(caterer, its warning time) for exemptions due a warning: a sparse-index query."""
        query = AccountModel.exemption_warnings.query(WATCH, AccountModel.exemption_warn_at <= now)
        for item in query:
            if item.exemption_warn_at is not None:
                yield item.id, item.exemption_warn_at

    def exemption_warned(self, caterer_id: str, warn_at: datetime) -> bool:
        """Leave the warning index, if the warning is still the one sent (not a new grant)."""
        return update_if(
            AccountModel(id=caterer_id),
            [AccountModel.exemption_watch.remove(), AccountModel.exemption_warn_at.remove()],
            AccountModel.exemption_warn_at == warn_at,
        )

    def set_notice_settings(self, account_id: str, settings: NoticeSettings) -> None:
        updated = update_if(
            AccountModel(id=account_id),
            [
                AccountModel.notice_sms.set(settings.sms),
                AccountModel.notice_email.set(settings.email),
                AccountModel.notice_quiet_hours.set(settings.quiet_hours),
            ],
            AccountModel.id.exists(),
        )
        if not updated:
            raise NotFound("no such account")

    def languages_and_contacts(self, account_ids: list[str]) -> dict[str, Account]:
        """Accounts by id in one batch read (close notifications need each recipient's language)."""
        if not account_ids:
            return {}
        return {i.id: account_of(i) for i in AccountModel.batch_get(account_ids)}
