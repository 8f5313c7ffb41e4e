"""People: profiles, their emails, phones, links and tags, and their derived state."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Row,
    Select,
    case,
    delete,
    exists,
    func,
    literal,
    null,
    select,
    text,
    union_all,
    update,
)

from goodwill.domain.cadence import next_due
from goodwill.domain.companies import company_key
from goodwill.domain.model import (
    DerivedState,
    Person,
    PersonFields,
    PersonLine,
    PersonRecord,
    Tier,
)
from goodwill.store import records
from goodwill.store.bulk import insert_rows, update_rows
from goodwill.store.search import SearchRepository
from goodwill.store.tables import (
    interaction_people,
    interactions,
    people,
    person_emails,
    person_links,
    person_phones,
    person_tags,
)

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


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Case- and accent-insensitive form of a name, for exact and prefix lookups.

    Cached for a few thousand names: an import asks for each name's key three times (to
    look it up, to match, and to store it), and accents make it cost.
    """
    if name.isascii():
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def at_company(connection: Connection, company: str) -> ColumnElement[bool] | None:
    """People whose company `company` names: the same company key, or one that starts with
    its whole words ("Fabrikam" is "Fabrikam GmbH" and "Fabrikam Labs", not "Fabrikamo").
    None when `company` has no key at all. Both arms seek the index on `company_key`."""
    key = company_key(company)
    if not key:
        return None
    longer = key + " "
    starts: ColumnElement[bool]
    if connection.dialect.name == "sqlite":  # bytes order: a range seeks the index
        starts = (people.c.company_key >= longer) & (people.c.company_key < longer + "\U0010ffff")
    else:  # a language collation may not order by bytes: LIKE is exact
        starts = people.c.company_key.startswith(longer, autoescape=True)
    return (people.c.company_key == key) | starts


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
_LISTS: tuple[tuple[Any, Any, Any], ...] = (
    (person_emails, person_emails.c.email, person_emails.c.position.label("position")),
    (person_phones, person_phones.c.phone, person_phones.c.position.label("position")),
    (person_links, person_links.c.url, person_links.c.position.label("position")),
    (person_tags, person_tags.c.tag, null().cast(Integer).label("position")),
)
#: Only the tags (what a refold needs of a person's lists).
_TAGS = _LISTS[3:]
#: Each tier by its stored value: a dictionary lookup costs a fraction of `Tier(value)`.
_TIERS = {tier.value: tier for tier in Tier}


class PeopleRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- writes -------------------------------------------------------------

    def add(self, fields: PersonFields, created_on: date) -> int:
        return self.add_many([(fields, created_on)])[0]

    def add_many(self, items: Sequence[tuple[PersonFields, date]]) -> list[int]:
        """Insert people with one executemany per table, ids reserved up front.

        Knowing the ids first lets each row carry its spread due date, and
        avoids RETURNING, which SQLite can only honour one row at a time.
        """
        if not items:
            return []
        ids = self._reserve_ids(len(items))
        rows = [
            {
                **self._field_values(fields),
                "id": pid,
                "created_on": created_on,
                "balance_anchor": 0.0,
                "credit_anchor": 0.0,
                "next_due": next_due(
                    person_id=pid,
                    tier=fields.tier,
                    cadence_override=fields.cadence_days,
                    created_on=created_on,
                    last_touch=None,
                ),
            }
            for pid, (fields, created_on) in zip(ids, items, strict=True)
        ]
        insert_rows(self.connection, people, rows)
        pairs = list(zip(ids, (fields for fields, _ in items), strict=True))
        self._insert_lists(pairs)
        SearchRepository(self.connection).add_profiles(pairs)
        return ids

    def _reserve_ids(self, count: int) -> list[int]:
        """Fresh ids, never used before: from PostgreSQL's sequence, or after the largest id
        SQLite ever gave (a write transaction there holds the database's write lock, so
        nobody else takes them)."""
        if self.connection.dialect.name == "postgresql":
            query = text(
                "SELECT nextval(pg_get_serial_sequence('people', 'id')) "
                "FROM generate_series(1, :count)"
            )
            return [int(v) for v in self.connection.execute(query, {"count": count}).scalars()]
        # AUTOINCREMENT keeps the largest id ever used, so a removed person's id stays theirs.
        used = self.connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'people'")
        ).scalar()
        largest = self.connection.execute(
            select(func.coalesce(func.max(people.c.id), 0))
        ).scalar_one()
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
        ids = [pid for pid, _ in items]
        known = {
            int(row.id): row
            for row in self.connection.execute(
                select(people.c.id, people.c.created_on, people.c.last_touch).where(
                    people.c.id.in_(ids)
                )
            )
        }
        rows = []
        for pid, fields in items:
            row = known[pid]
            rows.append(
                {
                    **self._field_values(fields),
                    "id": pid,
                    "next_due": next_due(
                        person_id=pid,
                        tier=fields.tier,
                        cadence_override=fields.cadence_days,
                        created_on=row.created_on,
                        last_touch=row.last_touch,
                    ),
                }
            )
        update_rows(self.connection, people, "id", rows)
        for table in (person_emails, person_phones, person_links, person_tags):
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        self._insert_lists(items)
        SearchRepository(self.connection).set_profiles(items)

    def save_state(self, person_id: int, state: DerivedState) -> None:
        values = {column: getattr(state, column) for column in STATE_COLUMNS}
        self.connection.execute(update(people).where(people.c.id == person_id).values(**values))
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
        update_rows(self.connection, people, "id", rows)

    def set_follow_ups(self, follow_ups: Sequence[tuple[int, date | None]]) -> None:
        update_rows(
            self.connection,
            people,
            "id",
            [{"follow_up_on": on, "id": person_id} for person_id, on in follow_ups],
        )

    def ids_after(self, after: int | None, limit: int) -> list[int]:
        """The next `limit` ids above `after` (from the first when None), ascending: a
        page of everyone, however many they are."""
        query = select(people.c.id).order_by(people.c.id).limit(limit)
        if after is not None:
            query = query.where(people.c.id > after)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def ids(self) -> list[int]:
        """Everyone's id, ascending."""
        query = select(people.c.id).order_by(people.c.id)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def refresh_due(self, person_id: int) -> None:
        row = self.connection.execute(
            select(
                people.c.tier, people.c.cadence_days, people.c.created_on, people.c.last_touch
            ).where(people.c.id == person_id)
        ).one()
        due = next_due(
            person_id=person_id,
            tier=Tier(row.tier),
            cadence_override=row.cadence_days,
            created_on=row.created_on,
            last_touch=row.last_touch,
        )
        self.connection.execute(update(people).where(people.c.id == person_id).values(next_due=due))

    def set_snooze(self, person_id: int, until: date | None) -> None:
        self.connection.execute(
            update(people).where(people.c.id == person_id).values(snoozed_until=until)
        )

    def set_follow_up(self, person_id: int, on: date | None) -> None:
        self.connection.execute(
            update(people).where(people.c.id == person_id).values(follow_up_on=on)
        )

    def remove(self, person_id: int) -> None:
        """Delete a person, and ledger entries that concerned nobody else."""
        other = interaction_people.alias("other")
        orphaned = (
            select(interaction_people.c.interaction_id)
            .where(interaction_people.c.person_id == person_id)
            .where(
                ~exists().where(
                    other.c.interaction_id == interaction_people.c.interaction_id,
                    other.c.person_id != person_id,
                )
            )
        )
        orphan_ids = list(self.connection.execute(orphaned).scalars())
        self.connection.execute(
            update(people).where(people.c.met_via_id == person_id).values(met_via_id=None)
        )
        self.connection.execute(delete(people).where(people.c.id == person_id))
        for chunk_start in range(0, len(orphan_ids), 500):
            chunk = orphan_ids[chunk_start : chunk_start + 500]
            self.connection.execute(delete(interactions).where(interactions.c.id.in_(chunk)))

    def _field_values(self, fields: PersonFields) -> dict[str, Any]:
        return {
            "name": fields.name,
            "name_key": name_key(fields.name),
            "given_name": fields.given_name,
            "company": fields.company,
            "company_key": company_key(fields.company) or None,
            "title": fields.title,
            "discipline": fields.discipline,
            "location": fields.location,
            "tier": fields.tier.value,
            "cadence_days": fields.cadence_days,
            "birthday": fields.birthday,
            "birthday_md": month_day(fields.birthday),
            "met_on": fields.met_on,
            "met_md": month_day(fields.met_on),
            "met_how": fields.met_how,
            "met_via_id": fields.met_via_id,
            "notes": fields.notes,
        }

    def _insert_lists(self, people_fields: Sequence[tuple[int, PersonFields]]) -> None:
        emails, phones, links, tags = [], [], [], []
        for person_id, fields in people_fields:
            emails += [
                {"person_id": person_id, "email": email, "position": index}
                for index, email in enumerate(dict.fromkeys(fields.emails))
            ]
            phones += [
                {"person_id": person_id, "phone": phone, "position": index}
                for index, phone in enumerate(dict.fromkeys(fields.phones))
            ]
            links += [
                {"person_id": person_id, "url": url, "position": index}
                for index, url in enumerate(dict.fromkeys(fields.links))
            ]
            tags += [{"person_id": person_id, "tag": tag} for tag in dict.fromkeys(fields.tags)]
        for table, rows in (
            (person_emails, emails),
            (person_phones, phones),
            (person_links, links),
            (person_tags, tags),
        ):
            insert_rows(self.connection, table, rows)

    # -- reads --------------------------------------------------------------

    def get(self, person_id: int) -> Person | None:
        found = self.get_many([person_id])
        return found[0] if found else None

    def get_state(self, person_id: int) -> Person | None:
        """A person without their emails, phones, links and tags: one query, for writes
        that only need the derived state."""
        row = self.connection.execute(select(people).where(people.c.id == person_id)).first()
        return None if row is None else _person_from_row(row, (), (), (), ())

    def get_many(self, person_ids: Sequence[int]) -> list[Person]:
        """People by id, in the order asked, with their lists: two queries."""
        if not person_ids:
            return []
        rows = self.connection.execute(select(people).where(people.c.id.in_(person_ids))).all()
        return self._hydrate(rows, order=person_ids)

    def get_profiles(self, person_ids: Sequence[int]) -> list[Person]:
        """People with their tags but without emails, phones and links, in two queries:
        what a refold needs (the search document reads the tags, not the addresses)."""
        if not person_ids:
            return []
        rows = self.connection.execute(select(people).where(people.c.id.in_(person_ids))).all()
        (tags,) = self._lists(list(person_ids), _TAGS)
        return [_person_from_row(row, (), (), (), tags.get(int(row.id), ())) for row in rows]

    def id_by_email(self, email: str) -> int | None:
        found = self.connection.execute(
            select(person_emails.c.person_id).where(person_emails.c.email == email.strip().lower())
        ).scalar()
        return None if found is None else int(found)

    def id_by_link(self, url: str) -> int | None:
        found = self.connection.execute(
            select(person_links.c.person_id).where(person_links.c.url == url).limit(1)
        ).scalar()
        return None if found is None else int(found)

    def ids_by_name_key(self, key: str, *, prefix: bool = False, limit: int = 20) -> list[int]:
        condition: ColumnElement[bool]
        if prefix and self.connection.dialect.name == "sqlite":
            # SQLite compares bytes: a range on the (already case-folded) key uses its
            # index, where SQLite's case-insensitive LIKE would not.
            condition = (people.c.name_key >= key) & (people.c.name_key < key + "\U0010ffff")
        elif prefix:
            # PostgreSQL's collation may order by language rules: LIKE is exact.
            condition = people.c.name_key.startswith(key, autoescape=True)
        else:
            condition = people.c.name_key == key
        query = select(people.c.id).where(condition).order_by(people.c.id).limit(limit)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def name_keys(self) -> dict[int, str]:
        """Everyone's id and name key in one fetch: the haystack for fuzzy matching."""
        query = select(people.c.id, people.c.name_key)
        return {int(pid): key for pid, key in self.connection.execute(query)}

    def names(self) -> Iterator[tuple[int, str, str | None]]:
        """(id, name, company) of everyone, streamed."""
        query = select(people.c.id, people.c.name, people.c.company)
        for row in self.connection.execute(query.execution_options(yield_per=5000)):
            yield int(row.id), row.name, row.company

    def matching(self, filters: PeopleFilter) -> list[Person]:
        return list(self.stream_matching(filters))

    def stream_matching(self, filters: PeopleFilter, page: int = 1000) -> Iterator[Person]:
        """People matching the filters, read and hydrated a page at a time (their lists in
        four queries per page): memory stays flat however many match."""
        query = self._matching_query(filters, select(people)).execution_options(yield_per=page)
        for rows in self.connection.execute(query).partitions():
            yield from self._hydrate(rows)

    def stream_lines(self, filters: PeopleFilter, page: int = 1000) -> Iterator[PersonLine]:
        """What a list shows of the people matching the filters, in `stream_matching`'s
        order: six columns and no lists, a page at a time.

        One statement read through one cursor rather than a query per page: a page that
        starts after the last key would sort a filtered set (a tier's people by name) anew
        for every page.
        """
        columns = select(
            people.c.id,
            people.c.name,
            people.c.company,
            people.c.tier,
            people.c.next_due,
            people.c.balance_anchor,
        )
        query = self._matching_query(filters, columns).execution_options(yield_per=page)
        for rows in self.connection.execute(query).partitions():
            for person_id, name, company, tier, due, anchor in rows:
                yield PersonLine(person_id, name, company, _TIERS[tier], due, anchor)

    def stream_records(
        self, filters: PeopleFilter | None, balance: Callable[[float], float]
    ) -> Iterator[PersonRecord]:
        """Everything `list --json` and `export csv` write of the people matching the filters,
        in `stream_matching`'s order (None: everyone, by id), with `balance` of their anchor:
        one ordered merge of five statements (`goodwill.store.records`)."""
        return records.stream(self.connection, self._narrowing(filters), balance)

    def _narrowing(self, filters: PeopleFilter | None) -> records.Narrowing | None:
        """What narrows a select from `people`, joined to a list or not, to the filters and
        puts it in their order (None for no filters: everyone, by id). A limit bounds the
        people, never the rows of a join."""
        if filters is None:
            return None
        if filters.limit is None:
            return lambda query: self._matching_query(filters, query)
        chosen = self._matching_query(filters, select(people.c.id))
        unlimited = replace(filters, limit=None)
        return lambda query: self._matching_query(unlimited, query.where(people.c.id.in_(chosen)))

    def _matching_query(self, filters: PeopleFilter, query: Select[Any]) -> Select[Any]:
        """`query` (a select from `people`) narrowed to the filters and put in their order."""
        if filters.text:
            escaped = name_key(filters.text).replace("\\", "\\\\").replace("%", "\\%")
            pattern = "%" + escaped.replace("_", "\\_") + "%"
            query = query.where(
                people.c.name_key.like(pattern, escape="\\")
                | func.lower(people.c.company).like(pattern, escape="\\")
            )
        if filters.tier is not None:
            query = query.where(people.c.tier == filters.tier.value)
        if filters.discipline is not None:
            query = query.where(func.lower(people.c.discipline) == filters.discipline.lower())
        if filters.tag is not None:
            query = query.where(
                people.c.id.in_(
                    select(person_tags.c.person_id).where(person_tags.c.tag == filters.tag)
                )
            )
        if filters.due_on is not None:
            query = query.where(people.c.next_due <= filters.due_on).order_by(
                people.c.next_due, people.c.id
            )
        else:
            query = query.order_by(people.c.name_key, people.c.id)
        if filters.limit is not None:
            query = query.limit(filters.limit)
        return query

    def count(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(people)).scalar_one())

    def circles_unchosen(self) -> bool:
        """Whether there are people and all are acquaintances (as after a first import):
        two lookups of one row each, by the tier index."""
        first = select(people.c.id).limit(1)
        closer = first.where(people.c.tier.in_((Tier.INNER, Tier.ACTIVE)))
        anyone = self.connection.execute(first).first() is not None
        return anyone and self.connection.execute(closer).first() is None

    def overdue(self, on: date, limit: int) -> list[Person]:
        """Overdue people, most overdue first, skipping anyone snoozed; by the due index."""
        query = (
            select(people)
            .where(people.c.next_due < on)
            .where((people.c.snoozed_until.is_(None)) | (people.c.snoozed_until <= on))
            .order_by(people.c.next_due, people.c.id)
            .limit(limit)
        )
        return self._hydrate(self.connection.execute(query).all())

    def count_overdue(self, on: date) -> int:
        """As many as `overdue` lists: snoozed people are not counted."""
        query = (
            select(func.count())
            .select_from(people)
            .where(people.c.next_due < on)
            .where((people.c.snoozed_until.is_(None)) | (people.c.snoozed_until <= on))
        )
        return int(self.connection.execute(query).scalar_one())

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
            people.c.tier != Tier.ARCHIVED.value,
            (people.c.snoozed_until.is_(None)) | (people.c.snoozed_until <= on),
            (people.c.last_touch.is_(None))
            | (people.c.last_touch <= touched_before)
            | (people.c.follow_up_on <= on),
        )
        nearest = case(
            {key: offset for offset, key in enumerate(month_days)},
            value=people.c.birthday_md,
            else_=len(month_days),
        )
        met_nearest = case(
            {key: offset for offset, key in enumerate(month_days)},
            value=people.c.met_md,
            else_=len(month_days),
        )
        soonest_due_by_tier = tuple(
            select(people)
            .where(people.c.tier == tier.value, people.c.next_due.is_not(None), *eligible)
            .order_by(people.c.next_due, people.c.id)
            for tier in Tier
            if tier is not Tier.ARCHIVED
        )
        pools = (
            *soonest_due_by_tier,
            select(people)
            .where(people.c.birthday_md.in_(list(month_days)), *eligible)
            .order_by(nearest, people.c.id),
            select(people)
            .where(people.c.met_md.in_(list(month_days)), *eligible)
            .order_by(met_nearest, people.c.id),
        )
        follow_ups = (
            select(people)
            .where(people.c.follow_up_on <= on, *eligible)
            .order_by(people.c.follow_up_on, people.c.id)
            .limit(follow_up_limit)
        )
        found: dict[int, Person] = {}
        for query in (follow_ups, *(pool.limit(limit) for pool in pools)):
            for row in self.connection.execute(query):
                if int(row.id) not in found:
                    found[int(row.id)] = _person_from_row(row, (), (), (), ())
        return list(found.values())

    def kept_warm_in(self, discipline: str, *, besides: int, limit: int) -> list[Person]:
        """Inner and active people of a discipline (its index), without their lists."""
        query = (
            select(people)
            .where(
                people.c.discipline == discipline,
                people.c.tier.in_([Tier.INNER.value, Tier.ACTIVE.value]),
                people.c.id != besides,
            )
            .limit(limit)
        )
        return [_person_from_row(row, (), (), (), ()) for row in self.connection.execute(query)]

    def with_birthdays(self, month_days: Sequence[int], limit: int = 500) -> list[Person]:
        """People (not archived) whose birthday falls on one of the `MMDD` keys, by index."""
        query = (
            select(people)
            .where(people.c.birthday_md.in_(list(month_days)), people.c.tier != Tier.ARCHIVED.value)
            .order_by(people.c.id)
            .limit(limit)
        )
        return self._hydrate(self.connection.execute(query).all())

    def ids_with_tag(self, tag: str, among: Sequence[int]) -> set[int]:
        query = select(person_tags.c.person_id).where(
            person_tags.c.tag == tag, person_tags.c.person_id.in_(list(among))
        )
        return {int(pid) for pid in self.connection.execute(query).scalars()}

    def has_follow_ups_due(self, on: date) -> bool:
        """Whether anyone the plan may show has a follow-up due (by its index)."""
        query = select(people.c.id).where(*_follow_up_due(on)).limit(1)
        return self.connection.execute(query).first() is not None

    def count_follow_ups_due(self, on: date) -> int:
        """How many people the plan may show have a follow-up due (a range of its index:
        as many rows as follow-ups wait, which doing them clears)."""
        query = select(func.count()).select_from(people).where(*_follow_up_due(on))
        return int(self.connection.execute(query).scalar_one())

    def follow_ups_due(self, on: date, limit: int) -> list[Person]:
        query = (
            select(people)
            .where(people.c.follow_up_on <= on)
            .order_by(people.c.follow_up_on, people.c.id)
            .limit(limit)
        )
        return self._hydrate(self.connection.execute(query).all())

    def _hydrate(
        self, rows: Sequence[Row[Any]], order: Sequence[int] | None = None
    ) -> list[Person]:
        if not rows:
            return []
        ids = [int(row.id) for row in rows]
        emails, phones, links, tags = self._lists(ids)
        by_id = {
            int(row.id): _person_from_row(
                row,
                emails.get(int(row.id), ()),
                phones.get(int(row.id), ()),
                links.get(int(row.id), ()),
                tags.get(int(row.id), ()),
            )
            for row in rows
        }
        return [by_id[pid] for pid in (order or ids) if pid in by_id]

    def _lists(
        self, ids: list[int], kinds: Sequence[tuple[Any, Any, Any]] = _LISTS
    ) -> tuple[dict[int, tuple[str, ...]], ...]:
        """Each person's lists of `kinds` (emails, phones, links, tags), in their order, in
        one statement."""
        parts = [
            select(
                literal(number).label("list"), table.c.person_id, value.label("value"), order
            ).where(table.c.person_id.in_(ids))
            for number, (table, value, order) in enumerate(kinds)
        ]
        query = union_all(*parts).order_by("list", "person_id", "position", "value")
        grouped: list[dict[int, list[str]]] = [{} for _ in kinds]
        for number, person_id, value, _position in self.connection.execute(query):
            grouped[number].setdefault(int(person_id), []).append(value)
        return tuple({pid: tuple(items) for pid, items in lists.items()} for lists in grouped)


#: The columns of a row of `select(people)`, in their order.
_PEOPLE_COLUMNS = tuple(people.columns.keys())


def _person_from_row(
    row: Row[Any],
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
    column = dict(zip(_PEOPLE_COLUMNS, row, strict=True))
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
        tier=_TIERS[column["tier"]],
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


def _follow_up_due(on: date) -> tuple[ColumnElement[bool], ...]:
    """A follow-up due by `on` for someone the plan may show (not archived, not snoozed)."""
    return (
        people.c.follow_up_on <= on,
        people.c.tier != Tier.ARCHIVED.value,
        (people.c.snoozed_until.is_(None)) | (people.c.snoozed_until <= on),
    )
