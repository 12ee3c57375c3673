"""Account storage: the account item plus one login item per e-mail and phone, written together."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.conditional import shared_connection
from chalicelib.adapters.models import AccountModel, LoginModel
from chalicelib.domain.account import Account, Role
from chalicelib.domain.catalog import Category, Language, Province
from chalicelib.domain.errors import Conflict, NotFound

PENDING = "pending"


def _to_domain(item: AccountModel) -> Account:
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
    )


class AccountRepository:
    def add(self, account: Account, password_hash: str) -> None:
        """Create the account; a taken e-mail or phone cancels the whole write (409)."""
        item = AccountModel(
            id=account.id,
            role=account.role.value,
            name=account.name,
            email=account.email,
            phone=account.phone,
            language=account.language.value,
            password_hash=password_hash,
            verified=account.verified,
            business_name=account.business_name,
            provinces=[p.value for p in account.provinces],
            categories=[c.value for c in account.categories],
            created_at=account.created_at,
            verification_queue=PENDING
            if account.role is Role.CATERER and not account.verified
            else None,
        )
        try:
            with TransactWrite(connection=shared_connection()) as tx:
                tx.save(item, condition=AccountModel.id.does_not_exist())
                for login in (account.email, account.phone):
                    tx.save(
                        LoginModel(login=login, account_id=account.id),
                        condition=LoginModel.login.does_not_exist(),
                    )
        except TransactWriteError as error:
            raise Conflict("an account with this e-mail or phone already exists") from error

    def get(self, account_id: str) -> Account:
        try:
            return _to_domain(AccountModel.get(account_id, consistent_read=True))
        except AccountModel.DoesNotExist as error:
            raise NotFound("no such account") from error

    def credentials(self, login: str) -> tuple[Account, str] | None:
        """The account and its password hash for an e-mail or E.164 phone, if one exists."""
        try:
            account_id = LoginModel.get(login, consistent_read=True).account_id
            item = AccountModel.get(account_id, consistent_read=True)
        except (LoginModel.DoesNotExist, AccountModel.DoesNotExist):
            return None
        return _to_domain(item), item.password_hash

    def verify(self, caterer_id: str) -> Account:
        """Mark a caterer verified (idempotent); refuses accounts that are not caterers."""
        item = AccountModel(id=caterer_id)
        try:
            item.update(
                actions=[AccountModel.verified.set(True), AccountModel.verification_queue.remove()],
                condition=AccountModel.id.exists() & (AccountModel.role == Role.CATERER.value),
            )
        except UpdateError as error:
            raise NotFound("no caterer with this id") from error
        return _to_domain(item)

    def set_language(self, account_id: str, language: Language) -> None:
        """Change the language the account is spoken to in (pages, e-mail, SMS)."""
        try:
            AccountModel(id=account_id).update(
                actions=[AccountModel.language.set(language.value)],
                condition=AccountModel.id.exists(),
            )
        except UpdateError as error:
            raise NotFound("no such account") from error

    def pending_caterers(self, limit: int = 50) -> list[Account]:
        return [_to_domain(i) for i in AccountModel.pending_caterers.query(PENDING, limit=limit)]

    def languages_and_contacts(self, account_ids: list[str]) -> dict[str, Account]:
        """Accounts by id in one batch read (close notifications need each recipient's language)."""
        if not account_ids:
            return {}
        return {i.id: _to_domain(i) for i in AccountModel.batch_get(account_ids)}
