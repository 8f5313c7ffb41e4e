"""Short message drafts from Jinja2 templates; a user's own templates win over ours.

A template is looked up by the suggested kind (`shared-article.txt.j2`), then
`default.txt.j2`, first in the user's templates directory, then in the package. The words
that depend on the person (the greeting, how we know them, the last topic, the sign-off)
come from `domain.drafting`; templates place them. Variables: `first_name`, `name`,
`company`, `title`, `discipline`, `suggestion`, `topic`, `opener`, `how_we_know`,
`signature`, `my_name`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from goodwill.config import Config
from goodwill.domain.drafting import Acquaintance, first_name, how_we_know, opener, sign_off
from goodwill.domain.model import Person
from goodwill.domain.suggest import Suggestion
from goodwill.store.database import UnitOfWork

if TYPE_CHECKING:
    from jinja2 import Environment

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "drafts"


@lru_cache(maxsize=4)
def _environment(user_dir: Path) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(user_dir)), FileSystemLoader(str(PACKAGE_TEMPLATES))]
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def introducer(uow: UnitOfWork, person: Person) -> str | None:
    """The name of whoever introduced us (`met via`), for a first message."""
    if person.fields.met_via_id is None:
        return None
    found = uow.people.get_many([person.fields.met_via_id])
    return found[0].name if found else None


def render_draft(
    config: Config,
    person: Person,
    suggestion: Suggestion,
    *,
    on: date,
    topic: str | None = None,
    introduced_by: str | None = None,
) -> str:
    """The draft for `person` on day `on`. `topic` is a clean phrase for the last exchange
    (`domain.drafting.topic_phrase`); `introduced_by` names who introduced us."""
    template = _environment(config.templates_dir).get_or_select_template(
        [f"{suggestion.kind}.txt.j2", "default.txt.j2"]
    )
    fields = person.fields
    known = Acquaintance(met_on=fields.met_on, met_how=fields.met_how, introduced_by=introduced_by)
    never_in_touch = person.state.last_contact is None
    return template.render(
        first_name=first_name(person.name, fields.given_name),
        name=person.name,
        company=fields.company,
        title=fields.title,
        discipline=fields.discipline,
        suggestion=suggestion.text,
        topic=topic,
        opener=opener(person.state.last_contact, on, known),
        how_we_know=how_we_know(known) if never_in_touch else None,
        signature=sign_off(config.signature, config.name),
        my_name=config.name,
    ).strip()
