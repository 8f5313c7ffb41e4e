"""Moving everything that points at one person to another: the storage half of `merge`.

It walks every foreign key to `people.id` in the schema, so a table added
later is merged too without touching this code.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, and_, delete, exists, select, update

from goodwill.store.tables import metadata, people


def _references() -> list[tuple[Table, str]]:
    found = []
    for table in metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column is people.c.id:
                found.append((table, foreign_key.parent.name))
    return found


def reassign(connection: Connection, from_id: int, to_id: int) -> None:
    """Point every reference to `from_id` at `to_id`, dropping rows that would clash."""
    for table, column_name in _references():
        column = table.c[column_name]
        key_columns = [c for c in table.primary_key.columns if c.name != column_name]
        if column.primary_key:
            keep = table.alias("keep")
            if key_columns:
                clash = exists().where(
                    keep.c[column_name] == to_id,
                    and_(*(keep.c[c.name] == table.c[c.name] for c in key_columns)),
                )
            else:
                clash = exists(select(keep.c[column_name]).where(keep.c[column_name] == to_id))
            connection.execute(delete(table).where(column == from_id, clash))
        connection.execute(update(table).where(column == from_id).values({column_name: to_id}))
    connection.execute(
        update(people)
        .where(people.c.met_via_id == to_id, people.c.id == to_id)
        .values(met_via_id=None)
    )
