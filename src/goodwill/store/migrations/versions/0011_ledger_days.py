"""Ledger entries counted per day, kept by triggers, for the weekly trends.

Revision ID: 0011
Revises: 0010

Counting in triggers keeps the counts right whatever writes the ledger (a `log`, an
import, `undo`, `forget`, a restore), in the same transaction.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_MATCH_OLD = "day = old.occurred_on AND direction = old.direction AND by_them = old.by_them"
_COUNT_NEW = (
    "INSERT INTO ledger_days (day, direction, by_them, entries) "
    "VALUES (new.occurred_on, new.direction, new.by_them, 1) "
    "ON CONFLICT (day, direction, by_them) DO UPDATE SET entries = ledger_days.entries + 1"
)
_UNCOUNT_OLD = f"UPDATE ledger_days SET entries = entries - 1 WHERE {_MATCH_OLD}"

_SQLITE = (
    f"CREATE TRIGGER ledger_days_ai AFTER INSERT ON interactions BEGIN {_COUNT_NEW}; END",
    f"CREATE TRIGGER ledger_days_ad AFTER DELETE ON interactions BEGIN {_UNCOUNT_OLD}; END",
    "CREATE TRIGGER ledger_days_au AFTER UPDATE OF occurred_on, direction, by_them "
    f"ON interactions BEGIN {_UNCOUNT_OLD}; {_COUNT_NEW}; END",
)
_POSTGRESQL = (
    "CREATE FUNCTION ledger_days_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_UNCOUNT_OLD.replace('old.', 'OLD.')}; END IF; "
    f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_COUNT_NEW.replace('new.', 'NEW.')}; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER ledger_days_count AFTER INSERT OR DELETE "
    "OR UPDATE OF occurred_on, direction, by_them ON interactions "
    "FOR EACH ROW EXECUTE FUNCTION ledger_days_count()",
)


def upgrade() -> None:
    op.create_table(
        "ledger_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("by_them", sa.Boolean(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "direction", "by_them", name=op.f("pk_ledger_days")),
    )
    op.execute(
        "INSERT INTO ledger_days (day, direction, by_them, entries) "
        "SELECT occurred_on, direction, by_them, count(*) FROM interactions "
        "GROUP BY occurred_on, direction, by_them"
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE if sqlite else _POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ledger_days_ai", "ledger_days_ad", "ledger_days_au"):
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER ledger_days_count ON interactions")
        op.execute("DROP FUNCTION ledger_days_count()")
    op.drop_table("ledger_days")
