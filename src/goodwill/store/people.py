"""People: profiles, their emails, phones, links and tags, and their derived state."""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from goodwill.domain.cadence import next_due
from goodwill.domain.companies import company_key
from goodwill.domain.folding import fold_letters
from goodwill.domain.listing import json_item
from goodwill.domain.model import (
    TIER_NAMED,
    DerivedState,
    Person,
    PersonFields,
    PersonLine,
    PersonRecord,
    Tier,
)
from goodwill.store.bulk import insert_values
from goodwill.store.lazy_modules import lazy
from goodwill.store.search import SearchRepository
from goodwill.store.sql import Repository, Row, day, in_list, stored_day

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.domain.balance import DayBalance
    from goodwill.store import tables as t
    from goodwill.store.records import Narrowing
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: People per statement when removing or checking many at once.
REMOVE_CHUNK = 500
STATE_COLUMNS = (
    "last_touch",
    "last_contact",
    "last_deposit",
    "last_give_or_touch",
    "balance_anchor",
    "credit_anchor",
    "deposits",
    "withdrawals",
    "touches",
    "their_gives",
    "their_asks",
    "their_cold_asks",
    "entries",
)
#: `save_states`' statement: a person's derived state and next due day.
_SAVE_STATES = (
    "UPDATE people SET "
    + ", ".join(f"{column} = :{column}" for column in (*STATE_COLUMNS, "next_due"))
    + " WHERE id = :id"
)


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Case- and accent-insensitive form of a name, for exact and prefix lookups.

    Cached for a few thousand names: an import asks for each name's key three times (to
    look it up, to match, and to store it), and accents make it cost.
    """
    if name.isascii():
        return " ".join(name.lower().split())
    return " ".join(fold_letters(name).split())


def at_company(dialect: str, company: str) -> tuple[str, dict[str, str]] | None:
    """People whose company `company` names, as an SQL condition on `company_key` and its
    parameters: the same company key, or one that starts with its whole words ("Fabrikam"
    is "Fabrikam GmbH" and "Fabrikam Labs", not "Fabrikamo"). None when `company` has no
    key at all. Both arms seek the index on `company_key`."""
    key = company_key(company)
    if not key:
        return None
    longer = key + " "
    if dialect == "sqlite":  # bytes order: a range seeks the index
        starts = "company_key >= :company_longer AND company_key < :company_beyond"
        params = {"company_longer": longer, "company_beyond": longer + "\U0010ffff"}
    else:  # a language collation may not order by bytes: LIKE is exact
        starts = "company_key LIKE :company_pattern ESCAPE '\\'"
        params = {"company_pattern": _like_escaped(longer) + "%"}
    return f"(company_key = :company_key OR ({starts}))", {"company_key": key, **params}


def _like_escaped(text: str) -> str:
    """`text` matched literally by a LIKE with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def month_day(day: date | None) -> int | None:
    return None if day is None else day.month * 100 + day.day


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    #: Part of the name or of the company, any case and accents.
    text: str | None = None
    tier: Tier | None = None
    tag: str | None = None
    discipline: str | None = None
    due_on: date | None = None
    limit: int | None = None


#: People per statement that names them all (SQLite allows 999 parameters).
CHUNK = 500

#: The lists a person holds: (table, value, order within a person); tags go by name.
_LISTS: tuple[tuple[str, str, str], ...] = (
    ("person_emails", "email", "position"),
    ("person_phones", "phone", "position"),
    ("person_links", "url", "position"),
    ("person_tags", "tag", "CAST(NULL AS INTEGER)"),
)
#: Only the tags (what a refold needs of a person's lists).
_TAGS = _LISTS[3:]
#: The columns of `people`, in the table's order (a test keeps them equal): what every
#: statement that reads whole people selects, and what `_person_from_row` reads.
PEOPLE_COLUMNS = (
    "id", "name", "name_key", "given_name", "company", "company_key", "title", "discipline",
    "location", "tier", "cadence_days", "birthday", "birthday_md", "met_on", "met_md",
    "met_how", "met_via_id", "notes", "created_on", "snoozed_until", "follow_up_on",
    "next_due", "last_touch", "last_contact", "last_deposit", "last_give_or_touch",
    "balance_anchor", "credit_anchor", "deposits", "withdrawals", "touches", "their_gives",
    "their_asks", "their_cold_asks", "entries",
)  # fmt: skip
_PEOPLE = "SELECT " + ", ".join(PEOPLE_COLUMNS) + " FROM people"
#: Not snoozed on `:on` (after a condition).
_NOT_SNOOZED = "AND (snoozed_until IS NULL OR snoozed_until <= :on)"
#: A person the plan may show: not archived, and not snoozed on `:on`.
_SHOWN = "tier != 'archived' AND (snoozed_until IS NULL OR snoozed_until <= :on)"
#: Dated columns of `people`, which SQLite's driver hands back as text.
_DATED = frozenset(
    ("birthday", "met_on", "created_on", "snoozed_until", "follow_up_on", "next_due",
     "last_touch", "last_contact", "last_deposit", "last_give_or_touch")
)  # fmt: skip
#: The profile columns, in the order of `_field_values`'s keys.
_PROFILE_COLUMNS = (
    "name", "name_key", "given_name", "company", "company_key", "title", "discipline",
    "location", "tier", "cadence_days", "birthday", "birthday_md", "met_on", "met_md",
    "met_how", "met_via_id", "notes",
)  # fmt: skip


#: The columns `_update_chunk` reads that hold days (read through `day`, as either driver
#: gives them).
_DATE_COLUMNS = frozenset({"created_on", "last_touch", "next_due", "birthday", "met_on"})


def _same(value: date | None) -> date | None:
    return value


def _profile_values(
    fields: PersonFields, as_stored: Callable[[date | None], Any] = _same
) -> tuple[Any, ...]:
    """A profile's values in the order of `_PROFILE_COLUMNS` (dates `as_stored`): a tuple
    made at once, for an import's tens of thousands of new people."""
    birthday, met_on = fields.birthday, fields.met_on
    return (
        fields.name,
        name_key(fields.name),
        fields.given_name,
        fields.company,
        company_key(fields.company) or None,
        fields.title,
        fields.discipline,
        fields.location,
        fields.tier.value,
        fields.cadence_days,
        as_stored(birthday),
        None if birthday is None else birthday.month * 100 + birthday.day,
        as_stored(met_on),
        None if met_on is None else met_on.month * 100 + met_on.day,
        fields.met_how,
        fields.met_via_id,
        fields.notes,
    )


#: What a new person's row holds: the profile, then who they are to goodwill so far.
_NEW_PERSON_COLUMNS = (
    *_PROFILE_COLUMNS, "id", "created_on", "next_due", "balance_anchor", "credit_anchor",
    "deposits", "withdrawals", "touches", "their_gives", "their_asks", "their_cold_asks",
    "entries",
)  # fmt: skip
#: A new person's anchors and counts: no history yet.
_NO_HISTORY = (0.0, 0.0, 0, 0, 0, 0, 0, 0, 0)


def _positioned(person_id: int, values: Sequence[str]) -> list[tuple[int, str, int]]:
    """(person, value, position) rows of a person's emails, phones or links, each once."""
    return [(person_id, value, index) for index, value in enumerate(dict.fromkeys(values))]


class PeopleRepository(Repository):
    # -- writes -------------------------------------------------------------

    def add(self, fields: PersonFields, created_on: date) -> int:
        return self.add_many([(fields, created_on)])[0]

    def add_many(self, items: Sequence[tuple[PersonFields, date]]) -> list[int]:
        """Insert people with one bulk insert per table, ids reserved up front, rows
        handed to the driver as tuples.

        Knowing the ids first lets each row carry its spread due date, and
        avoids RETURNING, which SQLite can only honour one row at a time.
        """
        if not items:
            return []
        ids = self._reserve_ids(len(items))
        as_stored = stored_day(self.sql.dialect)
        rows = []
        for pid, (fields, created_on) in zip(ids, items, strict=True):
            due = next_due(
                person_id=pid,
                tier=fields.tier,
                cadence_override=fields.cadence_days,
                created_on=created_on,
                last_touch=None,
            )
            rows.append(
                (
                    *_profile_values(fields, as_stored),
                    pid,
                    as_stored(created_on),
                    as_stored(due),
                    *_NO_HISTORY,
                )
            )
        insert_values(self.sql, "people", _NEW_PERSON_COLUMNS, rows)
        pairs = list(zip(ids, (fields for fields, _ in items), strict=True))
        self._insert_lists(pairs)
        SearchRepository(self._link).add_profiles(pairs)
        return ids

    def _reserve_ids(self, count: int) -> list[int]:
        """Fresh ids, never used before: from PostgreSQL's sequence, or after the largest id
        SQLite ever gave (a write transaction there holds the database's write lock, so
        nobody else takes them)."""
        if self.sql.dialect == "postgresql":
            query = (
                "SELECT nextval(pg_get_serial_sequence('people', 'id')) "
                "FROM generate_series(1, :count)"
            )
            return [int(value) for (value,) in self.sql.rows(query, {"count": count})]
        # AUTOINCREMENT keeps the largest id ever used, so a removed person's id stays theirs.
        used = self.sql.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'people'")
        largest = self.sql.scalar("SELECT coalesce(max(id), 0) FROM people")
        start = max(int(largest), int(used or 0))
        return list(range(start + 1, start + count + 1))

    def update_fields(self, person_id: int, fields: PersonFields) -> None:
        self.update_fields_many([(person_id, fields)])

    def update_fields_many(self, items: Sequence[tuple[int, PersonFields]]) -> None:
        """People's profiles with their lists, search documents and next due days, in a
        few executemany statements whatever their number (an import's merges)."""
        for start in range(0, len(items), CHUNK):
            self._update_chunk(items[start : start + CHUNK])

    def _update_chunk(self, items: Sequence[tuple[int, PersonFields]]) -> None:
        """Only the columns whose values change are written, one executemany per set of
        changed columns: an UPDATE moves the entries of every index on a column it sets,
        and a re-import that brings new titles changes nothing else (setting every column
        cost 30 us a person; the title alone a fraction of it)."""
        ids = [pid for pid, _ in items]
        listed, params = in_list("id", ids)
        columns = ("created_on", "last_touch", "next_due", *_PROFILE_COLUMNS)
        known: dict[int, dict[str, Any]] = {
            int(row[0]): {
                name: day(value) if name in _DATE_COLUMNS else value
                for name, value in zip(columns, row[1:], strict=True)
            }
            for row in self.sql.rows(
                f"SELECT id, {', '.join(columns)} FROM people WHERE id IN ({listed})", params
            )
        }
        changes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for pid, fields in items:
            row = known[pid]
            values = self._field_values(fields)
            values["next_due"] = next_due(
                person_id=pid,
                tier=fields.tier,
                cadence_override=fields.cadence_days,
                created_on=row["created_on"],
                last_touch=row["last_touch"],
            )
            changed = tuple(name for name, value in values.items() if value != row[name])
            if changed:
                update = {name: values[name] for name in changed}
                update["id"] = pid
                changes.setdefault(changed, []).append(update)
        for changed, rows in changes.items():
            assignments = ", ".join(f"{name} = :{name}" for name in changed)
            self.sql.run_many(f"UPDATE people SET {assignments} WHERE id = :id", rows)
        for table in ("person_emails", "person_phones", "person_links", "person_tags"):
            self.sql.run(f"DELETE FROM {table} WHERE person_id IN ({listed})", params)
        self._insert_lists(items)
        SearchRepository(self._link).set_profiles(items)

    def save_state(self, person_id: int, state: DerivedState) -> None:
        values = {column: getattr(state, column) for column in STATE_COLUMNS}
        assignments = ", ".join(f"{column} = :{column}" for column in STATE_COLUMNS)
        self.sql.run(f"UPDATE people SET {assignments} WHERE id = :id", {**values, "id": person_id})
        self.refresh_due(person_id)

    def save_states(self, states: Sequence[tuple[int, DerivedState, date | None]]) -> None:
        """Many people's derived state and next due day, (person, state, due), in one
        executemany: the end of a refold."""
        rows = []
        for person_id, state, due in states:
            row: dict[str, Any] = {column: getattr(state, column) for column in STATE_COLUMNS}
            row["next_due"] = due
            row["id"] = person_id
            rows.append(row)
        if rows:
            self.sql.run_many(_SAVE_STATES, rows)

    def set_follow_ups(self, follow_ups: Sequence[tuple[int, date | None]]) -> None:
        rows = [{"on": on, "id": person_id} for person_id, on in follow_ups]
        if rows:
            self.sql.run_many("UPDATE people SET follow_up_on = :on WHERE id = :id", rows)

    def ids_after(self, after: int | None, limit: int) -> list[int]:
        """The next `limit` ids above `after` (from the first when None), ascending: a
        page of everyone, however many they are."""
        query = sa.select(t.people.c.id).order_by(t.people.c.id).limit(limit)
        if after is not None:
            query = query.where(t.people.c.id > after)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def ids(self) -> list[int]:
        """Everyone's id, ascending."""
        query = sa.select(t.people.c.id).order_by(t.people.c.id)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def refresh_due(self, person_id: int) -> None:
        row = self.sql.first(
            "SELECT tier, cadence_days, created_on, last_touch FROM people WHERE id = :id",
            {"id": person_id},
        )
        assert row is not None, f"no person #{person_id}"
        tier, cadence_days, created_on, last_touch = row
        created = day(created_on)
        assert created is not None
        due = next_due(
            person_id=person_id,
            tier=TIER_NAMED[tier],
            cadence_override=cadence_days,
            created_on=created,
            last_touch=day(last_touch),
        )
        self.sql.run(
            "UPDATE people SET next_due = :due WHERE id = :id", {"due": due, "id": person_id}
        )

    def set_snooze(self, person_id: int, until: date | None) -> None:
        self.sql.run(
            "UPDATE people SET snoozed_until = :until WHERE id = :id",
            {"until": until, "id": person_id},
        )

    def set_follow_up(self, person_id: int, on: date | None) -> None:
        self.sql.run(
            "UPDATE people SET follow_up_on = :on WHERE id = :id", {"on": on, "id": person_id}
        )

    def remove(self, person_id: int) -> None:
        """Delete a person, and ledger entries that concerned nobody else."""
        other = t.interaction_people.alias("other")
        orphaned = (
            sa.select(t.interaction_people.c.interaction_id)
            .where(t.interaction_people.c.person_id == person_id)
            .where(
                ~sa.exists().where(
                    other.c.interaction_id == t.interaction_people.c.interaction_id,
                    other.c.person_id != person_id,
                )
            )
        )
        orphan_ids = list(self.connection.execute(orphaned).scalars())
        self.connection.execute(
            sa.update(t.people).where(t.people.c.met_via_id == person_id).values(met_via_id=None)
        )
        self.connection.execute(sa.delete(t.people).where(t.people.c.id == person_id))
        for chunk_start in range(0, len(orphan_ids), 500):
            chunk = orphan_ids[chunk_start : chunk_start + 500]
            self.connection.execute(sa.delete(t.interactions).where(t.interactions.c.id.in_(chunk)))

    def with_nothing_else(self, person_ids: Sequence[int]) -> list[int]:
        """Of these people, those no ledger entry, event or campaign names: nothing but
        their profile, which an `undo` of the write that added them may remove."""
        bare: list[int] = []
        for start in range(0, len(person_ids), REMOVE_CHUNK):
            chunk = list(person_ids[start : start + REMOVE_CHUNK])
            listed, params = in_list("id", chunk)
            named: set[int] = set()
            for link in ("interaction_people", "event_people", "campaign_people"):
                query = f"SELECT person_id FROM {link} WHERE person_id IN ({listed})"
                named.update(int(pid) for (pid,) in self.sql.rows(query, params))
            bare += [pid for pid in chunk if pid not in named]
        return bare

    def remove_bare(self, person_ids: Sequence[int]) -> None:
        """Delete people `with_nothing_else` found (no entries to weigh), a chunk at a time;
        whoever they introduced keeps no `met via` to them."""
        for start in range(0, len(person_ids), REMOVE_CHUNK):
            listed, params = in_list("id", person_ids[start : start + REMOVE_CHUNK])
            self.sql.run(
                f"UPDATE people SET met_via_id = NULL WHERE met_via_id IN ({listed})", params
            )
            self.sql.run(f"DELETE FROM people WHERE id IN ({listed})", params)

    def _field_values(self, fields: PersonFields) -> dict[str, Any]:
        return dict(zip(_PROFILE_COLUMNS, _profile_values(fields), strict=True))

    def _insert_lists(self, people_fields: Sequence[tuple[int, PersonFields]]) -> None:
        emails: list[tuple[int, str, int]] = []
        phones: list[tuple[int, str, int]] = []
        links: list[tuple[int, str, int]] = []
        tags: list[tuple[int, str]] = []
        for person_id, fields in people_fields:
            if fields.emails:
                emails += _positioned(person_id, fields.emails)
            if fields.phones:
                phones += _positioned(person_id, fields.phones)
            if fields.links:
                links += _positioned(person_id, fields.links)
            if fields.tags:
                tags += [(person_id, tag) for tag in dict.fromkeys(fields.tags)]
        insert_values(self.sql, "person_emails", ("person_id", "email", "position"), emails)
        insert_values(self.sql, "person_phones", ("person_id", "phone", "position"), phones)
        insert_values(self.sql, "person_links", ("person_id", "url", "position"), links)
        insert_values(self.sql, "person_tags", ("person_id", "tag"), tags)

    # -- reads --------------------------------------------------------------

    def get(self, person_id: int) -> Person | None:
        found = self.get_many([person_id])
        return found[0] if found else None

    def get_state(self, person_id: int) -> Person | None:
        """A person without their emails, phones, links and tags: one query, for writes
        that only need the derived state."""
        row = self.sql.first(f"{_PEOPLE} WHERE id = :id", {"id": person_id})
        return None if row is None else _person_from_row(row, (), (), (), ())

    def get_many(self, person_ids: Sequence[int]) -> list[Person]:
        """People by id, in the order asked, with their lists: two queries."""
        if not person_ids:
            return []
        listed, params = in_list("id", person_ids)
        return self._hydrate(self.sql.rows(f"{_PEOPLE} WHERE id IN ({listed})", params), person_ids)

    def get_profiles(self, person_ids: Sequence[int]) -> list[Person]:
        """People with their tags but without emails, phones and links, in two queries:
        what a refold needs (the search document reads the tags, not the addresses)."""
        if not person_ids:
            return []
        listed, params = in_list("id", person_ids)
        rows = self.sql.rows(f"{_PEOPLE} WHERE id IN ({listed})", params)
        (tags,) = self._lists(list(person_ids), _TAGS)
        return [_person_from_row(row, (), (), (), tags.get(int(row[0]), ())) for row in rows]

    def id_by_email(self, email: str) -> int | None:
        query = "SELECT person_id FROM person_emails WHERE email = :email"
        found = self.sql.scalar(query, {"email": email.strip().lower()})
        return None if found is None else int(found)

    def id_by_link(self, url: str) -> int | None:
        found = self.sql.scalar(
            "SELECT person_id FROM person_links WHERE url = :url LIMIT 1", {"url": url}
        )
        return None if found is None else int(found)

    def ids_by_name_key(self, key: str, *, prefix: bool = False, limit: int = 20) -> list[int]:
        """The people whose name has this key (or starts with it). An empty key, of a name
        with no letters to look up by ("ъ"), names nobody: as a prefix it would name all."""
        if not key:
            return []
        params: dict[str, Any] = {"key": key, "limit": limit}
        if prefix and self.sql.dialect == "sqlite":
            # SQLite compares bytes: a range on the (already case-folded) key uses its
            # index, where SQLite's case-insensitive LIKE would not.
            condition = "name_key >= :key AND name_key < :beyond"
            params["beyond"] = key + "\U0010ffff"
        elif prefix:
            # PostgreSQL's collation may order by language rules: LIKE is exact.
            condition = "name_key LIKE :pattern ESCAPE '\\'"
            params["pattern"] = _like_escaped(key) + "%"
        else:
            condition = "name_key = :key"
        query = f"SELECT id FROM people WHERE {condition} ORDER BY id LIMIT :limit"
        return [int(row[0]) for row in self.sql.rows(query, params)]

    def companies(self) -> dict[str, str]:
        """Each company key, with one spelling of the company as written: the haystack for
        a company misspelt or written in another script ("Yandex" for "Яндекс")."""
        query = (
            "SELECT company_key, min(company) FROM people"
            " WHERE company_key IS NOT NULL AND company_key <> '' GROUP BY company_key"
        )
        return {str(key): str(company) for key, company in self.sql.rows(query)}

    def name_keys(self) -> dict[int, str]:
        """Everyone's id and name key in one fetch: the haystack for fuzzy matching."""
        return {int(pid): key for pid, key in self.sql.rows("SELECT id, name_key FROM people")}

    def rekey(self) -> int:
        """Store every name and company key as `name_key` and `company_key` make them now
        (after a change to folding or to the legal forms): only the rows whose keys differ
        are written. How many were."""
        changed = [
            {"id": int(pid), "name_key": new_name, "company_key": new_company}
            for pid, name, old_name, company, old_company in self.sql.rows(
                "SELECT id, name, name_key, company, company_key FROM people"
            )
            for new_name, new_company in [(name_key(name), company_key(company) or None)]
            if (new_name, new_company) != (old_name, old_company)
        ]
        if changed:
            self.sql.run_many(
                "UPDATE people SET name_key = :name_key, company_key = :company_key WHERE id = :id",
                changed,
            )
        return len(changed)

    def names(self) -> Iterator[tuple[int, str, str | None]]:
        """(id, name, company) of everyone, streamed."""
        query = sa.select(t.people.c.id, t.people.c.name, t.people.c.company)
        for row in self.connection.execute(query.execution_options(yield_per=5000)):
            yield int(row.id), row.name, row.company

    def matching(self, filters: PeopleFilter) -> list[Person]:
        return list(self.stream_matching(filters))

    def stream_matching(self, filters: PeopleFilter, page: int = 1000) -> Iterator[Person]:
        """People matching the filters, read and hydrated a page at a time (their lists in
        four queries per page): memory stays flat however many match."""
        query = self._matching_query(filters, sa.select(t.people)).execution_options(yield_per=page)
        for rows in self.connection.execute(query).partitions():
            yield from self._hydrate(rows)

    def stream_lines(self, filters: PeopleFilter, page: int = 1000) -> Iterator[PersonLine]:
        """What a list shows of the people matching the filters, in `stream_matching`'s
        order: six columns and no lists, a page at a time.

        One statement read through one cursor rather than a query per page: a page that
        starts after the last key would sort a filtered set (a tier's people by name) anew
        for every page. On SQLite, unless narrowed by a text, that statement is SQL text
        on the driver (`goodwill.store.listing`), so that a `list --tier inner` loads no
        SQLAlchemy (about 0.09 s of its start).
        """
        if self.sql.dialect == "sqlite" and filters.text is None:
            from goodwill.store import listing

            return listing.lines(self.sql, filters)
        return self._lines_selected(filters, page)

    def _lines_selected(self, filters: PeopleFilter, page: int) -> Iterator[PersonLine]:
        columns = sa.select(
            t.people.c.id,
            t.people.c.name,
            t.people.c.company,
            t.people.c.tier,
            t.people.c.next_due,
            t.people.c.balance_anchor,
        )
        query = self._matching_query(filters, columns).execution_options(yield_per=page)
        for rows in self.connection.execute(query).partitions():
            for person_id, name, company, tier, due, anchor in rows:
                yield PersonLine(person_id, name, company, TIER_NAMED[tier], due, anchor)

    def stream_records(
        self, filters: PeopleFilter | None, balance: Callable[[float], float]
    ) -> Iterator[PersonRecord]:
        """Everything `list --json` and `export csv` write of the people matching the filters,
        in `stream_matching`'s order (None: everyone, by id), with `balance` of their anchor:
        one ordered merge of five statements (`goodwill.store.records`)."""
        from goodwill.store import records

        return records.stream(self.connection, self._narrowing(filters), balance)

    def json_items(self, filters: PeopleFilter | None, balance: DayBalance) -> Iterator[str]:
        """`stream_records`' people as items of `list --json`
        (`goodwill.domain.listing.json_item`'s text): on SQLite written by SQLite itself
        (`goodwill.store.listing`), elsewhere from the records."""
        if self.sql.dialect == "sqlite" and (filters is None or filters.text is None):
            from goodwill.store import listing

            return listing.json_items(self.sql, filters, balance)
        return map(json_item, self.stream_records(filters, balance))

    def csv_lines(self, balance: DayBalance) -> Generator[str, None, None] | None:
        """Everyone by id as lines of `export csv` written by SQLite (`goodwill.store.listing`),
        or None where the exporter writes the records (PostgreSQL)."""
        if self.sql.dialect != "sqlite":
            return None
        from goodwill.store import listing

        return listing.csv_lines(self.sql, balance)

    def read_one_snapshot(self) -> None:
        """Make the rest of the transaction read one snapshot of every table: SQLite's
        transaction does once it first reads; PostgreSQL's READ COMMITTED would let a write
        land between two statements, so it is raised to REPEATABLE READ. Call it first."""
        if self.sql.dialect == "postgresql":
            self.sql.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def _narrowing(self, filters: PeopleFilter | None) -> Narrowing | None:
        """What narrows a select from `people`, joined to a list or not, to the filters and
        puts it in their order (None for no filters: everyone, by id). A limit bounds the
        people, never the rows of a join."""
        if filters is None:
            return None
        if filters.limit is None:
            return lambda query: self._matching_query(filters, query)
        chosen = self._matching_query(filters, sa.select(t.people.c.id))
        unlimited = replace(filters, limit=None)
        return lambda query: self._matching_query(unlimited, query.where(t.people.c.id.in_(chosen)))

    def _matching_query(self, filters: PeopleFilter, query: sa.Select[Any]) -> sa.Select[Any]:
        """`query` (a select from `people`) narrowed to the filters and put in their order."""
        if filters.text is not None:
            key = name_key(filters.text)
            if not key:  # "ъ": nothing to look for, so nobody (not "%%", everyone)
                return query.where(sa.false())
            escaped = key.replace("\\", "\\\\").replace("%", "\\%")
            pattern = "%" + escaped.replace("_", "\\_") + "%"
            query = query.where(  # the company as folded ("Газпром" is "gazprom") or as typed
                t.people.c.name_key.like(pattern, escape="\\")
                | t.people.c.company_key.like(pattern, escape="\\")
                | sa.func.lower(t.people.c.company).like(pattern, escape="\\")
            )
        if filters.tier is not None:
            query = query.where(t.people.c.tier == filters.tier.value)
        if filters.discipline is not None:
            query = query.where(sa.func.lower(t.people.c.discipline) == filters.discipline.lower())
        if filters.tag is not None:
            query = query.where(
                t.people.c.id.in_(
                    sa.select(t.person_tags.c.person_id).where(t.person_tags.c.tag == filters.tag)
                )
            )
        if filters.due_on is not None:  # as `due` lists them: nobody snoozed that day
            snoozed = t.people.c.snoozed_until
            query = query.where(
                t.people.c.next_due <= filters.due_on,
                snoozed.is_(None) | (snoozed <= filters.due_on),
            ).order_by(t.people.c.next_due, t.people.c.id)
        else:
            query = query.order_by(t.people.c.name_key, t.people.c.id)
        if filters.limit is not None:
            query = query.limit(filters.limit)
        return query

    def count(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM people"))

    def circles_unchosen(self) -> bool:
        """Whether there are people and all are acquaintances (as after a first import):
        two lookups of one row each, by the tier index."""
        if self.sql.first("SELECT id FROM people LIMIT 1") is None:
            return False
        closer = "SELECT id FROM people WHERE tier IN ('inner', 'active') LIMIT 1"
        return self.sql.first(closer) is None

    def overdue(self, on: date, limit: int) -> list[Person]:
        """Overdue people, most overdue first, skipping anyone snoozed; by the due index."""
        rows = self.sql.rows(
            f"{_PEOPLE} WHERE next_due < :on {_NOT_SNOOZED} ORDER BY next_due, id LIMIT :limit",
            {"on": on, "limit": limit},
        )
        return self._hydrate(rows)

    def count_overdue(self, on: date) -> int:
        """As many as `overdue` lists: snoozed people are not counted."""
        query = f"SELECT count(*) FROM people WHERE next_due < :on {_NOT_SNOOZED}"
        return int(self.sql.scalar(query, {"on": on}))

    def plan_candidates(
        self,
        on: date,
        *,
        touched_before: date,
        month_days: Sequence[int],
        limit: int,
        follow_up_limit: int,
    ) -> list[Person]:
        """Who may be in the plan: the soonest due of each tier (so a very overdue
        acquaintance pool cannot crowd out the inner circle), birthdays and anniversaries within
        `month_days` (nearest first), each pool bounded by `limit`, and due follow-ups
        (earliest first, bounded by `follow_up_limit`: the plan shows them all).

        Archived, snoozed and recently touched people are filtered out in SQL, and
        the people come without their lists: scoring needs none, and only the few
        picks are loaded in full.
        """
        eligible = (
            f"{_SHOWN} AND (last_touch IS NULL OR last_touch <= :touched_before"
            " OR follow_up_on <= :on)"
        )
        params: dict[str, Any] = {"on": on, "touched_before": touched_before, "limit": limit}
        queries = [
            f"{_PEOPLE} WHERE follow_up_on <= :on AND {eligible} "
            "ORDER BY follow_up_on, id LIMIT :follow_ups"
        ]
        params["follow_ups"] = follow_up_limit
        for tier in Tier:
            if tier is not Tier.ARCHIVED:
                queries.append(
                    f"{_PEOPLE} WHERE tier = '{tier.value}' AND next_due IS NOT NULL "
                    f"AND {eligible} ORDER BY next_due, id LIMIT :limit"
                )
        if month_days:
            listed, days = in_list("md", month_days)
            params.update(days)
            for column in ("birthday_md", "met_md"):
                nearest = " ".join(f"WHEN :{key} THEN {offset}" for offset, key in enumerate(days))
                queries.append(
                    f"{_PEOPLE} WHERE {column} IN ({listed}) AND {eligible} "
                    f"ORDER BY CASE {column} {nearest} ELSE {len(days)} END, id LIMIT :limit"
                )
        found: dict[int, Person] = {}
        for query in queries:
            for row in self.sql.rows(query, params):
                if int(row[0]) not in found:
                    found[int(row[0])] = _person_from_row(row, (), (), (), ())
        return list(found.values())

    def kept_warm_in(self, discipline: str, *, besides: int, limit: int) -> list[Person]:
        """Inner and active people of a discipline (its index), without their lists."""
        rows = self.sql.rows(
            f"{_PEOPLE} WHERE discipline = :discipline AND tier IN ('inner', 'active') "
            "AND id != :besides LIMIT :limit",
            {"discipline": discipline, "besides": besides, "limit": limit},
        )
        return [_person_from_row(row, (), (), (), ()) for row in rows]

    def with_birthdays(self, month_days: Sequence[int], limit: int = 500) -> list[Person]:
        """People (not archived) whose birthday falls on one of the `MMDD` keys, by index."""
        listed, params = in_list("md", month_days)
        rows = self.sql.rows(
            f"{_PEOPLE} WHERE birthday_md IN ({listed}) AND tier != 'archived' "
            "ORDER BY id LIMIT :limit",
            {**params, "limit": limit},
        )
        return self._hydrate(rows)

    def tagged(self, tag: str, limit: int) -> list[int]:
        """Up to `limit` people (not archived) with the tag, by name: plain SQL, as the
        daily commands read (`help` suggests the connectors this way)."""
        query = (
            "SELECT people.id FROM people JOIN person_tags ON person_tags.person_id = people.id "
            "WHERE person_tags.tag = :tag AND people.tier != 'archived' "
            "ORDER BY people.name_key, people.id LIMIT :limit"
        )
        return [int(row[0]) for row in self.sql.rows(query, {"tag": tag, "limit": limit})]

    def last_contacts(self, person_ids: Sequence[int]) -> dict[int, date | None]:
        """Each of these people's last contact, a few hundred per query: what `path` reads
        of the many people around a target to tell whom I know directly."""
        found: dict[int, date | None] = {}
        for start in range(0, len(person_ids), 500):
            listed, params = in_list("id", person_ids[start : start + 500])
            query = f"SELECT id, last_contact FROM people WHERE id IN ({listed})"
            found.update((int(pid), day(last)) for pid, last in self.sql.rows(query, params))
        return found

    def ids_with_tag(self, tag: str, among: Sequence[int]) -> set[int]:
        listed, params = in_list("id", among)
        query = f"SELECT person_id FROM person_tags WHERE tag = :tag AND person_id IN ({listed})"
        return {int(row[0]) for row in self.sql.rows(query, {"tag": tag, **params})}

    def has_follow_ups_due(self, on: date) -> bool:
        """Whether anyone the plan may show has a follow-up due (by its index)."""
        query = f"SELECT id FROM people WHERE follow_up_on <= :on AND {_SHOWN} LIMIT 1"
        return self.sql.first(query, {"on": on}) is not None

    def count_follow_ups_due(self, on: date) -> int:
        """How many people the plan may show have a follow-up due (a range of its index:
        as many rows as follow-ups wait, which doing them clears)."""
        query = f"SELECT count(*) FROM people WHERE follow_up_on <= :on AND {_SHOWN}"
        return int(self.sql.scalar(query, {"on": on}))

    def follow_ups_due(self, on: date, limit: int) -> list[Person]:
        rows = self.sql.rows(
            f"{_PEOPLE} WHERE follow_up_on <= :on ORDER BY follow_up_on, id LIMIT :limit",
            {"on": on, "limit": limit},
        )
        return self._hydrate(rows)

    def _hydrate(self, rows: Sequence[Row], order: Sequence[int] | None = None) -> list[Person]:
        """People from rows of `PEOPLE_COLUMNS`, with their lists, in `order` if given."""
        if not rows:
            return []
        ids = [int(row[0]) for row in rows]
        emails, phones, links, tags = self._lists(ids)
        by_id = {
            pid: _person_from_row(
                row,
                emails.get(pid, ()),
                phones.get(pid, ()),
                links.get(pid, ()),
                tags.get(pid, ()),
            )
            for pid, row in zip(ids, rows, strict=True)
        }
        return [by_id[pid] for pid in (order or ids) if pid in by_id]

    def _lists(
        self, ids: list[int], kinds: Sequence[tuple[str, str, str]] = _LISTS
    ) -> tuple[dict[int, tuple[str, ...]], ...]:
        """Each person's lists of `kinds` (emails, phones, links, tags), in their order, in
        one statement (whose branches share the ids' parameters)."""
        listed, params = in_list("id", ids)
        parts = [
            f"SELECT {number} AS list, person_id, {value} AS value, {order} AS position "
            f"FROM {table} WHERE person_id IN ({listed})"
            for number, (table, value, order) in enumerate(kinds)
        ]
        query = " UNION ALL ".join(parts) + " ORDER BY list, person_id, position, value"
        grouped: list[dict[int, list[str]]] = [{} for _ in kinds]
        for number, person_id, value, _position in self.sql.rows(query, params):
            grouped[number].setdefault(int(person_id), []).append(value)
        return tuple({pid: tuple(items) for pid, items in lists.items()} for lists in grouped)


def _person_from_row(
    row: Row,
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    links: tuple[str, ...],
    tags: tuple[str, ...],
) -> Person:
    """A person from a row of `select(people)` and their lists.

    The row is read once into a dictionary by position: reading its thirty-odd columns
    by name one at a time cost ten times as long, a sixth of what `list --json` spent on a
    person.
    """
    column = dict(zip(PEOPLE_COLUMNS, row, strict=True))
    for name in _DATED:
        if type(column[name]) is str:
            column[name] = date.fromisoformat(column[name])
    fields = PersonFields(
        name=column["name"],
        emails=emails,
        phones=phones,
        company=column["company"],
        title=column["title"],
        discipline=column["discipline"],
        location=column["location"],
        links=links,
        tags=tags,
        tier=TIER_NAMED[column["tier"]],
        cadence_days=column["cadence_days"],
        birthday=column["birthday"],
        met_on=column["met_on"],
        met_how=column["met_how"],
        met_via_id=column["met_via_id"],
        notes=column["notes"] or "",
        given_name=column["given_name"],
    )
    state = DerivedState(**{name: column[name] for name in STATE_COLUMNS})
    return Person(
        id=int(column["id"]),
        fields=fields,
        created_on=column["created_on"],
        state=state,
        next_due=column["next_due"],
        snoozed_until=column["snoozed_until"],
        follow_up_on=column["follow_up_on"],
    )


def _follow_up_due(on: date) -> tuple[sa.ColumnElement[bool], ...]:
    """A follow-up due by `on` for someone the plan may show (not archived, not snoozed)."""
    return (
        t.people.c.follow_up_on <= on,
        t.people.c.tier != Tier.ARCHIVED.value,
        (t.people.c.snoozed_until.is_(None)) | (t.people.c.snoozed_until <= on),
    )
