"""Accounts of a team server: who they are, and the rules for their names and passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from goodwill.domain.errors import BadInput

USERNAME = re.compile(r"[a-z0-9._-]{1,64}")
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Account:
    """A user of a team server. Their network lives in a namespace of its own (see
    `goodwill.store.database`); the password hash never leaves the store."""

    id: int
    username: str
    created_at: datetime
    share_ties: bool = False
    digest_email: str | None = None
    digest_hour: int | None = None
    time_zone: str | None = None


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Whose an API token is: an account's, or (account None) the single local user's of a
    database without accounts."""

    token_id: int
    account: Account | None

    @property
    def local(self) -> bool:
        return self.account is None

    @property
    def account_id(self) -> int | None:
        return None if self.account is None else self.account.id

    @property
    def username(self) -> str | None:
        return None if self.account is None else self.account.username


def username_key(username: str) -> str:
    """The stored form of a username (lowercase), or BadInput saying what is allowed."""
    key = username.strip().lower()
    if not USERNAME.fullmatch(key):
        raise BadInput(f"bad username '{username}': use 1 to 64 of a-z, 0-9, '.', '_' and '-'")
    return key


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
