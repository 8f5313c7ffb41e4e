"""Fold the letters Unicode keeps whole (ø, æ, œ, ł, đ, þ, ...) in the stored keys.

Revision ID: 0021
Revises: 0020

`domain.folding` now folds "Søren" to "soren" and "Mærsk" to "maersk", as people type
them. The keys names and companies are looked up by, and the folded words of the search
documents, are computed again for every row in which they change.
"""

import sqlalchemy as sa
from alembic import op

from goodwill.domain.companies import company_key
from goodwill.domain.folding import fold_letters

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

#: Rows per UPDATE executemany.
CHUNK = 1000


def _name_key(name: str) -> str:
    """`store.people.name_key` as of this revision."""
    return " ".join(fold_letters(name).split())


def upgrade() -> None:
    bind = op.get_bind()
    keys = bind.execute(sa.text("SELECT id, name, name_key, company, company_key FROM people"))
    changed = [
        {"id": pid, "name_key": _name_key(name), "company_key": company_key(company) or None}
        for pid, name, old_name, company, old_company in keys
        if not (name or "").isascii() or not (company or "").isascii()
        if (_name_key(name), company_key(company) or None) != (old_name, old_company)
    ]
    _update(
        bind,
        "UPDATE people SET name_key = :name_key, company_key = :company_key WHERE id = :id",
        changed,
    )
    documents = bind.execute(
        sa.text("SELECT person_id, profile_stems, notes_stems FROM search_docs")
    )
    refolded = [
        {"id": pid, "profile": fold_letters(profile), "notes": fold_letters(notes)}
        for pid, profile, notes in documents
        if not profile.isascii() or not notes.isascii()
        if (fold_letters(profile), fold_letters(notes)) != (profile, notes)
    ]
    _update(
        bind,
        "UPDATE search_docs SET profile_stems = :profile, notes_stems = :notes "
        "WHERE person_id = :id",
        refolded,
    )


def _update(bind: sa.Connection, statement: str, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), CHUNK):
        bind.execute(sa.text(statement), rows[start : start + CHUNK])


def downgrade() -> None:
    """The old keys are not kept: an older goodwill finds fewer names with these letters,
    and `goodwill reindex` there rebuilds its search documents."""
