"""A person's id is never given again after `rm` or `merge`.

Revision ID: 0016
Revises: 0015

PostgreSQL's sequence already never goes back. SQLite gives the next id after the largest
one still there, so removing the newest person freed their id: `people.id` becomes
`INTEGER PRIMARY KEY AUTOINCREMENT`, which keeps the largest id ever used in
`sqlite_sequence`. Both forms make `id` the table's rowid, so the rows on disk are the
same and only the table's declaration changes: it is rewritten in place (SQLite's
documented `writable_schema` procedure for changes that leave the stored format alone),
rather than by copying the table, which with foreign keys on would cascade its deletion
into every table that refers to people.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_COLUMN = re.compile(r"\bid INTEGER NOT NULL,")
_CONSTRAINT = re.compile(r",\s*CONSTRAINT pk_people PRIMARY KEY \(id\)")
_AUTOINCREMENT = "id INTEGER NOT NULL CONSTRAINT pk_people PRIMARY KEY AUTOINCREMENT,"


def _declaration(bind: sa.Connection) -> str:
    return str(
        bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'people'"
        ).scalar_one()
    )


def _rewrite(bind: sa.Connection, declaration: str) -> None:
    version = int(bind.exec_driver_sql("PRAGMA schema_version").scalar_one())
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'people'",
        (declaration,),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = bind.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"people's new declaration: {problems[:3]}")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    declaration = _declaration(bind)
    if "AUTOINCREMENT" in declaration:
        return
    if not (_COLUMN.search(declaration) and _CONSTRAINT.search(declaration)):
        raise RuntimeError("people's declaration is not the one the migrations wrote")
    _rewrite(bind, _COLUMN.sub(_AUTOINCREMENT, _CONSTRAINT.sub("", declaration), count=1))
    bind.exec_driver_sql(
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'people', coalesce(max(id), 0) FROM people"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    declaration = _declaration(bind)
    column = re.compile(re.escape(_AUTOINCREMENT))
    plain = column.sub("id INTEGER NOT NULL,", declaration, count=1)
    last = plain.rfind(")")
    _rewrite(bind, plain[:last].rstrip() + ", \n\tCONSTRAINT pk_people PRIMARY KEY (id)\n)")
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'people'")
