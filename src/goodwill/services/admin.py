"""Setting a database up: init (create or upgrade) and where things live."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from goodwill.config import set_value
from goodwill.services.context import HALF_LIFE_KEY, Context
from goodwill.services.link_secret import ensure_link_secret
from goodwill.store.schema import HEAD


def init(ctx: Context) -> dict[str, Any]:
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
    return {
        "database": ctx.db.where,
        "schema": HEAD,
        "created_or_upgraded": changed,
        "backup": None if ctx.db.backed_up_to is None else str(ctx.db.backed_up_to),
        "people": people,
    }


def info(ctx: Context) -> dict[str, Any]:
    """Where the database and config are, and whether the config's half-life is applied."""
    with ctx.db.read() as uow:
        applied = ctx.half_life(uow)
        people = uow.people.count()
    return {
        "database": ctx.db.where,
        "schema": HEAD,
        "people": people,
        "config": str(ctx.config.config_path),
        "templates": str(ctx.config.templates_dir),
        "half_life_days": applied,
        "config_half_life_days": ctx.config.half_life_days,
        "reindex_needed": applied != ctx.config.half_life_days,
        "kinds": {
            name: {"direction": kind.direction.value, "weight": kind.weight, "label": kind.label}
            for name, kind in sorted(ctx.config.catalogue.kinds.items())
        },
    }


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
        _path, stored = set_value(ctx.config.config_path, key, text)
        changed[key] = tuple(stored) if isinstance(stored, list) else stored
    if not changed:
        return ctx
    return ctx.with_config(replace(ctx.config, **changed))
