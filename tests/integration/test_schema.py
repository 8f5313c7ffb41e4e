"""The schema: migrations build exactly the tables the code uses; versions are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from goodwill.domain.errors import GoodwillError
from goodwill.services.context import Context
from goodwill.store import schema
from goodwill.store.database import Database
from goodwill.store.migrate import MIGRATIONS_DIR
from goodwill.store.schema import current_revision
from goodwill.store.sql import AlchemySql
from goodwill.store.tables import metadata
from migrations import migrate


def test_the_known_revisions_are_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    ordered = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(ordered) == schema.REVISIONS
    assert scripts.get_current_head() == schema.HEAD


def _not_full_text_search(name: str | None, _kind: str, _parents: object) -> bool:
    """The full-text index is dialect-specific DDL outside the metadata (FTS5 tables on
    SQLite, a GIN expression index on PostgreSQL)."""
    return not (name or "").startswith(("search_fts", "ix_search_docs_text"))


# Alembic cannot reflect expression indexes on SQLite, says so, and compares the rest.
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_build_the_schema_the_code_uses(app: Context) -> None:
    with app.db.engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _not_full_text_search}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_accounts_migration_walks_back_and_forth(app: Context) -> None:
    from goodwill.services import accounts

    accounts.add_user(app, "ana", "correct horse battery")
    migrate(app.db, "downgrade", "0009")
    with app.db.engine().connect() as connection:
        assert current_revision(AlchemySql(connection)) == "0009"
        tables = set(inspect(connection).get_table_names())
    assert {"people", "interactions"} <= tables
    assert not {"accounts", "sessions", "api_tokens"} & tables
    migrate(app.db, "upgrade", "head")
    with app.db.engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _not_full_text_search}
        )
        assert compare_metadata(context, metadata) == []
    assert accounts.list_users(app) == []


def test_a_database_from_a_newer_goodwill_is_refused_and_left_untouched(
    sqlite_app: Context,
) -> None:
    with sqlite_app.db.engine().begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    sqlite_app.db.dispose()
    path = Path(sqlite_app.db.where)
    before = path.read_bytes()
    fresh = Database(sqlite_app.db.url)
    with (
        pytest.raises(GoodwillError, match="schema 9999, newer than this goodwill knows"),
        fresh.read(),
    ):
        pass
    with pytest.raises(GoodwillError, match="newer than this goodwill knows"):
        fresh.initialise()
    fresh.dispose()
    assert path.read_bytes() == before


def test_a_missing_database_is_not_created_by_a_read(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "goodwill.db"
    database = Database(f"sqlite:///{target}")
    with pytest.raises(GoodwillError, match="run `goodwill init` first"), database.read():
        pass
    assert not target.exists()


def test_init_is_idempotent_and_the_file_is_private(sqlite_app: Context) -> None:
    assert sqlite_app.db.initialise() is False
    assert Path(sqlite_app.db.where).stat().st_mode & 0o777 == 0o600


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_app: Context) -> None:
    with sqlite_app.db.engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_from_the_first_schema_upgrades_with_its_data(
    tmp_path: Path, env: dict[str, str]
) -> None:
    from goodwill.bootstrap import build_context
    from goodwill.services import admin, people
    from goodwill.store.engine import make_engine
    from goodwill.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, name, name_key, tier, notes, created_on, balance_anchor,"
                " deposits, withdrawals, touches, their_gives, their_asks, their_cold_asks, entries)"
                " VALUES (1, 'Ana Núñez', 'ana nunez', 'inner', 'met at PMI', '2024-01-01', 0,"
                " 0, 0, 0, 0, 0, 0, 0)"
            )
        )
    engine.dispose()
    context = build_context(env, db=url)
    with pytest.raises(GoodwillError, match="schema 0001: run `goodwill init` to upgrade it"):
        people.list_people(context)
    upgraded = admin.init(context)
    assert upgraded.created_or_upgraded is True
    assert upgraded.backup is not None
    kept = Path(upgraded.backup)
    assert kept == tmp_path / "old.db.schema-0001.bak" and kept.stat().st_mode & 0o777 == 0o600
    assert (
        create_engine(f"sqlite:///{kept}")
        .connect()
        .exec_driver_sql("SELECT version_num FROM alembic_version")
        .scalar()
        == "0001"
    )
    assert [p["name"] for p in people.list_people(context)] == ["Ana Núñez"]
    assert people.show_person(context, "ana").notes == "met at PMI"
    context.db.dispose()


def test_health_indexes_exist_after_migrating(sqlite_app: Context) -> None:
    with sqlite_app.db.engine().connect() as connection:
        names = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            ).scalars()
        )
    assert {
        "ix_people_tier_quiet_since",
        "ix_people_met_or_added",
        "ix_people_tier_due_touch",
    } <= names


def test_the_credit_migration_fills_the_anchor_a_write_keeps(app: Context) -> None:
    from datetime import date

    from goodwill.services import ledger, people
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.services.people import PersonChanges

    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    for who, action, kind, on in (
        ("Ana", Action.GAVE, "reference", date(2025, 3, 1)),
        ("Ana", Action.ASKED, "job", date(2026, 1, 10)),
        ("Ana", Action.TOUCH, None, date(2026, 6, 1)),
        ("Bo", Action.THEY_GAVE, "intro-made", date(2026, 2, 2)),
        ("Bo", Action.GAVE, "shared-article", date(2026, 11, 1)),
    ):
        ledger.log(app, LogRequest(people=(who,), action=action, kind=kind, on=on, anyway=True))

    def anchors() -> dict[str, float]:
        with app.db.read() as uow:
            listed = uow.people.get_many([pid for pid, _n, _c in uow.people.names()])
            return {p.name: p.state.credit_anchor for p in listed}

    kept = anchors()
    assert kept["Ana"] != 0 and kept["Bo"] != 0 and kept["Cy"] == 0
    migrate(app.db, "downgrade", "0014")
    migrate(app.db, "upgrade", "head")
    assert anchors() == pytest.approx(kept, rel=1e-9)


def test_the_statements_written_as_text_read_the_columns_the_tables_declare() -> None:
    """`store.people` and `store.ledger` name the columns they read in their SQL text; the
    tables (which the migrations are checked against) are the schema."""
    from goodwill.store import tables
    from goodwill.store.ledger import _ENTRY_COLUMNS, _INTERACTION_COLUMNS
    from goodwill.store.people import PEOPLE_COLUMNS

    assert tuple(tables.people.columns.keys()) == PEOPLE_COLUMNS
    interaction_columns = set(tables.interactions.columns.keys())
    assert set(_ENTRY_COLUMNS) <= interaction_columns
    assert set(_INTERACTION_COLUMNS) == interaction_columns - {"id"}


def test_letters_kept_whole_are_folded_in_the_keys_of_an_older_database(app: Context) -> None:
    """0021: "Søren" at "Mærsk", stored by a goodwill that kept ø and æ in its keys, is
    found as "soren" at "maersk" once upgraded, as a new one would store them."""
    from sqlalchemy import text

    from goodwill.services import finder, paths, people
    from goodwill.services.people import PersonChanges

    people.add_person(
        app, PersonChanges(name="Søren Kierkegaard-Jensen", company="Mærsk", title="Geophysicist")
    )
    with app.db.engine().connect() as connection:
        stored = connection.execute(text("SELECT name_key, company_key FROM people")).one()
    migrate(app.db, "downgrade", "0020")
    with app.db.engine().begin() as connection:  # as the older goodwill folded them
        connection.execute(
            text("UPDATE people SET name_key = 'søren kierkegaard-jensen', company_key = 'mærsk'")
        )
        connection.execute(
            text("UPDATE search_docs SET profile_stems = 'søren kierkegaard jensen mærsk'")
        )
    migrate(app.db, "upgrade", "head")
    with app.db.engine().connect() as connection:
        assert connection.execute(text("SELECT name_key, company_key FROM people")).one() == stored
    assert people.show_person(app, "soren").name == "Søren Kierkegaard-Jensen"
    assert [h.person.name for h in finder.who_can_help(app, "maersk").people] == [
        "Søren Kierkegaard-Jensen"
    ]
    assert paths.path(app, "Maersk").mode == "company"


def test_cyrillic_and_greek_names_are_romanised_in_the_keys_of_an_older_database(
    app: Context,
) -> None:
    """0023: "Мария Иванова" at "Газпром", stored by a goodwill that kept Cyrillic letters
    in its keys, is found as "Ivanova" at "Gazprom" once upgraded, as a new one stores them."""
    from sqlalchemy import text

    from goodwill.services import finder, paths, people
    from goodwill.services.people import PersonChanges

    people.add_person(
        app, PersonChanges(name="Мария Иванова", company="Газпром", location="Москва")
    )
    with app.db.engine().connect() as connection:
        stored = connection.execute(text("SELECT name_key, company_key FROM people")).one()
    assert stored == ("mariya ivanova", "gazprom")
    migrate(app.db, "downgrade", "0022")
    with app.db.engine().begin() as connection:  # as the older goodwill folded them
        connection.execute(
            text("UPDATE people SET name_key = 'мария иванова', company_key = 'газпром'")
        )
        connection.execute(
            text("UPDATE search_docs SET profile_stems = 'мария иванова газпром москва'")
        )
    migrate(app.db, "upgrade", "head")
    with app.db.engine().connect() as connection:
        assert connection.execute(text("SELECT name_key, company_key FROM people")).one() == stored
    assert people.show_person(app, "Ivanova").name == "Мария Иванова"
    assert [h.person.name for h in finder.who_can_help(app, "Moskva").people] == ["Мария Иванова"]
    assert paths.path(app, "Gazprom").mode == "company"


def test_the_plan_count_migration_counts_each_kept_day_s_picks(app: Context) -> None:
    """0024: a day kept with picks is counted as planned with them, a day kept with
    nobody in it (nothing to do) as planned with none."""
    from datetime import date, timedelta

    from goodwill.domain.model import Tier
    from goodwill.services import ledger, people, plan
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.services.people import PersonChanges

    today = app.today()
    people.add_person(app, PersonChanges(name="Ana", tier=Tier.INNER))
    people.add_person(app, PersonChanges(name="Bo", tier=Tier.INNER))
    for who, days in (("Ana", 90), ("Bo", 60)):
        ledger.log(app, LogRequest(people=(who,), action=Action.TOUCH, on=today - timedelta(days)))
    assert plan.done(app, 1, on=today - timedelta(days=3), n=2).to_json()["day_complete"] is False
    assert plan.done(app, 2, on=today - timedelta(days=3), n=2).to_json()["day_complete"]
    plan.snooze(app, "Ana", 30, on=today - timedelta(days=1), n=1)  # kept, with nobody due

    def planned() -> list[tuple[date, int]]:
        with app.db.engine().connect() as connection:
            found = connection.execute(text("SELECT day, planned FROM plan_days ORDER BY day"))
            return [(date.fromisoformat(str(day)[:10]), count) for day, count in found]

    kept = planned()
    assert kept == [(today - timedelta(days=3), 2), (today - timedelta(days=1), 0)]
    migrate(app.db, "downgrade", "0023")
    migrate(app.db, "upgrade", "head")
    assert planned() == kept


def test_an_older_database_stops_finding_people_by_what_i_gave_them(app: Context) -> None:
    """0025: a document an older goodwill wrote held the notes of my gives too; once
    upgraded, it holds only those of what they gave me and of my touches."""
    from datetime import date

    from sqlalchemy import text

    from goodwill.services import finder, ledger, people
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.services.people import PersonChanges

    for name, action, note in (
        ("Carl Given", Action.GAVE, "my notes on Kubernetes pricing"),
        ("Fay Gave", Action.THEY_GAVE, "walked me through Kubernetes pricing"),
    ):
        people.add_person(app, PersonChanges(name=name))
        ledger.log(app, LogRequest(people=(name,), action=action, note=note, on=date(2026, 10, 1)))
    migrate(app.db, "downgrade", "0024")
    with app.db.engine().begin() as connection:  # as the older goodwill wrote Carl's
        connection.execute(
            text(
                "UPDATE search_docs SET notes = 'my notes on Kubernetes pricing', "
                "notes_stems = 'my note on kubernet price' WHERE notes = ''"
            )
        )
    migrate(app.db, "upgrade", "head")
    assert [h.person.name for h in finder.who_can_help(app, "kubernetes").people] == ["Fay Gave"]
    assert [h.person.name for h in finder.who_can_help(app, "pricing").people] == ["Fay Gave"]


def test_the_search_migration_keys_notes_as_reindex_does(app: Context) -> None:
    """0026: an older document gets the notes key `reindex` would give it (the day of its
    newest note that tells what they know), and `help` finds by profile and notes as before."""
    from datetime import date

    from sqlalchemy import text

    from goodwill.services import finder, ledger, people
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.services.people import PersonChanges

    people.add_person(app, PersonChanges(name="Kim Profile", title="Kubernetes consultant"))
    for name in ("Fay Gave", "Gus Talked", "Hal Quiet"):
        people.add_person(app, PersonChanges(name=name))
    for name, action, note, day in (
        ("Fay Gave", Action.THEY_GAVE, "walked me through Kubernetes pricing", 3),
        ("Gus Talked", Action.TOUCH, "he runs Kubernetes at Globex", 1),
        ("Gus Talked", Action.GAVE, "sent him my talk", 9),  # mine: not what he knows
        ("Hal Quiet", Action.TOUCH, "", 5),
    ):
        request = LogRequest(
            people=(name,), action=action, note=note, on=date(2026, 10, day), anyway=True
        )
        ledger.log(app, request)

    def documents() -> list[tuple[object, ...]]:
        with app.db.engine().connect() as connection:
            query = text(
                "SELECT p.name, d.notes, d.notes_key FROM search_docs d "
                "JOIN people p ON p.id = d.person_id ORDER BY p.name"
            )
            return [tuple(row) for row in connection.execute(query)]

    def found() -> list[str]:
        return sorted(h.person.name for h in finder.who_can_help(app, "kubernetes").people)

    written = documents()
    keys = {name: key // 2**32 for name, _, key in written}  # type: ignore[operator]
    assert keys == {
        "Fay Gave": date(2026, 10, 3).toordinal(),
        "Gus Talked": date(2026, 10, 1).toordinal(),
        "Hal Quiet": 0,
        "Kim Profile": 0,
    }
    assert found() == ["Fay Gave", "Gus Talked", "Kim Profile"]
    migrate(app.db, "downgrade", "0025")
    migrate(app.db, "upgrade", "head")
    assert documents() == written
    assert found() == ["Fay Gave", "Gus Talked", "Kim Profile"]
    ledger.reindex(app)
    assert documents() == written


def test_a_write_made_before_undo_knew_what_it_added_is_still_undone(app: Context) -> None:
    """0027: an event recorded by an older goodwill names no batch: `undo` reverts its
    entry, as it did, and keeps the event and the people; a newer event is undone whole."""
    from goodwill.services import events, ledger, people

    events.add_event(app, "Old meetup", met=("Ann Early",))
    migrate(app.db, "downgrade", "0026")
    migrate(app.db, "upgrade", "head")
    events.add_event(app, "New meetup", met=("Bo Later",))
    assert ledger.undo(app).removed_names == ("Bo Later",)
    assert [e.name for e in events.list_events(app)] == ["Old meetup"]
    undone = ledger.undo(app)
    assert (undone.undone, undone.removed) == ("event Old meetup", 0)
    assert [p["name"] for p in people.list_people(app)] == ["Ann Early"]


def _keys_and_words(app: Context) -> list[tuple[object, ...]]:
    """Everyone's name and company keys and search words as stored, by id: what a rekeying
    migration rewrites."""
    with app.db.engine().connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT p.name_key, p.company_key, d.profile_stems, d.notes_stems "
                    "FROM people p JOIN search_docs d ON d.person_id = p.id ORDER BY p.id"
                )
            )
        ]


def test_an_upgraded_database_finds_names_and_notes_as_a_new_write_stores_them(
    app: Context,
) -> None:
    """0028: 0023 romanised what an older goodwill had folded, whose "й" was already "и":
    "Сергей" was stored as "sergei" and `help Sergey` found nobody until a reindex. Once
    upgraded, keys and search words are what a new write stores, a name stored decomposed
    included."""
    import unicodedata
    from datetime import date

    from goodwill.services import finder, ledger, paths, people
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.services.people import PersonChanges

    people.add_person(
        app,
        PersonChanges(name="Сергей Фёдоров", company="Đorđević", location="Київ", title="Геолог"),
    )
    ledger.log(
        app,
        LogRequest(
            people=("Сергей Фёдоров",),
            action=Action.THEY_GAVE,
            note="Андрей и Сергей показали Kubernetes",
            on=date(2026, 10, 1),
        ),
    )
    people.add_person(app, PersonChanges(name=unicodedata.normalize("NFD", "Андрей Зайцев")))

    written = _keys_and_words(app)
    assert [row[0] for row in written] == ["sergey fyodorov", "andrey zaytsev"]
    migrate(app.db, "downgrade", "0027")
    with app.db.engine().begin() as connection:  # as 0023 left an older goodwill's keys
        connection.execute(
            text(
                "UPDATE people SET name_key = 'sergei fedorov', company_key = 'dordevic' "
                "WHERE name_key = 'sergey fyodorov'"
            )
        )
        connection.execute(
            text("UPDATE people SET name_key = 'andrei zaitsev' WHERE name_key = 'andrey zaytsev'")
        )
        connection.execute(
            text(
                "UPDATE search_docs SET profile_stems = 'sergei fedorov dordevic kiiv geolog', "
                "notes_stems = 'andrei i sergei pokazali kubernet' WHERE notes <> ''"
            )
        )
        connection.execute(
            text("UPDATE search_docs SET profile_stems = 'andrei zaitsev' WHERE notes = ''")
        )
    assert finder.who_can_help(app, "Sergey").people == ()
    migrate(app.db, "upgrade", "head")
    assert _keys_and_words(app) == written
    assert [h.person.name for h in finder.who_can_help(app, "Sergey").people] == ["Сергей Фёдоров"]
    found = {h.person.name for h in finder.who_can_help(app, "Andrey").people}
    assert found == {"Сергей Фёдоров", unicodedata.normalize("NFD", "Андрей Зайцев")}
    assert people.show_person(app, "Fyodorov").name == "Сергей Фёдоров"
    assert people.show_person(app, "Andrey Zaytsev").name.startswith("Андре")
    assert paths.path(app, "Djordjevic").mode == "company"


def test_an_upgraded_database_finds_serbian_dj_and_companies_without_cyrillic_forms(
    app: Context,
) -> None:
    """0029: "Đuro" was stored as "duro" where "Ђуро" is "djuro", and "ИП «Ромашка»" kept
    its legal form in the company key: `show Ђуро` and `path Ромашка` found nobody until a
    reindex. Once upgraded, keys and search words are what a new write stores."""
    from goodwill.domain.errors import NotFound
    from goodwill.services import finder, paths, people
    from goodwill.services.people import PersonChanges

    people.add_person(
        app, PersonChanges(name="Đuro Đaković", company="ИП «Ромашка»", title="Inženjer")
    )

    written = _keys_and_words(app)
    assert written[0][:2] == ("djuro djakovic", "romashka")
    migrate(app.db, "downgrade", "0028")
    with app.db.engine().begin() as connection:  # as 0028 left them
        connection.execute(
            text("UPDATE people SET name_key = 'duro dakovic', company_key = 'ip romashka'")
        )
        connection.execute(text("UPDATE search_docs SET profile_stems = 'duro dakovic ip'"))
    assert finder.who_can_help(app, "Ђуро").people == ()
    with pytest.raises(NotFound, match="no one at a company of that name"):
        paths.path(app, "Ромашка")
    migrate(app.db, "upgrade", "head")
    assert _keys_and_words(app) == written
    assert people.show_person(app, "Ђуро Ђаковић").name == "Đuro Đaković"
    assert [p.person.name for p in finder.who_can_help(app, "Ђуро").people] == ["Đuro Đaković"]
    found = paths.path(app, "Romashka").to_json()
    assert found["mode"] == "company"
    assert found["paths"][0]["path"] == ["me", "Đuro Đaković"]
