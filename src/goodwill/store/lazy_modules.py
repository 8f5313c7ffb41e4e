"""Modules that load when first used, not when imported: SQLAlchemy and the schema's tables.

The repositories the daily commands use run their statements as SQL text (`store.sql`);
their other methods build statements with SQLAlchemy. Those modules import it as

    if TYPE_CHECKING:
        import sqlalchemy as sa
    else:
        sa = lazy("sqlalchemy")

so that SQLAlchemy (and `store.tables`, which makes the schema's SQLAlchemy tables) loads
on the first `sa.select(...)`, in a process that needs it, and never in one that does not.
The standard library's `LazyLoader` does the deferring.

Python 3.11's `LazyLoader` is not safe when two threads touch a module for the first time at
once. The server never lets them: it imports SQLAlchemy and the tables as it starts, before
any worker thread runs (`goodwill.web.server`), and the CLI and the assistant use one thread.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module `name`, loaded on first attribute access (or now, if it already is)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module


def load_whole(*names: str) -> None:
    """Load these modules now, lazy or not: what a process calls before it starts threads
    that may touch them."""
    for name in names:
        vars(importlib.import_module(name))  # reading an attribute makes a lazy module load
