"""A large import into a small network, on SQLite: indexes and full-text built at the end.

Each row inserted into `people` also goes into each of its indexes, one B-tree insert
apiece; creating an index afresh sorts the rows once, which costs less than half as much
when most of the rows are new (50,000 people and the fourteen indexes of then: 0.55 s of
inserts into the indexes against 0.22 s to create them all). The full-text index likewise: its triggers add each document
as it is written (0.21 s), where one `rebuild` at the end takes 0.11 s.

So an import that creates many people, at least as many as the network had, sets the
indexes of `people` aside (all but the one the import itself reads: names, for matching)
and the full-text triggers, and puts them back at the end of its transaction, before it
commits. Everything happens inside the import's one transaction: a rollback, a dry run,
or a process killed half way leaves the schema as it was.

PostgreSQL likewise sets aside the indexes of `people` and the full-text (GIN) indexes
of the search documents, and creates them again before the commit: a GIN index built
from all its rows at once costs far less than one grown row by row. At 50,000 new people
the import took 5.3 s with the indexes in place and 3.9 s without them, then 0.8 s to
create them. The cost: dropping an index locks its table until the commit, so pages of
the same network wait for the import to end (on a team server each account's network is
a namespace of its own, so nobody else's). That happens only when the import at least
doubles the network: a first import, when there is little to read anyway. PostgreSQL also
sets aside the foreign keys of the tables such an import fills beside `people` (its
addresses, source ids, search documents...): it checks a foreign key row by row, with a
lookup in the table referred to, and adding the keys back checks all the rows in one join
(50,000 people: 8.7 to 7.7 s for the whole import, in alternation on a busy machine).
"""

from __future__ import annotations

from goodwill.store.search import SearchRepository
from goodwill.store.sql import Link, Repository

#: People created by one import before it may set indexes aside: below it, the inserts
#: cost less than building every index again.
BULK_FROM = 5000
#: The index of `people` an import reads (matching by name), kept in place.
KEPT = frozenset({"ix_people_name_key"})
#: The indexes of `people` that no constraint owns, and what creates each.
_SQLITE_INDEXES = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'"
    " AND sql IS NOT NULL"
)
#: The same on PostgreSQL, in the namespace of the network written to, and the full-text
#: indexes of the search documents (SQLite keeps those in step by triggers, set aside apart).
_POSTGRESQL_INDEXES = (
    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
    " JOIN pg_class c ON c.oid = i.indexrelid"
    " JOIN pg_class tbl ON tbl.oid = i.indrelid"
    " WHERE tbl.relnamespace = current_schema()::regnamespace"
    " AND (tbl.relname = 'people' OR (tbl.relname = 'search_docs' AND c.relam ="
    " (SELECT oid FROM pg_am WHERE amname = 'gin')))"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
    " ORDER BY c.relname"
)


#: The tables a contacts import fills beside `people`, whose foreign keys PostgreSQL sets
#: aside too: it checks a foreign key row by row, with a lookup in the table referred to,
#: where adding the key back checks every row in one join.
_FILLED = (
    "batch_people",
    "occasions",
    "person_emails",
    "person_links",
    "person_phones",
    "person_roles",
    "person_sources",
    "person_tags",
    "search_docs",
)
_POSTGRESQL_FOREIGN_KEYS = (
    "SELECT tbl.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
    " JOIN pg_class tbl ON tbl.oid = k.conrelid"
    " WHERE k.contype = 'f' AND tbl.relnamespace = current_schema()::regnamespace"
    f" AND tbl.relname IN ({', '.join(repr(name) for name in _FILLED)})"
    " ORDER BY tbl.relname, k.conname"
)


class BulkLoad(Repository):
    """Indexes and triggers set aside for the rest of a transaction, and put back."""

    def __init__(self, link: Link) -> None:
        super().__init__(link)
        self._search = SearchRepository(link)
        self._indexes: list[str] = []
        self._triggers: list[str] = []
        self._foreign_keys: list[str] = []
        self.active = False

    def consider(self, created: int, coming: int) -> None:
        """Set the indexes aside when the people this import makes, `created` so far and
        `coming` now, are many, and at least as many as the people there before it."""
        made = created + coming
        if self.active or made < BULK_FROM:
            return
        before = int(self.sql.scalar("SELECT count(*) FROM people")) - created
        if made < before:
            return
        listed = _POSTGRESQL_INDEXES if self.sql.dialect == "postgresql" else _SQLITE_INDEXES
        aside = [(name, sql) for name, sql in self.sql.driver_rows(listed) if name not in KEPT]
        for name, _ in aside:
            self.sql.driver_run(f'DROP INDEX "{name}"')
        self._indexes = [sql for _, sql in aside]
        self._triggers = self._search.set_triggers_aside()
        if self.sql.dialect == "postgresql":
            for table, name, definition in self.sql.driver_rows(_POSTGRESQL_FOREIGN_KEYS):
                self.sql.driver_run(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                self._foreign_keys.append(
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
                )
        self.active = True

    def restore(self) -> None:
        """Everything set aside, back: each index built in one pass, then the full-text
        index from every document, then the foreign keys."""
        indexes, triggers, foreign_keys = self._indexes, self._triggers, self._foreign_keys
        self._indexes, self._triggers, self._foreign_keys, self.active = [], [], [], False
        for statement in indexes:
            self.sql.driver_run(statement)
        self._search.put_triggers_back(triggers)
        for statement in foreign_keys:  # each checks all its rows at once
            self.sql.driver_run(statement)
