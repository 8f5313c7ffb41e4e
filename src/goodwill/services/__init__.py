"""Use cases: one function per thing a user does. Each owns its transaction.

The modules below are the surface the interfaces (CLI, web, API, assistant) use, each
named after what a user does with it; the rest are their parts. They load on first use
(`goodwill.services.plan` imports only when a command reaches for it), so an interface
can write `services.plan.today(...)` without paying for every service at start.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goodwill.services import (
        accounts,
        admin,
        ask,
        brief,
        campaigns,
        context,
        demo,
        digest,
        events,
        finder,
        health,
        imports,
        ledger,
        lists,
        merging,
        occasions,
        onboard,
        paths,
        people,
        person_page,
        plan,
        privacy,
        sync,
        transfer,
        trends,
        triage,
        views,
    )

__all__ = [
    "accounts",
    "admin",
    "ask",
    "brief",
    "campaigns",
    "context",
    "demo",
    "digest",
    "events",
    "finder",
    "health",
    "imports",
    "ledger",
    "lists",
    "merging",
    "occasions",
    "onboard",
    "paths",
    "people",
    "person_page",
    "plan",
    "privacy",
    "sync",
    "transfer",
    "trends",
    "triage",
    "views",
]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
