"""Short message drafts from Jinja2 templates; a user's own templates win over ours.

A template is looked up by the suggested kind (`shared-article.txt.j2`), then
`default.txt.j2`, first in the user's templates directory, then in the package; `path`'s
requests have templates of their own (`intro-request.txt.j2`, `direct-ask.txt.j2`). The
words that depend on the person (the greeting, how we know them, the last topic, the
sign-off) come from `domain.drafting`; templates place them. Variables: `first_name`,
`name`, `company` (as a sentence says it: "Contoso", not "Contoso, Ltd."), `title`,
`discipline`, `signature`, `my_name`; a plan's drafts add
`suggestion`, `topic`, `opener`, `how_we_know` and, for a birthday within the week,
`birthday_in` (days until it: 0 on the day) and `birthday_when` ("tomorrow", "Friday",
"December 12"; None on the day or with no birthday near), an intro request `target`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from goodwill.config import Config
from goodwill.domain.companies import company_in_prose
from goodwill.domain.drafting import (
    Acquaintance,
    first_name,
    how_we_know,
    opener,
    sign_off,
    when_ahead,
)
from goodwill.domain.model import Person
from goodwill.domain.plan import birthday_within
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


def _about(config: Config, person: Person) -> dict[str, str | None]:
    """What every draft knows: whom it greets, who they are, and how it ends."""
    fields = person.fields
    return {
        "first_name": first_name(person.name, fields.given_name),
        "name": person.name,
        "company": company_in_prose(fields.company),
        "title": fields.title,
        "discipline": fields.discipline,
        "signature": sign_off(config.signature, config.name),
        "my_name": config.name,
    }


def render_request(
    config: Config,
    person: Person,
    *,
    target: str | None = None,
    goal: str | None = None,
    about: str | None = None,
) -> str:
    """`path`'s draft to its first hop: an introduction to `target` (the next person on a
    path that leads on to `goal`), or, when `person` is the target, the one question to
    ask them (`about` their company, when the path was to anyone there)."""
    name = "intro-request.txt.j2" if target else "direct-ask.txt.j2"
    template = _environment(config.templates_dir).get_template(name)
    fields = _about(config, person)
    return template.render(**fields, target=target, goal=goal, about=about).strip()


def render_draft(
    config: Config,
    person: Person,
    suggestion: Suggestion,
    *,
    on: date,
    topic: str | None = None,
    introduced_by: str | None = None,
    occasion: str | None = None,
) -> str:
    """The draft for `person` on day `on`. `topic` is a clean phrase for the last exchange
    (`domain.drafting.topic_phrase`); `introduced_by` names who introduced us; `occasion`
    says what the day marks ("2 years at Stripe")."""
    template = _environment(config.templates_dir).get_or_select_template(
        [f"{suggestion.kind}.txt.j2", "default.txt.j2"]
    )
    fields = person.fields
    known = Acquaintance(met_on=fields.met_on, met_how=fields.met_how, introduced_by=introduced_by)
    never_in_touch = person.state.last_contact is None
    birthday = birthday_within(person, on)
    birthday_in = None if birthday is None else (birthday - on).days
    return template.render(
        **_about(config, person),
        suggestion=suggestion.text,
        intro_to=suggestion.intro_to,
        topic=topic,
        occasion=occasion,
        opener=opener(person.state.last_contact, on, known),
        how_we_know=how_we_know(known) if never_in_touch else None,
        # "met at <event>" is where we first met only when it is how goodwill knows them.
        first_met_there=topic is not None and topic == fields.met_how,
        # A wish sent ahead says so: "happy early birthday for Friday", not "happy birthday".
        birthday_in=birthday_in,
        birthday_when=None if birthday is None or not birthday_in else when_ahead(birthday, on),
    ).strip()
