"""Short message drafts from Jinja2 templates; a user's own templates win over ours.

A template is looked up by the suggested kind (`shared-article.txt.j2`), then
`default.txt.j2`, first in the user's templates directory, then in the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from goodwill.domain.model import Person
from goodwill.domain.suggest import Suggestion

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


def _opener(person: Person) -> str:
    if person.state.last_contact is None:
        return "It has been a while since we met."
    return "It has been a while since we last spoke."


def render_draft(user_dir: Path, person: Person, suggestion: Suggestion, topic: str | None) -> str:
    environment = _environment(user_dir)
    template = environment.get_or_select_template([f"{suggestion.kind}.txt.j2", "default.txt.j2"])
    names = person.name.split()
    return template.render(
        first_name=names[0] if names else person.name,
        name=person.name,
        company=person.fields.company,
        title=person.fields.title,
        discipline=person.fields.discipline,
        suggestion=suggestion.text,
        topic=topic,
        opener=_opener(person),
    ).strip()
