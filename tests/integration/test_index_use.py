"""Every index of `people` and the ledger is read by some query of the app.

A network of a few thousand people (the demo's, through `goodwill demo`'s own loader) is
big enough that SQLite's planner prefers an index wherever one helps; the app never runs
ANALYZE, so neither does this test. The read paths that the indexes exist for run once
each while every statement they send is captured (`store.query_plans`, which sees the
daily commands' statements on SQLite's own driver too), and each statement's plan is read.
An index that no plan reads costs every import and every write for nothing: drop it, or
fix the query that was meant to use it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from goodwill.domain.model import Tier
from goodwill.services import (
    demo,
    digest,
    finder,
    health,
    ledger,
    occasions,
    onboard,
    paths,
    people,
    person_page,
    plan,
    trends,
)
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.store.query_plans import Statement, capture, explain, short_sql

DAY = date(2026, 11, 24)
PEOPLE = 3000
TABLES = ("people", "interactions", "interaction_people")
#: An index in a plan line: searched by key, or scanned in its order.
INDEX_IN_PLAN = re.compile(r"^(SEARCH|SCAN) \S+ USING (COVERING )?INDEX (\w+)")
#: What makes scanning a whole covering index a reason for it: a sum, count or group.
AGGREGATE = re.compile(r"\b(count|sum)\(|\bGROUP BY\b", re.IGNORECASE)


def indexes_read(statement: Statement) -> set[str]:
    """The indexes a statement's plan needs. A scan of a whole covering index counts only
    when the statement aggregates: one that merely takes some row (`SELECT id FROM people
    LIMIT 1`) scans whichever index is smallest, and needs none."""
    found = set()
    for line in statement.plan:
        match = INDEX_IN_PLAN.match(line.strip())
        if match is None:
            continue
        verb, covering, name = match.groups()
        if verb == "SCAN" and covering and not AGGREGATE.search(statement.sql):
            continue
        found.add(name)
    return found


def declared_indexes(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({', '.join('?' * len(TABLES))}) ORDER BY tbl_name, name",
            TABLES,
        ).fetchall()
    finally:
        connection.close()
    return [str(name) for (name,) in rows]


def sample(path: Path) -> tuple[str, str, str]:
    """A person's name, a company and a discipline of the network."""
    connection = sqlite3.connect(path)
    try:
        name, company, discipline = connection.execute(
            "SELECT name, company, discipline FROM people WHERE company IS NOT NULL"
            " AND discipline IS NOT NULL AND tier != 'archived' ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return str(name), str(company), str(discipline)


def read_paths(app: Context, path: Path) -> dict[str, Callable[[], object]]:
    """The use cases the indexes' comments name, in an order that gives each its data:
    a follow-up to find, and a last write to undo."""
    name, company, discipline = sample(path)
    prefix = name[:-2]  # a prefix of one person's name: the prefix lookup

    def team_knows() -> object:
        # `team knows` asks each colleague's namespace this, on its own database.
        with app.db.read() as uow:
            return uow.team.known_at(company, DAY, 5)

    return {
        "log with a follow-up": lambda: ledger.log(
            app, LogRequest([name], Action.TOUCH, on=DAY, follow_up=DAY + timedelta(days=3))
        ),
        "log backdated (refold)": lambda: ledger.log(
            app, LogRequest([name], Action.TOUCH, on=DAY - timedelta(days=400))
        ),
        "today": lambda: plan.today(app, DAY),
        "today, three days on": lambda: plan.today(app, DAY + timedelta(days=3)),
        "due": lambda: people.list_overdue(app, DAY),
        "health": lambda: health.health(app, DAY),
        "health --plot (trends)": lambda: (
            trends.weekly(app, DAY),
            trends.coverage_weekly(app, DAY),
        ),
        "show by name": lambda: people.show_person(app, name, DAY),
        "show by prefix": lambda: people.show_person(app, prefix, DAY),
        "person page (timeline)": lambda: person_page.person_page(app, name, DAY),
        "timeline page": lambda: people.timeline_page(app, name, 10),
        "balance": lambda: ledger.balance(app, name, DAY),
        "occasions": lambda: occasions.occasions(app, DAY),
        "digest": lambda: digest.compose(app, DAY),
        "onboard": lambda: onboard.propose(app, DAY),
        "list --discipline": lambda: people.list_people(app, discipline=discipline, on=DAY),
        "list --tier": lambda: people.list_people(app, tier=Tier.INNER, on=DAY),
        "path to a company": lambda: paths.path(app, company, on=DAY),
        "team knows": team_knows,
        "help": lambda: finder.who_can_help(app, "design", on=DAY),
        "undo": lambda: ledger.undo(app),
        # Last: it removes someone (the newest person, not the one the others read).
        "rm": lambda: people.remove_person(app, people.list_people(app)[-1]["id"]),
    }


@pytest.fixture
def network(sqlite_app: Context) -> Context:
    loaded = demo.load_demo(sqlite_app, DAY, size=PEOPLE)
    assert loaded.people >= PEOPLE
    return sqlite_app


def test_every_index_is_read_by_a_query(network: Context) -> None:
    path = network.db.file
    assert path is not None
    readers: dict[str, list[str]] = {}
    for operation, action in read_paths(network, path).items():
        captured = explain(path, capture(network.db.engine(), operation, action))
        assert captured.error is None, f"{operation}: {captured.error}"
        assert captured.statements, f"{operation} sent no SQL that was seen"
        for statement in captured.statements.values():
            for name in indexes_read(statement):
                readers.setdefault(name, []).append(f"{operation}: {short_sql(statement.sql)}")
    declared = declared_indexes(path)
    unread = [name for name in declared if name not in readers]
    table = "\n".join(
        f"{name}\n    " + ("\n    ".join(sorted(set(readers[name]))) if name in readers else "-")
        for name in declared
    )
    assert not unread, f"indexes no query reads: {unread}\n{table}"
