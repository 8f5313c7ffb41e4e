"""The bulk write path of every import: entries in bulk, each touched person refolded
once at the end, and the result the same as `reindex` computes from the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, event, select

from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.importers.records import ContactRecord, PersonKey, Record, TouchRecord
from goodwill.services import finder, ledger, people, record_writer
from goodwill.services.context import Context
from goodwill.services.record_writer import write_records
from goodwill.store import bulk_load
from goodwill.store.search import FULL_TEXT_INDEXES
from goodwill.store.tables import people as people_table
from goodwill.store.tables import search_docs

PEOPLE = 12


def contacts() -> list[Record]:
    return [
        ContactRecord(
            source="test",
            where=f"c:{n}",
            name=f"Person {n}",
            uid=f"p{n}",
            emails=(f"p{n}@example.org",),
            title="Geophysicist" if n == 0 else None,
        )
        for n in range(PEOPLE)
    ]


def touches(count: int, start: int = 0) -> Iterator[Record]:
    """Touches in no date order, from me and from them (asks among them), with notes."""
    first = date(2026, 1, 1)
    for n in range(start, start + count):
        by_them = n % 7 == 3
        yield TouchRecord(
            source="test",
            source_id=f"t{n}",
            where=f"t:{n}",
            on=first + timedelta(days=(n * 37) % 300),
            person=PersonKey(emails=(f"p{n % PEOPLE}@example.org",)),
            initiated_by=Initiator.THEM if n % 3 == 0 else Initiator.ME,
            channel=Channel.MEETING if n % 5 == 0 else Channel.EMAIL,
            direction=Direction.TOUCH,
            kind="intro" if by_them else "catch-up",
            by_them=by_them,
            note=f"topic{n}",
        )


def derived(app: Context) -> dict[int, tuple[Any, ...]]:
    """Everyone's derived columns and search document, as stored."""
    with app.db.read() as uow:
        rows = uow.connection.execute(select(people_table).order_by(people_table.c.id))
        state = {
            int(row.id): (
                row.last_touch,
                row.last_contact,
                row.last_deposit,
                row.last_give_or_touch,
                round(row.balance_anchor, 6),
                row.deposits,
                row.withdrawals,
                row.touches,
                row.their_gives,
                row.their_asks,
                row.their_cold_asks,
                row.entries,
                row.next_due,
            )
            for row in rows
        }
        query = select(search_docs.c.person_id, search_docs.c.notes)
        docs = {int(pid): notes for pid, notes in uow.connection.execute(query)}
    return {pid: (*values, docs.get(pid)) for pid, values in state.items()}


def test_an_import_leaves_what_reindex_computes(app: Context) -> None:
    # 300 entries: more than a PostgreSQL COPY's threshold, in two imports (the second
    # lands entries before and after the first's).
    with app.db.write() as uow:
        write_records(app, uow, [*contacts(), *touches(200)])
    with app.db.write() as uow:
        report = write_records(app, uow, touches(100, start=200))
    assert report.touches == 100
    imported = derived(app)
    assert all(values[11] == 25 for values in imported.values())  # entries per person
    assert all("topic" in (values[-1] or "") for values in imported.values())
    ledger.reindex(app, reweigh=False)
    assert derived(app) == imported


def test_reindex_rebuilds_missing_search_documents(app: Context) -> None:
    with app.db.write() as uow:
        write_records(app, uow, [*contacts(), *touches(24)])
    assert finder.who_can_help(app, "topic5").to_json()["people"]
    with app.db.write() as uow:
        uow.connection.execute(delete(search_docs))
    assert not finder.who_can_help(app, "topic5").to_json()["people"]
    ledger.reindex(app)
    found = finder.who_can_help(app, "topic5").to_json()["people"]
    assert [hit["person"]["name"] for hit in found] == ["Person 5"]
    geophysics = finder.who_can_help(app, "geophysics").to_json()["people"]  # profiles, stemmed
    assert [hit["person"]["name"] for hit in geophysics] == ["Person 0"]


def test_statements_do_not_grow_with_the_entries(app: Context) -> None:
    """Entries go in bulk and each person is refolded once: ten times the entries for the
    same people costs about the same number of statements, not ten times as many."""

    def statements(count: int, start: int) -> int:
        seen = 0

        def count_one(*_: object) -> None:
            nonlocal seen
            seen += 1

        with app.db.write() as uow:
            event.listen(uow.connection, "before_cursor_execute", count_one)
            write_records(app, uow, touches(count, start=start))
            event.remove(uow.connection, "before_cursor_execute", count_one)
        return seen

    with app.db.write() as uow:
        write_records(app, uow, contacts())
    few = statements(120, 0)
    many = statements(1200, 1000)
    assert many <= few + 5, (few, many)


def test_a_recent_ask_from_them_wants_a_follow_up(app: Context) -> None:
    today = app.today()
    ask = TouchRecord(
        source="test",
        source_id="ask",
        where="a:1",
        on=today - timedelta(days=1),
        person=PersonKey(emails=("p1@example.org",)),
        initiated_by=Initiator.THEM,
        channel=Channel.EMAIL,
        kind="intro",
        by_them=True,
        note="can you introduce me",
    )
    with app.db.write() as uow:
        write_records(app, uow, [*contacts(), ask])
    # Their ask wants an answer from the next day: yesterday's is due today.
    assert people.show_person(app, "Person 1").follow_up_on == today.isoformat()
    reply = TouchRecord(
        source="test",
        source_id="reply",
        where="a:2",
        on=today,
        person=PersonKey(emails=("p1@example.org",)),
        initiated_by=Initiator.ME,
        channel=Channel.EMAIL,
        note="re: can you introduce me",
    )
    with app.db.write() as uow:
        write_records(app, uow, [reply])
    assert people.show_person(app, "Person 1").follow_up_on is None


def test_nothing_is_left_by_a_failed_bulk_write(
    app: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_writer, "TOUCH_CHUNK", 50)  # chunks written before it fails
    with app.db.write() as uow:
        write_records(app, uow, contacts())
    before = derived(app)

    class Boom(Exception):
        pass

    def failing() -> Iterator[Record]:
        yield from touches(150)
        raise Boom

    with pytest.raises(Boom), app.db.write() as uow:
        write_records(app, uow, failing())
    assert derived(app) == before


def _schema(app: Context) -> list[tuple[str, str]]:
    """Every index, table and trigger (SQLite), or index and foreign key (PostgreSQL), as
    what creates it."""
    with app.db.read() as uow:
        if uow.connection.dialect.name == "postgresql":
            rows = uow.connection.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " UNION ALL SELECT tbl.relname || '.' || k.conname, pg_get_constraintdef(k.oid)"
                " FROM pg_constraint k JOIN pg_class tbl ON tbl.oid = k.conrelid"
                " WHERE k.contype = 'f' AND tbl.relnamespace = current_schema()::regnamespace"
                " ORDER BY 1"
            )
        else:
            rows = uow.connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            )
        return [(str(name), str(sql)) for name, sql in rows]


def _many(count: int, start: int = 0) -> list[Record]:
    """People with titles and notes; every tenth comes again (a second card of the same
    person, who is merged), so documents are written and then changed in one import."""
    found: list[Record] = []
    for n in range(start, start + count):
        record = ContactRecord(
            source="test",
            where=f"m:{n}",
            name=f"Bulk Person {n}",
            uid=f"m{n}",
            emails=(f"m{n}@example.org",),
            title="Geophysicist" if n % 3 == 0 else "Designer",
            company=f"Company {n % 7}",
        )
        found.append(record)
        if n % 10 == 0:
            found.append(
                ContactRecord(
                    source="other",
                    where=f"o:{n}",
                    name=f"Bulk Person {n}",
                    uid=f"o{n}",
                    emails=(f"m{n}@example.org",),
                    notes=f"pricing experiments {n}",
                )
            )
    return found


@pytest.mark.parametrize("bulk_from", [20, 10**9])
def test_a_large_import_into_a_small_network_builds_its_indexes_at_the_end(
    app: Context, monkeypatch: pytest.MonkeyPatch, bulk_from: int
) -> None:
    """An import that makes more people than there were sets the indexes of `people` and
    the full-text index's triggers (SQLite) or its indexes (PostgreSQL) aside and puts
    them back before it commits: the schema, the rows and what search finds are the same
    either way."""
    monkeypatch.setattr(record_writer, "BULK_FROM", bulk_from)
    monkeypatch.setattr(bulk_load, "BULK_FROM", bulk_from)
    monkeypatch.setattr(record_writer, "CHUNK", 10)
    set_aside: list[str] = []
    restore = bulk_load.BulkLoad.restore

    def restoring(self: bulk_load.BulkLoad) -> None:
        set_aside.extend(self._indexes + self._foreign_keys)
        restore(self)

    monkeypatch.setattr(bulk_load.BulkLoad, "restore", restoring)
    schema = _schema(app)
    with app.db.write() as uow:
        write_records(app, uow, contacts())
    with app.db.write() as uow:
        report = write_records(app, uow, _many(60))
    assert report.created == 60 and report.merged == 6
    # The path under test was taken (or, above its threshold, not).
    assert any("next_due" in statement for statement in set_aside) == (bulk_from == 20)
    # PostgreSQL checks the foreign keys of the rows once, when it adds them back.
    keys_aside = any("FOREIGN KEY" in statement for statement in set_aside)
    assert keys_aside == (bulk_from == 20 and app.db.url.startswith("postgresql"))
    assert _schema(app) == schema
    if app.db.url.startswith("sqlite"):  # FTS5 checks its index against the documents
        with app.db.read() as uow:
            for index in FULL_TEXT_INDEXES:
                uow.connection.exec_driver_sql(
                    f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
                )
    found = finder.who_can_help(app, "pricing").to_json()["people"]
    assert sorted(hit["person"]["name"] for hit in found) == sorted(
        f"Bulk Person {n}" for n in range(0, 60, 10)
    )
    geophysics = finder.who_can_help(app, "geophysics").to_json()["people"]
    assert len(geophysics) == 10  # a page of them: Person 0 and every third of the import
    assert all(hit["title"] == "Geophysicist" for hit in geophysics)
    imported = derived(app)
    ledger.reindex(app, reweigh=False)
    assert derived(app) == imported
    # A failed import of many more leaves nothing, the indexes included.
    before = derived(app)

    class Boom(Exception):
        pass

    def failing() -> Iterator[Record]:
        yield from _many(200, start=1000)
        raise Boom

    with pytest.raises(Boom), app.db.write() as uow:
        write_records(app, uow, failing())
    assert derived(app) == before
    assert _schema(app) == schema


def _noted(count: int, word: str, day: date) -> Iterator[Record]:
    """A touch from each of the first `count` people of `_many`, its note saying `word`."""
    for n in range(count):
        yield TouchRecord(
            source="test",
            source_id=f"{word}{n}",
            where=f"n:{n}",
            on=day,
            person=PersonKey(emails=(f"m{n}@example.org",)),
            initiated_by=Initiator.THEM,
            channel=Channel.MESSAGE,
            note=f"{word} {n}",
        )


def test_many_notes_at_once_keep_the_full_text_index_in_step(sqlite_app: Context) -> None:
    """An import that gives hundreds of people new notes writes the notes' full-text index
    itself, in key order, past its trigger: the index must then hold exactly what the
    documents say (old notes' terms removed, new ones added), the trigger must be back,
    and search must find the notes, first and second time round."""
    app = sqlite_app
    with app.db.write() as uow:
        write_records(app, uow, _many(300))
    with app.db.write() as uow:
        write_records(app, uow, _noted(250, "blockchain", date(2026, 3, 1)))
    with app.db.write() as uow:
        write_records(app, uow, _noted(240, "kubernetes", date(2026, 4, 1)))
    with app.db.read() as uow:
        for index in FULL_TEXT_INDEXES:
            uow.connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
            )
        triggers = uow.connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_docs'"
        ).scalars()
        assert "search_docs_au_notes" in set(triggers)
        for word, count in (("kubernetes", 240), ("blockchain", 250)):
            found = uow.connection.exec_driver_sql(
                "SELECT count(*) FROM search_fts_notes WHERE search_fts_notes MATCH ?", (word,)
            ).scalar()
            profiles = uow.connection.exec_driver_sql(
                "SELECT count(*) FROM search_fts_profile WHERE search_fts_profile MATCH ?",
                (word,),
            ).scalar()
            assert (found, profiles) == (count, 0)
    # The trigger is back: one more note, written alone, is found too.
    with app.db.write() as uow:
        write_records(app, uow, _noted(1, "quantum", date(2026, 5, 1)))
    quantum = finder.who_can_help(app, "quantum").to_json()["people"]
    assert [hit["person"]["name"] for hit in quantum] == ["Bulk Person 0"]


def _days(app: Context) -> tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], int]]:
    """(the per-day counts as kept, the same counted from the ledger)."""
    with app.db.read() as uow:
        run = uow.connection.exec_driver_sql
        kept = run("SELECT day, direction, by_them, entries FROM ledger_days WHERE entries > 0")
        counted = run(
            "SELECT occurred_on, direction, by_them, count(*) FROM interactions GROUP BY 1, 2, 3"
        )
        return (
            {tuple(row[:3]): row[3] for row in kept},
            {tuple(row[:3]): row[3] for row in counted},
        )


def test_an_import_of_many_entries_counts_their_days_at_its_end(
    sqlite_app: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import of many entries counts their days in one statement at its end, the
    counting trigger set aside meanwhile: the counts must be those of the ledger, and the
    trigger back for what comes next."""
    app = sqlite_app
    monkeypatch.setattr(record_writer, "TOUCH_CHUNK", 10)
    monkeypatch.setattr(record_writer, "DAYS_COUNTED_AT_END_FROM", 5)
    with app.db.write() as uow:
        write_records(app, uow, contacts())
    with app.db.write() as uow:
        write_records(app, uow, touches(43))
    kept, counted = _days(app)
    assert sum(counted.values()) == 43
    assert kept == counted
    with app.db.write() as uow:  # a chunk below the threshold: the trigger counts
        write_records(app, uow, touches(3, start=43))
    kept, counted = _days(app)
    assert sum(counted.values()) == 46
    assert kept == counted
