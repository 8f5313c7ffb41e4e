"""A CLI process's SQLite file in direct mode: SQLite's own driver runs each unit of work,
and SQLAlchemy, when a statement needs it, works inside that same transaction."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from goodwill.bootstrap import build_context
from goodwill.domain.errors import Busy, GoodwillError
from goodwill.domain.model import PersonFields, Tier
from goodwill.services import admin
from goodwill.services.context import Context
from goodwill.store.database import Database

ON = date(2026, 11, 24)


@pytest.fixture
def direct(tmp_path: Path, env: dict[str, str]) -> Iterator[Context]:
    """A context as a new CLI process has it: on a database made before, SQLAlchemy not
    yet used by it."""
    made = build_context(env, db=str(tmp_path / "goodwill.db"))
    admin.init(made)
    made.db.dispose()
    context = build_context(env, db=str(tmp_path / "goodwill.db"), direct=True)
    yield context
    context.db.dispose()


def _names(db: Database) -> list[str]:
    with db.read() as uow:
        return sorted(person.name for person in uow.people.get_many(uow.people.ids()))


def test_a_write_through_both_drivers_commits_as_one(direct: Context) -> None:
    with direct.db.write() as uow:
        uow.settings.put("written", "by SQLite's driver")  # SQL text
        uow.people.add(PersonFields(name="Ana"), ON)  # SQLAlchemy, first used here
    with direct.db.read() as uow:
        assert uow.settings.get("written") == "by SQLite's driver"
    assert _names(direct.db) == ["Ana"]


def test_a_failed_write_leaves_nothing_of_either_driver(direct: Context) -> None:
    with direct.db.write() as uow:
        uow.people.add(PersonFields(name="Bo"), ON)
    with pytest.raises(RuntimeError), direct.db.write() as uow:
        uow.settings.put("written", "then undone")
        uow.people.add(PersonFields(name="Cy"), ON)
        uow.people.set_snooze(uow.people.ids()[0], ON)
        raise RuntimeError("the command failed")
    with direct.db.read() as uow:
        assert uow.settings.get("written") is None
        assert all(person.snoozed_until is None for person in uow.people.get_many([1]))
    assert _names(direct.db) == ["Bo"]


def test_sqlalchemy_first_used_mid_write_does_not_end_the_transaction(direct: Context) -> None:
    """An engine ends its first connection with a rollback; it must not be this one."""
    with pytest.raises(RuntimeError), direct.db.write() as uow:
        uow.settings.put("before", "SQLAlchemy")
        uow.people.add(PersonFields(name="Dee"), ON)  # the engine's first connection
        uow.settings.put("after", "SQLAlchemy")
        raise RuntimeError("abandoned")
    with direct.db.read() as uow:
        assert (uow.settings.get("before"), uow.settings.get("after")) == (None, None)
    assert _names(direct.db) == []


def test_a_unit_inside_a_unit_and_one_in_another_thread_have_their_own(
    direct: Context,
) -> None:
    with direct.db.write() as uow:
        uow.people.add(PersonFields(name="Eve", tier=Tier.INNER), ON)
    seen: list[list[str]] = []
    with direct.db.read() as outer:
        with direct.db.read() as inner:
            seen.append([p.name for p in inner.people.get_many([1])])
        worker = threading.Thread(target=lambda: seen.append(_names(direct.db)))
        worker.start()
        worker.join()
        seen.append([p.name for p in outer.people.get_many([1])])
    assert seen == [["Eve"], ["Eve"], ["Eve"]]


def test_a_database_from_the_future_is_refused_before_any_statement(
    direct: Context, tmp_path: Path
) -> None:
    with direct.db.write() as uow:
        uow.settings.put("x", "y")
    with sqlite3.connect(tmp_path / "goodwill.db") as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    fresh = Database(direct.db.url, direct=True)
    refused = pytest.raises(GoodwillError, match="schema 9999, newer than this goodwill knows")
    with refused, fresh.read():
        pass
    fresh.dispose()


def test_a_write_that_may_not_wait_is_busy_at_once(direct: Context) -> None:
    """`write(wait=False)`, as `today` keeps a day with nothing to do: another writer's
    lock makes it give up at once, where a write waits for it (10 s a try, 120 s in all)."""
    file = direct.db.file
    assert file is not None
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(Busy), direct.db.write(wait=False) as uow:
            uow.settings.put("never", "written")
        assert time.monotonic() - started < 2
    finally:
        holder.rollback()
        holder.close()
    with direct.db.write(wait=False) as uow:  # the lock free, it writes
        uow.settings.put("written", "at once")
    with direct.db.read() as uow:
        assert (uow.settings.get("never"), uow.settings.get("written")) == (None, "at once")
