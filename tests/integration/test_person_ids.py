"""A person's `#id` is never given to someone else after `rm` or `merge`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from goodwill.services import merging, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.store.engine import make_engine
from goodwill.store.migrate import upgrade
from migrations import migrate


def add(app: Context, name: str) -> int:
    return people.add_person(app, PersonChanges(name=name)).id


def test_ids_of_removed_and_merged_people_are_not_given_again(app: Context) -> None:
    ana, bo, cy = add(app, "Ana"), add(app, "Bo"), add(app, "Cy")
    people.remove_person(app, cy)
    dee = add(app, "Dee")
    assert dee > cy
    merging.merge(app, f"#{ana}", f"#{dee}")
    assert add(app, "Eve") > dee
    assert {p["name"] for p in people.list_people(app)} == {"Ana", "Bo", "Eve"}
    assert bo < cy


def test_an_existing_sqlite_database_keeps_its_people_and_stops_reusing_ids(
    tmp_path: Path, sqlite_app: Context
) -> None:
    url = f"sqlite:///{tmp_path / 'before.db'}"
    engine = make_engine(url)
    upgrade(engine, "0015")
    with engine.begin() as connection:
        for pid, name in ((1, "Ana"), (2, "Bo"), (7, "Gil")):
            connection.execute(
                text(
                    "INSERT INTO people (id, name, name_key, tier, notes, created_on,"
                    " balance_anchor, credit_anchor, deposits, withdrawals, touches,"
                    " their_gives, their_asks, their_cold_asks, entries)"
                    " VALUES (:id, :name, lower(:name), 'active', '', '2026-01-01',"
                    " 0, 0, 0, 0, 0, 0, 0, 0, 0)"
                ),
                {"id": pid, "name": name},
            )
            connection.execute(
                text("INSERT INTO person_tags (person_id, tag) VALUES (:id, 'kept')"),
                {"id": pid},
            )
    upgrade(engine)
    with engine.begin() as connection:
        declaration = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'people'")
        ).scalar_one()
        assert "PRIMARY KEY AUTOINCREMENT" in declaration
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert connection.execute(text("SELECT count(*) FROM person_tags")).scalar_one() == 3
        connection.execute(text("DELETE FROM people WHERE id = 7"))
        connection.execute(
            text(
                "INSERT INTO people (name, name_key, tier, notes, created_on, balance_anchor,"
                " credit_anchor, deposits, withdrawals, touches, their_gives, their_asks,"
                " their_cold_asks, entries) VALUES ('Hal', 'hal', 'active', '', '2026-01-01',"
                " 0, 0, 0, 0, 0, 0, 0, 0, 0)"
            )
        )
        assert connection.execute(text("SELECT id FROM people WHERE name = 'Hal'")).scalar() == 8
    engine.dispose()


@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_migration_walks_back_and_forth(app: Context) -> None:
    ana = add(app, "Ana")
    migrate(app.db, "downgrade", "0015")
    migrate(app.db, "upgrade", "head")
    people.remove_person(app, add(app, "Bo"))
    assert add(app, "Cy") == ana + 2
