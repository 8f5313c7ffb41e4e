"""A refold writes a person's search document only where it changed: the notes alone
when the profile is as stored (an import of messages), the whole document when the
profile's words are not, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from sqlalchemy import select

from goodwill.services import finder, imports, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.store.search import Notes
from goodwill.store.tables import search_docs

HEADER = '"CONVERSATION ID","FROM","SENDER PROFILE URL","TO","RECIPIENT PROFILE URLS","DATE"'
ME = ("Sam Rivera", "https://www.linkedin.com/in/sam-rivera")


def messages(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A messages.csv of (conversation, sender, recipient, content), all from or to me."""
    lines = [f'{HEADER},"CONTENT"']
    for conversation, sender, recipient, content in rows:
        url_of = {ME[0]: ME[1], "Pia Price": "https://www.linkedin.com/in/pia-price"}
        url_of["Rick Recruit"] = "https://www.linkedin.com/in/rick-recruit"
        lines.append(
            f'"{conversation}","{sender}","{url_of[sender]}","{recipient}",'
            f'"{url_of[recipient]}","2026-10-01 09:00:00 UTC","{content}"'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def found(app: Context, need: str) -> set[str]:
    return {p["person"]["name"] for p in finder.who_can_help(app, need).to_json()["people"]}


def test_messages_notes_are_found_by_their_words_and_variants(app: Context, tmp_path: Path) -> None:
    people.add_person(
        app, PersonChanges(name="Pia Price", links=("https://www.linkedin.com/in/pia-price",))
    )
    people.add_person(
        app,
        PersonChanges(name="Rick Recruit", links=("https://www.linkedin.com/in/rick-recruit",)),
    )
    (tmp_path / "first").mkdir()
    first = messages(
        tmp_path / "first" / "messages.csv",
        [
            ("c1", "Pia Price", ME[0], "I ran the checkout experiments"),
            ("c2", ME[0], "Rick Recruit", "Thanks for the talk"),
        ],
    )
    imports.import_path(app, "linkedin", first, on=date(2026, 10, 2))
    assert found(app, "experimenting") == {"Pia Price"}  # a variant, through the stems

    (tmp_path / "second").mkdir()
    second = messages(
        tmp_path / "second" / "messages.csv",
        [
            ("c3", "Rick Recruit", ME[0], "Sourcing engineers this quarter"),
            ("c4", ME[0], "Pia Price", "See you at the meetup"),
        ],
    )
    imports.import_path(app, "linkedin", second, on=date(2026, 10, 2))
    assert found(app, "sourcing") == {"Rick Recruit"}
    assert found(app, "experiment") == {"Pia Price"}  # her earlier notes are kept
    assert found(app, "meetups") == {"Pia Price"}


def test_a_profile_whose_words_moved_to_another_field_is_stemmed_again(app: Context) -> None:
    """ "Pricing" as a title is stemmed (price); as a company it is a name, kept whole:
    the profile reads the same either way, and the document still changes."""
    pid = people.add_person(app, PersonChanges(name="Pia", title="Pricing")).id
    with app.db.write() as uow:
        (person,) = uow.people.get_profiles([pid])
        moved = dataclasses.replace(person.fields, title=None, company="Pricing")
        uow.search.replace_documents([(pid, moved, Notes())])
    with app.db.read() as uow:
        query = select(search_docs.c.profile, search_docs.c.profile_stems)
        profile, stems = uow.connection.execute(query.where(search_docs.c.person_id == pid)).one()
    assert (profile, stems) == ("Pia Pricing", "pia pricing")
