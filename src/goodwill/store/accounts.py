"""Accounts, their browser sessions and API tokens: the team tables of the main namespace.

Sessions and tokens are stored by the sha256 of the secret the user holds, never the
secret itself; the password hash is read only by `credentials`, for a login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from goodwill.domain.accounts import Account, TokenOwner
from goodwill.store.sql import Repository
from goodwill.store.tables import accounts, api_tokens, login_failures, sessions

_ACCOUNT_COLUMNS = (
    accounts.c.id,
    accounts.c.username,
    accounts.c.created_at,
    accounts.c.share_ties,
    accounts.c.digest_email,
    accounts.c.digest_hour,
    accounts.c.time_zone,
)

_TOKENS_WITH_ACCOUNTS = api_tokens.outerjoin(accounts, accounts.c.id == api_tokens.c.account_id)


@dataclass(frozen=True, slots=True)
class StoredSession:
    account: Account
    csrf_token: str
    expires_at: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class StoredToken:
    id: int
    name: str
    username: str | None
    created_at: datetime
    last_used: datetime | None


def _account(row: Any) -> Account:
    return Account(
        id=int(row.id),
        username=row.username,
        created_at=row.created_at,
        share_ties=bool(row.share_ties),
        digest_email=row.digest_email,
        digest_hour=row.digest_hour,
        time_zone=row.time_zone,
    )


class AccountRepository(Repository):
    # -- accounts -----------------------------------------------------------------

    def add(self, username: str, password_hash: str, created_at: datetime) -> int:
        statement = insert(accounts).values(
            username=username,
            password_hash=password_hash,
            created_at=created_at,
            share_ties=False,
        )
        return int(self.connection.execute(statement.returning(accounts.c.id)).scalar_one())

    def get(self, account_id: int) -> Account | None:
        row = self.connection.execute(
            select(*_ACCOUNT_COLUMNS).where(accounts.c.id == account_id)
        ).first()
        return None if row is None else _account(row)

    def by_username(self, username: str) -> Account | None:
        row = self.connection.execute(
            select(*_ACCOUNT_COLUMNS).where(accounts.c.username == username)
        ).first()
        return None if row is None else _account(row)

    def credentials(self, username: str) -> tuple[Account, str] | None:
        """The account and its password hash, for a login."""
        row = self.connection.execute(
            select(*_ACCOUNT_COLUMNS, accounts.c.password_hash).where(
                accounts.c.username == username
            )
        ).first()
        return None if row is None else (_account(row), row.password_hash)

    def all(self) -> list[Account]:
        query = select(*_ACCOUNT_COLUMNS).order_by(accounts.c.username)
        return [_account(row) for row in self.connection.execute(query)]

    def sharing(self, except_id: int) -> list[Account]:
        """Accounts that share their ties with the team, other than `except_id`."""
        query = (
            select(*_ACCOUNT_COLUMNS)
            .where(accounts.c.share_ties.is_(True), accounts.c.id != except_id)
            .order_by(accounts.c.username)
        )
        return [_account(row) for row in self.connection.execute(query)]

    def remove(self, account_id: int) -> None:
        """The account, and with it (foreign keys cascade) its sessions and tokens."""
        self.connection.execute(delete(accounts).where(accounts.c.id == account_id))

    def set_password_hash(
        self, account_id: int, password_hash: str, *, replacing: str | None = None
    ) -> bool:
        """Store a new hash; with `replacing`, only if the stored one is still that (a
        rehash must not undo a password changed meanwhile). True when it was stored."""
        statement = update(accounts).where(accounts.c.id == account_id)
        if replacing is not None:
            statement = statement.where(accounts.c.password_hash == replacing)
        result = self.connection.execute(statement.values(password_hash=password_hash))
        return result.rowcount > 0

    def set_sharing(self, account_id: int, share: bool) -> None:
        self.connection.execute(
            update(accounts).where(accounts.c.id == account_id).values(share_ties=share)
        )

    def set_digest(
        self, account_id: int, email: str | None, hour: int | None, time_zone: str | None
    ) -> None:
        self.connection.execute(
            update(accounts)
            .where(accounts.c.id == account_id)
            .values(digest_email=email, digest_hour=hour, time_zone=time_zone)
        )

    # -- sessions -----------------------------------------------------------------

    def add_session(
        self,
        token_hash: str,
        account_id: int,
        csrf_token: str,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        self.connection.execute(
            insert(sessions).values(
                token_hash=token_hash,
                account_id=account_id,
                csrf_token=csrf_token,
                created_at=now,
                expires_at=expires_at,
                last_seen=now,
            )
        )

    def session(self, token_hash: str) -> StoredSession | None:
        query = (
            select(
                *_ACCOUNT_COLUMNS,
                sessions.c.csrf_token,
                sessions.c.expires_at,
                sessions.c.last_seen,
            )
            .select_from(sessions.join(accounts, accounts.c.id == sessions.c.account_id))
            .where(sessions.c.token_hash == token_hash)
        )
        row = self.connection.execute(query).first()
        if row is None:
            return None
        return StoredSession(_account(row), row.csrf_token, row.expires_at, row.last_seen)

    def touch_session(self, token_hash: str, now: datetime) -> None:
        self.connection.execute(
            update(sessions).where(sessions.c.token_hash == token_hash).values(last_seen=now)
        )

    def remove_session(self, token_hash: str) -> None:
        self.connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def remove_sessions(self, account_id: int, *, expired_by: datetime | None = None) -> int:
        """Every session of the account, or with `expired_by` only those expired by then."""
        statement = delete(sessions).where(sessions.c.account_id == account_id)
        if expired_by is not None:
            statement = statement.where(sessions.c.expires_at <= expired_by)
        return int(self.connection.execute(statement).rowcount)

    # -- API tokens ---------------------------------------------------------------

    def add_token(self, token_hash: str, account_id: int | None, name: str, now: datetime) -> int:
        statement = insert(api_tokens).values(
            token_hash=token_hash, account_id=account_id, name=name, created_at=now
        )
        return int(self.connection.execute(statement.returning(api_tokens.c.id)).scalar_one())

    def tokens(self, account_id: int | None = None) -> list[StoredToken]:
        """Every token, or only the account's; oldest first."""
        query = select(
            api_tokens.c.id,
            api_tokens.c.name,
            accounts.c.username,
            api_tokens.c.created_at,
            api_tokens.c.last_used,
        ).select_from(_TOKENS_WITH_ACCOUNTS)
        if account_id is not None:
            query = query.where(api_tokens.c.account_id == account_id)
        rows = self.connection.execute(query.order_by(api_tokens.c.id))
        return [StoredToken(int(r.id), r.name, r.username, r.created_at, r.last_used) for r in rows]

    def token_owner(self, token_hash: str) -> tuple[TokenOwner, datetime | None] | None:
        """Whose the token is, and when it was last used."""
        query = (
            select(
                api_tokens.c.id.label("token_id"),
                api_tokens.c.last_used,
                *_ACCOUNT_COLUMNS,
            )
            .select_from(_TOKENS_WITH_ACCOUNTS)
            .where(api_tokens.c.token_hash == token_hash)
        )
        row = self.connection.execute(query).first()
        if row is None:
            return None
        account = None if row.id is None else _account(row)
        return TokenOwner(token_id=int(row.token_id), account=account), row.last_used

    def touch_token(self, token_id: int, now: datetime) -> None:
        self.connection.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used=now)
        )

    def remove_token(self, token_id: int, account_id: int | None = None) -> bool:
        """Revoke a token (only the account's, when given); True when there was one."""
        statement = delete(api_tokens).where(api_tokens.c.id == token_id)
        if account_id is not None:
            statement = statement.where(api_tokens.c.account_id == account_id)
        return int(self.connection.execute(statement).rowcount) > 0

    # -- failed sign-ins ----------------------------------------------------------

    def login_failures(self, keys: tuple[str, ...], since: datetime) -> dict[str, list[datetime]]:
        """The failures of each key after `since`, oldest first (an index seek per key)."""
        query = (
            select(login_failures.c.key, login_failures.c.failed_at)
            .where(login_failures.c.key.in_(keys), login_failures.c.failed_at > since)
            .order_by(login_failures.c.key, login_failures.c.failed_at)
        )
        found: dict[str, list[datetime]] = {}
        for row in self.connection.execute(query):
            found.setdefault(row.key, []).append(row.failed_at)
        return found

    def add_login_failure(self, keys: tuple[str, ...], at: datetime) -> None:
        self.connection.execute(
            insert(login_failures), [{"key": key, "failed_at": at} for key in keys]
        )

    def forget_login_failures(self, *, key: str | None = None, until: datetime) -> None:
        """The key's failures (or everyone's) up to `until`."""
        statement = delete(login_failures).where(login_failures.c.failed_at <= until)
        if key is not None:
            statement = statement.where(login_failures.c.key == key)
        self.connection.execute(statement)
