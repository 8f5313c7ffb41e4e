"""The one place that wires settings, store and services together for an interface."""

from __future__ import annotations

from collections.abc import Mapping

from goodwill.config import load_config
from goodwill.services.context import Context
from goodwill.store.database import Database


def build_context(
    environ: Mapping[str, str], *, db: str | None = None, demo: bool = False, direct: bool = False
) -> Context:
    """The context of an interface; `direct` for a one-command process (the CLI), whose
    SQLite file is then used through SQLite's own driver (see `store.database`)."""
    config = load_config(environ, db=db)
    url = config.demo_db_url if demo else config.db_url
    return Context(config=config, db=Database(url, direct=direct))
