"""The database's own secret, which signs the links a digest email carries.

It lives in the database (settings key `link_secret`), not in the config file: a link is
only as good as the database it acts on, and a restored or copied database keeps
honouring its links. Only writes create it (`goodwill init`, the first digest sent).
"""

from __future__ import annotations

import secrets

from goodwill.store.database import UnitOfWork

LINK_SECRET_KEY = "link_secret"


def link_secret(uow: UnitOfWork) -> str | None:
    return uow.settings.get(LINK_SECRET_KEY)


def ensure_link_secret(uow: UnitOfWork) -> str:
    """The secret, made on first use; `uow` must be a write."""
    secret = link_secret(uow)
    if secret is None:
        secret = secrets.token_urlsafe(32)
        uow.settings.put(LINK_SECRET_KEY, secret)
    return secret
