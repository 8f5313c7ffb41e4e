"""Compute the name and company keys and the search words again from the text as written.

Revision ID: 0028
Revises: 0027

0023 romanised the keys and search words an older goodwill had stored, and so folded
what that goodwill had already folded: its "й" had become "и", so "Сергей" was stored as
"sergei" where a new write stores "sergey", and `help Sergey` found nobody until
`goodwill reindex`. Folding has since changed too: a name stored decomposed ("и" and a
breve, as some vCards write "й") folds as the composed one, "ё" is "yo", Macedonian "ѓ"
and "ќ" are "gj" and "kj", Serbian Latin "đ" is "dj" (Vietnamese "đ" stays "d"), and
Greek words start with "b", "d" and "g" where they are spelled "μπ", "ντ" and "γκ".
Every person's keys and search words are computed from their name, company, profile
and notes as `reindex` computes them, and written where they differ.
"""

from alembic import op

from goodwill.store.migrations.rekey import rekey

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rekey(op.get_bind())


def downgrade() -> None:
    """The keys and words computed here stay: an older goodwill finds these people as
    before, and its `goodwill reindex` folds them its own way."""
