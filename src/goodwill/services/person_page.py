"""What a Person page shows: the contact card with its balance explained, and the brief.

Both are read in one transaction and kept, per person and day, while nothing is written
(`ReadCache`): looking at someone again (back from another page, after a refresh) costs
one indexed read of the write count, not the two dozen statements that make the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from goodwill.services.brief import brief_of
from goodwill.services.context import Context
from goodwill.services.people import card_of
from goodwill.services.resolve import resolve


def person_page(ctx: Context, query: str, on: date | None = None) -> dict[str, Any]:
    """`{"person": card_of(...), "brief": brief_of(...)}` for the person `query` names."""
    day = on or ctx.today()
    with ctx.db.read() as uow:

        def make() -> dict[str, Any]:
            person = resolve(uow, query)
            return {
                "person": card_of(ctx, uow, person, day),
                "brief": brief_of(ctx, uow, person, day),
            }

        # Keyed by the query: which person it names is itself part of what is kept.
        return ctx.pages.get_or_make(("person", query, day), uow.settings.generation(), make)
