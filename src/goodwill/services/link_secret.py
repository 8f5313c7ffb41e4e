"""The database's own secret, which signs the links a digest email carries.

It lives in the database (settings key `link_secret`), not in the config file: a link is
only as good as the database it acts on. A copy made by `goodwill backup` keeps honouring
its links; a JSON backup never carries the secret (it travels, and would let whoever reads
it sign links), so a restore makes a new one and links sent before it stop working. Only
writes create it (`goodwill init`, the first digest sent, a restore).
"""

from __future__ import annotations

import secrets

from goodwill.store.database import UnitOfWork
from goodwill.store.settings import LINK_SECRET_KEY


def link_secret(uow: UnitOfWork) -> str | None:
    return uow.settings.get(LINK_SECRET_KEY)


def ensure_link_secret(uow: UnitOfWork) -> str:
    """The secret, made on first use; `uow` must be a write."""
    secret = link_secret(uow)
    if secret is None:
        secret = secrets.token_urlsafe(32)
        uow.settings.put(LINK_SECRET_KEY, secret)
    return secret


def renew_link_secret(uow: UnitOfWork) -> None:
    """A new secret: links signed with the old one (or with none) stop working."""
    uow.settings.put(LINK_SECRET_KEY, secrets.token_urlsafe(32))
