"""Shared fixtures: a fresh database on SQLite and on a real PostgreSQL server.

`app` is a service context over a freshly initialised database, with the
clock fixed, so every test of the use cases runs on both backends.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ci import in_ci
from goodwill.bootstrap import build_context
from goodwill.services import admin
from goodwill.services.context import Context
from pgcluster import PostgresCluster

FIXED_NOW = datetime(2026, 11, 24, 9, 30)


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL server per test session (each xdist worker is its own session).

    Without PostgreSQL installed the database tests skip, so the rest of the suite still runs
    locally; in CI (`CI` set to anything true, as `.ci/run` sets it) a skip would hide the
    whole database suite, so it fails instead.
    """
    cluster = PostgresCluster()
    problem: str | None = None
    try:
        cluster.start(tmp_path_factory.mktemp("pg"))
    except (RuntimeError, OSError) as exc:
        problem = f"cannot start a PostgreSQL test server: {exc}"
    if problem is not None:  # Outside the except block, so no chained traceback noise.
        if in_ci():
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment a user would have: private data and config directories."""
    return {
        "GOODWILL_DATA_DIR": str(tmp_path / "data"),
        "GOODWILL_CONFIG": str(tmp_path / "config" / "config.toml"),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'goodwill.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = cluster.create_database(name)
    yield url
    cluster.drop_database(name)


@pytest.fixture
def app(db_url: str, env: dict[str, str]) -> Iterator[Context]:
    context = build_context(env, db=db_url)
    context.clock = lambda: FIXED_NOW
    admin.init(context)
    yield context
    context.db.dispose()


@pytest.fixture
def sqlite_app(tmp_path: Path, env: dict[str, str]) -> Iterator[Context]:
    """A context on SQLite only, for tests about the embedded file itself."""
    context = build_context(env, db=str(tmp_path / "goodwill.db"))
    context.clock = lambda: FIXED_NOW
    admin.init(context)
    yield context
    context.db.dispose()
