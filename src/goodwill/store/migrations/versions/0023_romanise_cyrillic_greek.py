"""Spell Cyrillic and Greek letters in Latin ones in the stored keys.

Revision ID: 0023
Revises: 0022

`domain.folding` now folds "Мария Иванова" to "mariya ivanova" and "Παπαδόπουλος" to
"papadopoulos", so that a name typed on a Latin keyboard finds the person. The keys names
and companies are looked up by, and the folded words of the search documents, are computed
again for every row in which they change. (A document's stemmed prose in these scripts is
folded as it was stemmed; the person's next write, or `goodwill reindex`, stems it again
from the romanised words.)
"""

import re

import sqlalchemy as sa
from alembic import op

from goodwill.domain.companies import company_key
from goodwill.domain.folding import fold_letters

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

#: Rows per UPDATE executemany.
CHUNK = 1000
#: Text with a Cyrillic or Greek letter: the only rows whose keys change.
_SCRIPTS = re.compile("[\u0370-\u03ff\u0400-\u052f]")


def _name_key(name: str) -> str:
    """`store.people.name_key` as of this revision."""
    return " ".join(fold_letters(name).split())


def _changes(text: str | None) -> bool:
    return text is not None and _SCRIPTS.search(text) is not None


def upgrade() -> None:
    bind = op.get_bind()
    keys = bind.execute(sa.text("SELECT id, name, name_key, company, company_key FROM people"))
    changed = [
        {"id": pid, "name_key": _name_key(name), "company_key": company_key(company) or None}
        for pid, name, old_name, company, old_company in keys
        if _changes(name) or _changes(company)
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
        if _changes(profile) or _changes(notes)
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
    """The old keys are not kept: an older goodwill finds these names by their own script
    only, and `goodwill reindex` there rebuilds its search documents."""
