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
or a process killed half way leaves the schema as it was. On PostgreSQL nothing is set
aside: dropping an index there would lock the table against every reader until the
import commits.
"""

from __future__ import annotations

from goodwill.store.search import SearchRepository
from goodwill.store.sql import Link, Repository

#: People created by one import before it may set indexes aside: below it, the inserts
#: cost less than building every index again.
BULK_FROM = 5000
#: The index of `people` an import reads (matching by name), kept in place.
KEPT = frozenset({"ix_people_name_key"})


class BulkLoad(Repository):
    """Indexes and triggers set aside for the rest of a transaction, and put back."""

    def __init__(self, link: Link) -> None:
        super().__init__(link)
        self._search = SearchRepository(link)
        self._indexes: list[str] = []
        self._triggers: list[str] = []
        self.active = False

    def consider(self, created: int, coming: int) -> None:
        """Set the indexes aside when the people this import makes, `created` so far and
        `coming` now, are many, and at least as many as the people there before it."""
        made = created + coming
        if self.active or made < BULK_FROM or self.sql.dialect != "sqlite":
            return
        before = int(self.sql.scalar("SELECT count(*) FROM people")) - created
        if made < before:
            return
        run = self.connection.exec_driver_sql
        indexes = run(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'"
            " AND sql IS NOT NULL"
        ).all()
        aside = [(name, sql) for name, sql in indexes if name not in KEPT]
        for name, _ in aside:
            run(f'DROP INDEX "{name}"')
        self._indexes = [sql for _, sql in aside]
        self._triggers = self._search.set_triggers_aside()
        self.active = True

    def restore(self) -> None:
        """Everything set aside, back: each index built in one pass, then the full-text
        index from every document."""
        indexes, triggers = self._indexes, self._triggers
        self._indexes, self._triggers, self.active = [], [], False
        for statement in indexes:
            self.connection.exec_driver_sql(statement)
        self._search.put_triggers_back(triggers)
