"""The ask guard's credit: a per-person anchor beside the balance's, filled from the ledger.

Revision ID: 0015
Revises: 0014

Credit is the balance without touches (`domain.credit`). The anchor of each entry is its
signed weight times 2^(days since 2000-01-01 / half-life), the half-life the stored
balances use (the `half_life_days` setting, else the default of 365 days). SQLite has no
power function in every build, so the migration lends it one for this statement.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_DEFAULT_HALF_LIFE_DAYS = 365.0

_DAYS = {
    "sqlite": "(julianday(i.occurred_on) - julianday('2000-01-01'))",
    "postgresql": "(i.occurred_on - DATE '2000-01-01')",
}
_POWER = {"sqlite": "goodwill_power", "postgresql": "power"}


def _half_life(bind: sa.Connection) -> float:
    stored = bind.execute(
        sa.text("SELECT value FROM settings WHERE key = 'half_life_days'")
    ).scalar()
    return float(stored) if stored is not None else _DEFAULT_HALF_LIFE_DAYS


def upgrade() -> None:
    op.add_column(
        "people",
        sa.Column("credit_anchor", sa.Float(), nullable=False, server_default=sa.text("0")),
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
            "goodwill_power", 2, lambda base, exponent: float(base) ** float(exponent)
        )
    signed = "CASE WHEN i.direction = 'deposit' THEN abs(i.weight) ELSE -abs(i.weight) END"
    contribution = f"{signed} * {_POWER[dialect]}(2.0, {_DAYS[dialect]} / :half_life)"
    bind.execute(
        sa.text(
            "UPDATE people SET credit_anchor = ("
            f"SELECT coalesce(sum({contribution}), 0) FROM interaction_people ip "
            "JOIN interactions i ON i.id = ip.interaction_id "
            "WHERE ip.person_id = people.id AND i.direction <> 'touch')"
            " WHERE people.entries > 0"
        ),
        {"half_life": _half_life(bind)},
    )


def downgrade() -> None:
    # Both PostgreSQL and SQLite (3.35 and later) drop a column in place.
    op.execute("ALTER TABLE people DROP COLUMN credit_anchor")
