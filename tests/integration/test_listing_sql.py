"""The text SQLite writes of whole lists (`goodwill.store.listing`) is, byte for byte, the
text Python writes of the same people: `json_item` (itself held to `json.dumps`) for
`list --json`, and `csv.writer`'s lines of `csv_export`'s rows for `export csv`, whatever
the text people typed (quotes, commas, line breaks, control characters, formulas)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from goodwill.domain.balance import DayBalance
from goodwill.domain.cadence import cadence_days
from goodwill.domain.dates import NO_YEAR
from goodwill.domain.listing import json_item
from goodwill.domain.model import PersonFields, PersonRecord, Tier
from goodwill.exporters.csv_export import to_csv
from goodwill.services.context import Context
from goodwill.store import listing
from goodwill.store.people import PeopleFilter
from goodwill.store.sql import SqliteSql

SCHEMA = """
CREATE TABLE people (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, company TEXT,
    title TEXT, discipline TEXT, location TEXT, tier VARCHAR(16) NOT NULL,
    cadence_days INTEGER, birthday DATE, met_on DATE, met_how TEXT, met_via_id INTEGER,
    notes TEXT NOT NULL, created_on DATE NOT NULL, last_touch DATE, last_contact DATE,
    next_due DATE, snoozed_until DATE, follow_up_on DATE, balance_anchor FLOAT NOT NULL
);
CREATE TABLE person_emails (email TEXT, person_id INTEGER, position INTEGER);
CREATE TABLE person_phones (person_id INTEGER, phone TEXT, position INTEGER);
CREATE TABLE person_tags (person_id INTEGER, tag TEXT);
CREATE TABLE person_links (person_id INTEGER, url TEXT, position INTEGER);
"""

texts = st.text()
maybe_text = st.none() | texts
days = st.dates().map(lambda day: day.isoformat())
maybe_day = st.none() | days
#: Birthdays, a good share of them without their year (`domain.dates.NO_YEAR`).
birthdays = maybe_day | st.dates(date(NO_YEAR, 1, 1), date(NO_YEAR, 12, 31)).map(date.isoformat)
items = st.lists(texts, max_size=3, unique=True).map(tuple)


@st.composite
def people(draw: st.DrawFn) -> list[PersonRecord]:
    count = draw(st.integers(min_value=0, max_value=4))
    found = []
    for person_id in range(1, count + 1):
        tier = draw(st.sampled_from(list(Tier)))
        override = draw(st.none() | st.integers(min_value=1, max_value=10_000))
        found.append(
            PersonRecord(
                id=person_id,
                name=draw(texts),
                emails=draw(items),
                phones=draw(items),
                company=draw(maybe_text),
                title=draw(maybe_text),
                discipline=draw(maybe_text),
                location=draw(maybe_text),
                tier=tier.value,
                tags=tuple(sorted(draw(items))),
                cadence_days=cadence_days(tier, override),
                cadence_override=override,
                birthday=draw(birthdays),
                met_on=draw(maybe_day),
                met_how=draw(maybe_text),
                met_via_id=draw(st.none() | st.integers(min_value=1, max_value=2**40)),
                notes=draw(texts),
                created_on=draw(days),
                last_touch=draw(maybe_day),
                last_contact=draw(maybe_day),
                next_due=draw(maybe_day),
                snoozed_until=draw(maybe_day),
                follow_up_on=draw(maybe_day),
                # To the cent, as every list's balance is (`services.lists.balance_on_day`).
                # SQLite keeps no sign on a zero: -0.0 reads back as 0.0 on every path.
                balance=round(draw(st.floats(allow_nan=False)), 2) + 0.0,
                links=draw(items),
            )
        )
    return found


def stored(records: list[PersonRecord]) -> sqlite3.Connection:
    """The records in the tables `listing` reads (their own columns, not the whole schema)."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(SCHEMA)
    for record in records:
        connection.execute(
            "INSERT INTO people VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            (
                record.id,
                record.name,
                record.company,
                record.title,
                record.discipline,
                record.location,
                record.tier,
                record.cadence_override,
                record.birthday,
                record.met_on,
                record.met_how,
                record.met_via_id,
                record.notes,
                record.created_on,
                record.last_touch,
                record.last_contact,
                record.next_due,
                record.snoozed_until,
                record.follow_up_on,
                record.balance,
            ),
        )
        # Stored against the order read back, to show that the order comes from the SQL.
        for position, email in reversed(list(enumerate(record.emails))):
            connection.execute(
                "INSERT INTO person_emails VALUES (?, ?, ?)", (email, record.id, position)
            )
        for position, phone in reversed(list(enumerate(record.phones))):
            connection.execute(
                "INSERT INTO person_phones VALUES (?, ?, ?)", (record.id, phone, position)
            )
        for tag in reversed(record.tags):
            connection.execute("INSERT INTO person_tags VALUES (?, ?)", (record.id, tag))
        for position, url in reversed(list(enumerate(record.links))):
            connection.execute(
                "INSERT INTO person_links VALUES (?, ?, ?)", (record.id, url, position)
            )
    return connection


#: The balances of a day with no decay since the epoch: each the anchor, to the cent.
same = DayBalance(1.0)


def json_texts(records: list[PersonRecord]) -> Iterator[str]:
    return listing.json_items(SqliteSql(stored(records)), None, same)


@settings(max_examples=300, deadline=None)
@given(records=people())
def test_sqlite_writes_the_json_items_python_writes(records: list[PersonRecord]) -> None:
    assert list(json_texts(records)) == [json_item(record) for record in records]


@settings(max_examples=300, deadline=None)
@given(records=people())
def test_sqlite_writes_the_csv_lines_python_writes(records: list[PersonRecord]) -> None:
    lines = listing.csv_lines(SqliteSql(stored(records)), same)
    rows = to_csv(records).partition("\r\n")
    assert "".join(lines) == rows[2]


def test_formula_guard_and_quoting_in_sql() -> None:
    """The cases a spreadsheet cares about, spelt out (the property test finds them too)."""
    ana = PersonRecord(
        1, '=HYPERLINK("x")', (), ("+46 70", "-1"), "@corp", "a,b", "\tx", "\rline",
        "inner", ("=t",), 30, None, None, None, None, None, 'say "hi"\nbye', "2026-01-01",
        None, None, None, None, None, -0.0, (),
    )  # fmt: skip
    lines = "".join(listing.csv_lines(SqliteSql(stored([ana])), same))
    assert lines == to_csv([ana]).partition("\r\n")[2]
    assert lines.startswith("""1,"'=HYPERLINK(""x"")",,'+46 70; -1,'@corp,"a,b",'\tx,""")
    assert ",0.00," in lines


def test_text_like_the_seams_between_values_stays_in_its_field() -> None:
    """SQLite hands the values over joined by `,"":`; text that holds it, quoted or not,
    is one value still (a quote inside a JSON string is always escaped)."""
    seams = ',"":', '{"":', '"}', '\\",""\\:', "a\\"
    ana = PersonRecord(
        1, seams[0], (seams[1],), (), seams[2], seams[3], None, seams[4], "inner", (seams[0],),
        30, None, None, None, seams[1], None, "".join(seams), "2026-01-01",
        None, None, None, None, None, 1.5, (seams[2],),
    )  # fmt: skip
    [item] = json_texts([ana])
    assert item == json_item(ana)
    assert '"name": ",\\"\\":",' in item


def test_a_plain_list_reads_on_the_driver_what_sqlalchemy_reads(sqlite_app: Context) -> None:
    """`list` with filters but no text reads its six columns as SQL text on the driver (no
    SQLAlchemy at start): the same people, in the same order, as the select it replaced."""
    named = [
        ("Zoë Álvarez", "Fabrikam", Tier.INNER, ("mentor",), "Design"),
        ("Bo Chen", None, Tier.ACTIVE, ("mentor", "investor"), None),
        ("Ana Núñez", "Contoso", Tier.INNER, (), "design"),
        ("ana nunez", "Initech", Tier.ACQUAINTANCE, ("investor",), None),  # the same name key
        ("Cy Ito", "Globex", Tier.ARCHIVED, ("mentor",), "Design"),
    ]
    with sqlite_app.db.write() as uow:
        ids = uow.people.add_many(
            [
                (
                    PersonFields(name=name, company=company, tier=tier, tags=tags, discipline=d),
                    date(2026, 1, 1),
                )
                for name, company, tier, tags, d in named
            ]
        )
        for offset, person_id in enumerate(ids):
            uow.people.sql.run(
                "UPDATE people SET next_due = :due, snoozed_until = :snoozed WHERE id = :id",
                {
                    "due": date(2026, 3, 1 + offset % 3).isoformat(),
                    "snoozed": "2026-03-10" if offset == 1 else None,
                    "id": person_id,
                },
            )
    filters = [
        PeopleFilter(),
        PeopleFilter(tier=Tier.INNER),
        PeopleFilter(tag="mentor"),
        PeopleFilter(discipline="Design"),
        PeopleFilter(due_on=date(2026, 3, 2)),
        PeopleFilter(due_on=date(2026, 3, 12), limit=3),
        PeopleFilter(limit=2),
        PeopleFilter(tag="investor", limit=1),
    ]
    with sqlite_app.db.read() as uow:
        for chosen in filters:
            on_the_driver = list(uow.people.stream_lines(chosen))
            selected = list(uow.people._lines_selected(chosen, page=2))
            assert on_the_driver == selected, chosen
            assert on_the_driver, chosen
            assert all(isinstance(line.next_due, date) for line in on_the_driver)
