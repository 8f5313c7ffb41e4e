"""What a Person page shows: the contact card with its balance explained, and the brief.

Both are read in one transaction and kept, per person and day, while nothing is written
(`ReadCache`): looking at someone again (back from another page, after a refresh) costs
one indexed read of the write count, not the two dozen statements that make the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goodwill.services.brief import Brief, brief_of
from goodwill.services.context import Context
from goodwill.services.people import PersonCard, card_of
from goodwill.services.resolve import resolve
from goodwill.services.views import Shape


@dataclass(frozen=True, slots=True)
class PersonPage(Shape):
    person: PersonCard
    brief: Brief


def person_page(ctx: Context, query: str, on: date | None = None) -> PersonPage:
    """The card and the brief of the person `query` names."""
    day = on or ctx.today()
    with ctx.db.read() as uow:

        def make() -> PersonPage:
            person = resolve(uow, query)
            return PersonPage(card_of(ctx, uow, person, day), brief_of(ctx, uow, person, day))

        # Keyed by the query: which person it names is itself part of what is kept.
        return ctx.pages.get_or_make(("person", query, day), uow.settings.generation(), make)
