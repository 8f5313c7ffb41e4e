"""Whole lists on SQLite, written by SQLite: `list --json`'s items and `export csv`'s lines
(and the six columns of a plain `list`, read without SQLAlchemy).

`goodwill.store.records` reads everyone as `PersonRecord` tuples, which Python then writes
as text: at 100,000 people that came to about 11 µs of CPU a person, much of it making
each row's twenty-odd Python values and writing them out again. Here SQLite writes the text
itself: a person's row comes back as finished text (JSON values escaped by SQLite's JSON
functions as the standard library's JSON encoder escapes; CSV cells neutralised and quoted
as `csv.writer` quotes them), and Python only puts in the labels, the lists and the
balance, the one value that depends on the day asked.

The lists are read as `records` reads them: each list's rows in the people's order, beside
the people (an ordered merge, so memory stays flat), values already quoted for JSON. All
statements are SQL text run on the driver's own cursors (`store.sql`), so a process that
writes a list never loads SQLAlchemy; they must read one snapshot, as SQLite's transaction
gives once it first reads. The text rules live in `goodwill.domain.listing`;
tests hold this SQL to them, to `json.dumps` and to `csv.writer`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from goodwill.domain.cadence import TIER_CADENCE_DAYS
from goodwill.domain.dates import NO_YEAR
from goodwill.domain.listing import (
    CSV_QUOTED,
    FORMULA_STARTS,
    csv_cents,
    csv_list_cell,
    json_cents,
    json_strings,
    neutralise,
)
from goodwill.domain.model import TIER_NAMED, PersonLine, Tier
from goodwill.store.sql import day

if TYPE_CHECKING:
    from goodwill.domain.balance import DayBalance
    from goodwill.store.people import PeopleFilter
    from goodwill.store.sql import Sql

#: A list of a person: (table, value, order within a person), in the order the text has them.
_LISTS: tuple[tuple[str, str, str], ...] = (
    ("person_emails", "l.email", "l.position, l.email"),
    ("person_phones", "l.phone", "l.position, l.phone"),
    ("person_tags", "l.tag", "l.tag"),
    ("person_links", "l.url", "l.position, l.url"),
)


class Chosen:
    """The people of a list as SQL: which (`where`, on `people AS p`), in what order, how
    many at most; None in `stream`'s place means everyone, by id."""

    def __init__(self, filters: PeopleFilter | None) -> None:
        self.params: dict[str, Any] = {}
        conditions: list[str] = []
        self.limit: int | None = None
        self.order = "p.id"
        if filters is None:
            self.where = ""
            return
        assert filters.text is None, "a list narrowed by text is read as records"
        if filters.tier is not None:
            conditions.append("p.tier = :tier")
            self.params["tier"] = filters.tier.value
        if filters.discipline is not None:
            conditions.append("lower(p.discipline) = :discipline")
            self.params["discipline"] = filters.discipline.lower()
        if filters.tag is not None:
            conditions.append("p.id IN (SELECT person_id FROM person_tags WHERE tag = :tag)")
            self.params["tag"] = filters.tag
        if filters.due_on is not None:  # as `due` lists them: nobody snoozed that day
            conditions.append(
                "p.next_due <= :due_on AND (p.snoozed_until IS NULL OR p.snoozed_until <= :due_on)"
            )
            self.params["due_on"] = _iso(filters.due_on)
            self.order = "p.next_due, p.id"
        else:
            self.order = "p.name_key, p.id"
        self.where = " AND ".join(conditions)
        if filters.limit is not None:
            self.limit = filters.limit
            self.params["limit"] = filters.limit
        elif self.order.startswith("p.name_key"):
            # Everyone by name: read in the table's order and sorted (SQLite's sorter spills
            # to a temporary file, so memory stays bounded) rather than a row looked up a
            # person through the name index: a third faster at 100,000 people, and much
            # more on a cold cache. A limit stops early, and so keeps the index.
            self.order = f"+{self.order}"

    @property
    def everyone(self) -> bool:
        return self.order == "p.id" and not self.where and self.limit is None

    def people(self, columns: str) -> str:
        """A statement of `columns` of the people chosen, in their order."""
        where = f" WHERE {self.where}" if self.where else ""
        limit = " LIMIT :limit" if self.limit is not None else ""
        return f"SELECT {columns} FROM people AS p{where} ORDER BY {self.order}{limit}"

    def items(self, table: str, value: str, within: str) -> str:
        """A statement of a list's (person id, `value`) rows in the people's order: the list
        alone, by its index on the person, for everyone by id; else joined to the people."""
        if self.everyone:
            return f"SELECT l.person_id, {value} FROM {table} AS l ORDER BY l.person_id, {within}"
        conditions = [self.where] if self.where else []
        if self.limit is not None:  # a limit bounds the people, never the rows of a join
            conditions.append(f"p.id IN ({self.people('p.id')})")
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return (
            f"SELECT p.id, {value} FROM people AS p JOIN {table} AS l ON l.person_id = p.id"
            f"{where} ORDER BY {self.order}, {within}"
        )


def json_items(sql: Sql, filters: PeopleFilter | None, balance: DayBalance) -> Iterator[str]:
    """Each chosen person's item of `list --json` (`goodwill.domain.listing.json_item`'s
    text), in their order, with `balance` of their stored anchor."""
    decay = balance.decay
    chosen = Chosen(filters)
    with _Statements(sql, chosen.params) as run:
        emails, phones, tags, links = (
            _Lists(run(chosen.items(table, f"json_quote({value})", within)), json_strings)
            for table, value, within in _LISTS
        )
        emails_of, phones_of, tags_of, links_of = (
            lists.of for lists in (emails, phones, tags, links)
        )
        for person_id, values, anchor in run(chosen.people(_JSON_COLUMNS)):
            (
                name,
                company,
                title,
                discipline,
                location,
                tier,
                cadence,
                override,
                birthday,
                met_on,
                met_how,
                met_via_id,
                notes,
                created_on,
                last_touch,
                last_contact,
                next_due,
                snoozed_until,
                follow_up_on,
            ) = values[_VALUES_START:-1].split(_VALUE_SEPARATOR)
            yield f"""  {{
    "id": {person_id},
    "name": {name},
    "emails": {emails_of(person_id)},
    "phones": {phones_of(person_id)},
    "company": {company},
    "title": {title},
    "discipline": {discipline},
    "location": {location},
    "tier": {tier},
    "tags": {tags_of(person_id)},
    "cadence_days": {cadence},
    "cadence_override": {override},
    "birthday": {birthday},
    "met_on": {met_on},
    "met_how": {met_how},
    "met_via_id": {met_via_id},
    "notes": {notes},
    "created_on": {created_on},
    "last_touch": {last_touch},
    "last_contact": {last_contact},
    "next_due": {next_due},
    "snoozed_until": {snoozed_until},
    "follow_up_on": {follow_up_on},
    "balance": {json_cents(anchor * decay)},
    "links": {links_of(person_id)}
  }}"""
        for lists in (emails, phones, tags, links):
            lists.finish()


def lines(sql: Sql, filters: PeopleFilter) -> Iterator[PersonLine]:
    """What a list shows of the chosen people (`PeopleRepository.stream_lines`), in their
    order: six columns read from the people alone."""
    chosen = Chosen(filters)
    columns = "p.id, p.name, p.company, p.tier, p.next_due, p.balance_anchor"
    with _Statements(sql, chosen.params) as run:
        for person_id, name, company, tier, due, anchor in run(chosen.people(columns)):
            yield PersonLine(person_id, name, company, TIER_NAMED[tier], day(due), anchor)


def csv_lines(sql: Sql, balance: DayBalance) -> Generator[str, None, None]:
    """Everyone by id as lines of `export csv` (after its header), CRLF ended, with
    `balance` of their stored anchor."""
    decay = balance.decay
    chosen = Chosen(None)
    with _Statements(sql, chosen.params) as run:
        emails, phones, tags, links = (
            _Lists(run(chosen.items(table, value, within)), csv_list_cell)
            for table, value, within in _LISTS
        )
        emails_of, phones_of, tags_of, links_of = (
            lists.of for lists in (emails, phones, tags, links)
        )
        for person_id, head, middle, tail, anchor, end in run(chosen.people(_CSV_COLUMNS)):
            yield (
                f"{head}{emails_of(person_id)},{phones_of(person_id)}{middle}{tags_of(person_id)}"
                f"{tail}{csv_cents(anchor * decay)},{links_of(person_id)}{end}"
            )
        for lists in (emails, phones, tags, links):
            lists.finish()


class _Statements:
    """The statements of one list, each on a cursor of the driver's own, read row by row
    straight from it (not through `Sql.iterate`'s generator, a step more per row for the
    hundreds of thousands a list reads); all closed when the list ends or stops early."""

    def __init__(self, sql: Sql, params: dict[str, Any]) -> None:
        self._sql = sql
        self._params = params
        self._cursors: list[Any] = []

    def __enter__(self) -> Callable[[str], Iterator[Any]]:
        return self._run

    def __exit__(self, *exc: object) -> None:
        for cursor in self._cursors:
            cursor.close()

    def _run(self, statement: str) -> Iterator[Any]:
        cursor = self._sql.driver_cursor()
        self._cursors.append(cursor)
        rows: Iterator[Any] = cursor.execute(statement, self._params)  # the cursor itself
        return rows


def _iso(day: date) -> str:
    return day.isoformat()


def _literal(text: str) -> str:
    """Text as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _cadence_in_effect() -> str:
    """`goodwill.domain.cadence.cadence_days` in SQL: the override, else the tier's; none
    for the archived."""
    by_tier = " ".join(
        f"WHEN {_literal(tier.value)} THEN {days}"
        for tier, days in TIER_CADENCE_DAYS.items()
        if days is not None
    )
    return (
        f"CASE WHEN p.tier = {_literal(Tier.ARCHIVED.value)} THEN NULL "
        f"ELSE coalesce(p.cadence_days, CASE p.tier {by_tier} END) END"
    )


#: A person's values as JSON, in their item's order from the name to the follow-up, written
#: by one `json_object` with every key empty: `{"":"Ana","":null,...}`. SQLite writes the
#: values as `json.dumps(ensure_ascii=False)` does (and null for null) several times faster
#: than a `json_quote` and a `||` a field, and Python splits them apart where `,"":` stands:
#: it can stand nowhere else, since a quote inside a JSON string is always escaped.
_JSON_COLUMNS = ", ".join(
    (
        "p.id",
        "json_object("
        + ", ".join(
            f"'', {value}"
            for value in (
                "p.name",
                "p.company",
                "p.title",
                "p.discipline",
                "p.location",
                "p.tier",
                _cadence_in_effect(),
                "p.cadence_days",
                "p.birthday",
                "p.met_on",
                "p.met_how",
                "p.met_via_id",
                "coalesce(p.notes, '')",
                "p.created_on",
                "p.last_touch",
                "p.last_contact",
                "p.next_due",
                "p.snoozed_until",
                "p.follow_up_on",
            )
        )
        + ")",
        "p.balance_anchor",
    )
)
_VALUE_SEPARATOR = ',"":'
_VALUES_START = len('{"":')


def _csv_text(value: str) -> str:
    """Text a user typed as a CSV cell (`csv_export`'s `_text`, then `csv.writer`'s
    quoting): nothing when null; neutralised; quoted when it holds a quote, a comma or a
    line break."""
    starts = ", ".join(_literal(start) for start in FORMULA_STARTS)
    quoted = " OR ".join(f"instr({value}, {_literal(char)})" for char in CSV_QUOTED)
    doubled = f"replace({value}, '\"', '\"\"')"
    neutral = f"CASE WHEN substr({value}, 1, 1) IN ({starts}) THEN '''' ELSE '' END"
    return (
        f"CASE WHEN {value} IS NULL THEN '' "
        f"WHEN {quoted} THEN '\"' || {neutral} || {doubled} || '\"' "
        f"ELSE {neutral} || {value} END"
    )


def _birthday_as_written(value: str) -> str:
    """`domain.dates.birthday_text` in SQL, neutralised as `csv_export` writes it: `'--07-22`
    for a birthday without its year (a spreadsheet would take `--07-22` for a sum)."""
    return (
        f"CASE WHEN substr({value}, 1, 5) = {_literal(f'{NO_YEAR}-')} "
        f"THEN {_literal(neutralise('--'))} || substr({value}, 6) ELSE {value} END"
    )


def _csv_plain(value: str) -> str:
    """A value goodwill writes itself (a number, an ISO date, a tier's name): as it is,
    nothing when null; none holds what a spreadsheet or `csv.writer` treats apart."""
    return f"coalesce({value}, '')"


#: A person's line of `export csv`, in four pieces around the lists and the balance:
#: (id, up to the emails, from the company to the tags, from the cadence to the balance,
#: the notes to the line's end).
_CSV_COLUMNS = ", ".join(
    (
        "p.id",
        f"p.id || ',' || {_csv_text('p.name')} || ','",
        "',' || "
        + " || ',' || ".join(
            (
                _csv_text("p.company"),
                _csv_text("p.title"),
                _csv_text("p.discipline"),
                _csv_text("p.location"),
                _csv_plain("p.tier"),
            )
        )
        + " || ','",
        "',' || "
        + " || ',' || ".join(
            _csv_plain(value)
            for value in (
                _cadence_in_effect(),
                _birthday_as_written("p.birthday"),
                "p.met_on",
                "p.last_touch",
                "p.next_due",
            )
        )
        + " || ','",
        "p.balance_anchor",
        "',' || " + _csv_text("p.notes") + " || " + _literal("\r\n"),
    )
)


class _Lists:
    """A list's rows, (person id, value) in the people's order, handed out by person as
    the text `write` makes of their values."""

    __slots__ = ("_empty", "_next_id", "_next_value", "_rows", "_write")

    def __init__(self, rows: Iterator[Any], write: Callable[[list[str]], str]) -> None:
        self._rows = rows
        self._write = write
        self._empty = write([])
        #: The next row's person (None once the rows end) and value.
        self._next_id: int | None
        self._next_value: Any
        self._next_id, self._next_value = next(rows, (None, None))

    def of(self, person_id: int) -> str:
        """The person's values: theirs when they are next, else none (the rows come in the
        people's order, so nobody's come before theirs)."""
        if self._next_id != person_id:
            return self._empty
        values = [self._next_value]
        for next_id, value in self._rows:
            if next_id != person_id:
                self._next_id, self._next_value = next_id, value
                return self._write(values)
            values.append(value)
        self._next_id = None
        return self._write(values)

    def finish(self) -> None:
        """Fail loudly, not silently drop items, if the rows were not in the people's order."""
        if self._next_id is not None:
            raise RuntimeError(f"items of person #{self._next_id} were read out of order")
