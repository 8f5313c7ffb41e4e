"""Setting a database up: init (create or upgrade) and where things live."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from goodwill.config import set_value
from goodwill.domain.errors import about
from goodwill.services.context import HALF_LIFE_KEY, Context
from goodwill.services.link_secret import ensure_link_secret
from goodwill.services.views import Shape
from goodwill.store.schema import HEAD


@dataclass(frozen=True, slots=True)
class Initialised(Shape):
    """The database `init` made ready: where, at which schema, and the copy kept from
    before an upgrade (None when nothing was upgraded)."""

    database: str
    schema: str
    created_or_upgraded: bool
    backup: str | None
    people: int


@dataclass(frozen=True, slots=True)
class Kind(Shape):
    """A kind of the catalogue: a deposit, a withdrawal or a touch, and its weight."""

    direction: str
    weight: float
    label: str


@dataclass(frozen=True, slots=True)
class Info(Shape):
    """Where things live (`goodwill config`), and whether a reindex is owed."""

    database: str
    schema: str
    people: int
    config: str
    templates: str
    #: The half-life the stored balances use; a reindex applies the config's.
    half_life_days: float
    config_half_life_days: float
    reindex_needed: bool
    kinds: Mapping[str, Kind]


def init(ctx: Context) -> Initialised:
    """Create the database, or upgrade it to this version's schema; safe to repeat."""
    from goodwill.services.accounts import upgrade_namespaces

    changed = ctx.db.initialise()
    with ctx.db.write() as uow:
        if uow.settings.get(HALF_LIFE_KEY) is None:
            uow.settings.put(HALF_LIFE_KEY, repr(ctx.config.half_life_days))
        ensure_link_secret(uow)
        people = uow.people.count()
    if ctx.db.owner is None:
        upgrade_namespaces(ctx)  # a team server's accounts: each namespace to this schema
    backup = None if ctx.db.backed_up_to is None else str(ctx.db.backed_up_to)
    return Initialised(ctx.db.where, HEAD, changed, backup, people)


def info(ctx: Context) -> Info:
    """Where the database and config are, and whether the config's half-life is applied."""
    with ctx.db.read() as uow:
        applied = ctx.half_life(uow)
        people = uow.people.count()
    return Info(
        database=ctx.db.where,
        schema=HEAD,
        people=people,
        config=str(ctx.config.config_path),
        templates=str(ctx.config.templates_dir),
        half_life_days=applied,
        config_half_life_days=ctx.config.half_life_days,
        reindex_needed=applied != ctx.config.half_life_days,
        kinds={
            name: Kind(kind.direction.value, kind.weight, kind.label)
            for name, kind in sorted(ctx.config.catalogue.kinds.items())
        },
    )


def set_setting(ctx: Context, key: str, value: str) -> tuple[Path, Any]:
    """`goodwill config set KEY VALUE`: one setting written to the config file, checked first."""
    return set_value(ctx.config.config_path, key, value)


#: What the Settings page changes: the config keys that map one to one onto `Config`.
PERSONAL_SETTINGS = ("name", "signature", "me", "plan_size")


def change_settings(ctx: Context, values: dict[str, str]) -> Context:
    """Write the settings that changed to the config file (each checked as `config set`
    checks it, nothing written past a bad one) and return the context to use from now
    on: a running server reads its config once, at start."""
    changed: dict[str, Any] = {}
    for key in PERSONAL_SETTINGS:
        if key not in values:
            continue
        text = values[key].replace("\r\n", "\n").strip()
        current = getattr(ctx.config, key)
        shown = ", ".join(current) if isinstance(current, tuple) else current
        if text == ("" if shown is None else str(shown)):
            continue
        with about(key):
            _path, stored = set_value(ctx.config.config_path, key, text)
        changed[key] = tuple(stored) if isinstance(stored, list) else stored
    if not changed:
        return ctx
    return ctx.with_config(replace(ctx.config, **changed))
