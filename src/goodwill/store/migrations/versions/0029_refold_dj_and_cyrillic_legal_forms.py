"""Compute the name and company keys and the search words again, for Serbian "đ" and for
Cyrillic legal forms.

Revision ID: 0029
Revises: 0028

Folding has changed: Serbian Latin "đ" is "dj" in every word that does not look
Vietnamese, as Cyrillic "ђ" is, so "Đuro" and "Ђуро" are both "djuro" (0028 stored
"duro" for the first: `show Ђуро` did not find "Đuro"); and a company's key no longer
holds a Russian, Ukrainian or Bulgarian legal form ("ИП «Ромашка»" is "romashka", as
"Ромашка" is), so `path Ромашка` finds who works there. As 0028 does, every person's keys
and search words are computed from their name, company, profile and notes as `reindex`
computes them, and written where they differ.
"""

from alembic import op

from goodwill.store.migrations.rekey import rekey

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rekey(op.get_bind())


def downgrade() -> None:
    """The keys and words computed here stay: an older goodwill finds these people as
    before, and its `goodwill reindex` folds them its own way."""
