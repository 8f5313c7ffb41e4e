"""Each account's network in its own namespace: what one owner writes, no other owner sees.

On PostgreSQL a namespace is a schema, on SQLite a file beside the main one; both run here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from goodwill.domain.errors import GoodwillError, NotFound
from goodwill.domain.model import Tier
from goodwill.services import accounts, admin, finder, health, people, plan, transfer
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.store.database import WRITE_LOCK
from goodwill.store.engine import sqlite_path
from goodwill.store.schema import HEAD
from migrations import migrate

PASSWORD = "correct horse battery"


def add(ctx: Context, name: str, **changes: object) -> int:
    return people.add_person(ctx, PersonChanges(name=name, **changes)).id  # type: ignore[arg-type]


def names(ctx: Context) -> list[str]:
    return [person["name"] for person in people.list_people(ctx)]


@pytest.fixture
def pair(app: Context) -> tuple[Context, Context]:
    ana = accounts.add_user(app, "ana", PASSWORD)
    bo = accounts.add_user(app, "bo", PASSWORD)
    return app.for_owner(ana.id), app.for_owner(bo.id)


def test_what_one_owner_adds_no_other_owner_sees(
    app: Context, pair: tuple[Context, Context]
) -> None:
    ana, bo = pair
    add(
        ana,
        "Dana Reyes",
        company="Acme",
        tier=Tier.INNER,
        note="pricing expert",
        emails=("dana@acme.example",),
    )
    add(app, "Lee Park")  # the main namespace: the single local user's network

    assert names(ana) == ["Dana Reyes"]
    assert names(bo) == []
    assert names(app) == ["Lee Park"]
    assert plan.today(bo).to_json()["picks"] == []
    assert health.health(bo).people == 0
    assert finder.who_can_help(bo, "pricing").to_json()["people"] == []
    assert (
        finder.who_can_help(ana, "pricing").to_json()["people"][0]["person"]["name"] == "Dana Reyes"
    )
    backup = json.loads(transfer.export(bo, "json"))
    assert "Dana" not in json.dumps(backup) and "Lee" not in json.dumps(backup)
    with pytest.raises(NotFound):
        people.show_person(bo, "dana@acme.example")


def test_an_id_resolves_to_the_owners_own_row(pair: tuple[Context, Context]) -> None:
    ana, bo = pair
    ana_id = add(ana, "Dana Reyes")
    bo_id = add(bo, "Sam Ortiz")
    assert ana_id == bo_id  # each namespace counts from one
    assert people.show_person(ana, f"#{ana_id}").name == "Dana Reyes"
    assert people.show_person(bo, f"#{bo_id}").name == "Sam Ortiz"
    people.remove_person(bo, bo_id)
    assert names(ana) == ["Dana Reyes"]


def test_an_owner_namespace_is_a_schema_or_a_private_file(
    app: Context, pair: tuple[Context, Context]
) -> None:
    ana, _bo = pair
    path = sqlite_path(app.db.url)
    if path is None:
        with app.db.engine().connect() as connection:
            found = connection.execute(
                text("SELECT version_num FROM owner_1.alembic_version")
            ).scalar_one()
        assert found == HEAD
    else:
        owners = path.with_name(path.name + ".owners")
        assert owners.stat().st_mode & 0o777 == 0o700
        assert Path(ana.db.where) == owners / "owner-1.db"
        assert (owners / "owner-1.db").stat().st_mode & 0o777 == 0o600


def test_removing_a_user_removes_their_data(app: Context, pair: tuple[Context, Context]) -> None:
    ana, bo = pair
    add(ana, "Dana Reyes")
    add(bo, "Sam Ortiz")
    where = ana.db.where
    accounts.remove_user(app, "ana")

    path = sqlite_path(app.db.url)
    if path is None:
        with app.db.engine().connect() as connection:
            schemas = set(connection.execute(text("SELECT nspname FROM pg_namespace")).scalars())
        assert "owner_1" not in schemas and "owner_2" in schemas
    else:
        assert not Path(where).exists()
        assert list(Path(where).parent.glob("owner-1.db*")) == []
    assert [user.username for user in accounts.list_users(app)] == ["bo"]
    assert names(bo) == ["Sam Ortiz"]
    with pytest.raises(GoodwillError, match="run `goodwill init` first"):
        people.list_people(app.for_owner(1))


def test_a_new_account_never_inherits_an_old_namespace(app: Context) -> None:
    """A main database recreated beside an old owners' directory starts its ids at one."""
    stale = app.for_owner(1)
    stale.db.initialise()
    add(stale, "Someone Else's Contact")
    ana = accounts.add_user(app, "ana", PASSWORD)
    assert ana.id == 1
    assert names(app.for_owner(1)) == []


def test_init_brings_every_namespace_to_the_current_schema(
    app: Context, pair: tuple[Context, Context]
) -> None:
    ana, _bo = pair
    add(ana, "Dana Reyes")
    migrate(ana.db, "downgrade", "0009")
    app.db.forget_owner(1)  # as a new process would: it checks the schema afresh
    with pytest.raises(GoodwillError, match="schema 0009: run `goodwill init` to upgrade it"):
        people.list_people(app.for_owner(1))
    admin.init(app)
    assert names(app.for_owner(1)) == ["Dana Reyes"]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_owners_take_turns_only_with_themselves(
    app: Context, pair: tuple[Context, Context]
) -> None:
    """SQLite owners have a file each, and so a lock each; PostgreSQL needs a lock per owner."""
    ana, _bo = pair

    def free(owner: int) -> bool:
        with app.db.engine().connect() as other:
            return bool(
                other.exec_driver_sql(
                    f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK}, {owner})"
                ).scalar_one()
            )

    with ana.db.write():
        assert not free(1)  # ana's writers wait for this one
        assert free(2) and free(0)  # bo and the main namespace do not
