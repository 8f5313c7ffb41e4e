"""Drafts worth sending, for people brought in from real exports: greeted by first name,
told how we know them, referred to a last exchange by a clean phrase, signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from goodwill.domain.drafting import topic_phrase
from goodwill.domain.model import Person
from goodwill.domain.suggest import Suggestion
from goodwill.services import imports, people
from goodwill.services.context import Context
from goodwill.services.drafts import introducer, render_draft
from goodwill.services.people import PersonChanges
from goodwill.services.resolve import resolve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ON = date(2026, 11, 24)
CATCH_UP = Suggestion("catch-up", "send a short note")


def _person(app: Context, query: str) -> Person:
    with app.db.read() as uow:
        return resolve(uow, query)


def _draft(
    app: Context, query: str, suggestion: Suggestion = CATCH_UP, topic: str | None = None
) -> str:
    with app.db.read() as uow:
        person = resolve(uow, query)
        via = introducer(uow, person)
    return render_draft(app.config, person, suggestion, on=ON, topic=topic, introduced_by=via)


def test_a_doctor_from_outlook_is_greeted_by_first_name_and_never_since_we_met(
    app: Context,
) -> None:
    imports.import_path(app, "outlook-csv", FIXTURES / "csv" / "outlook-contacts.csv")
    kwabena = _person(app, "Kwabena")
    assert kwabena.name == "Dr. Kwabena Asante" and kwabena.fields.given_name == "Kwabena"
    draft = _draft(app, "Kwabena")
    assert draft.startswith("Hi Kwabena,\n")
    assert "since we" not in draft and "a while" not in draft
    assert draft.endswith("\n\nBest,")


def test_the_vcards_given_name_wins_over_splitting_the_name(app: Context, tmp_path: Path) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:García López;María José;;Prof.;\r\n"
        "FN:Prof. María José García López\r\nEMAIL:mj@example.es\r\nEND:VCARD\r\n"
    )
    imports.import_path(app, "vcard", card)
    assert _person(app, "mj@example.es").fields.given_name == "María José"
    assert _draft(app, "mj@example.es").startswith("Hi María José,\n")


def test_someone_never_contacted_hears_how_we_know_each_other(app: Context) -> None:
    imports.import_path(app, "linkedin", FIXTURES / "linkedin" / "Connections.csv")
    grace = _draft(app, "Grace Hopper")
    assert grace.startswith("Hi Grace,\n\nWe connected on LinkedIn in 2012.")
    tobi = _draft(app, "Tobi")
    assert tobi.startswith("Hi Tobi,\n")  # "Tobi Oyelaran 🎯": the emoji is not a name
    people.add_person(
        app,
        PersonChanges(name="Lena Park", met_on=date(2026, 11, 18), met_via="Maya Goldberg"),
    )
    lena = _draft(app, "Lena Park")
    assert "Maya Goldberg introduced us in 2026." in lena
    assert "since we met" not in grace + tobi + lena


def test_a_last_exchange_is_named_by_its_subject_not_a_cut_quote(app: Context) -> None:
    imports.import_path(app, "linkedin", FIXTURES / "linkedin" / "Connections.csv")
    imports.import_path(
        app, "mbox", FIXTURES / "mail" / "takeout-sample.mbox", me=("alex.morgan@example.com",)
    )
    with app.db.read() as uow:
        maya = resolve(uow, "Maya Goldberg")
        last = uow.ledger.entries_for(maya.id, limit=1)[0]
    assert last.note == "Re: Article on ops scaling"
    topic = topic_phrase(last.note)
    draft = _draft(app, "Maya Goldberg", topic=topic)
    assert "“Article on ops scaling”" in draft and "Re:" not in draft
    assert "…" not in draft


def test_drafts_end_with_my_signature_and_a_users_template_still_wins(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Sir Raj Malhotra", company="Contoso"))
    signed = replace(app.config, name="Alex Morgan", signature="Cheers,\nAlex\n+46 70 123 45 67")
    with app.db.read() as uow:
        raj = resolve(uow, "Raj")
    draft = render_draft(signed, raj, CATCH_UP, on=ON)
    assert draft.startswith("Hi Raj,\n") and draft.endswith("\n\nCheers,\nAlex\n+46 70 123 45 67")
    by_name = render_draft(replace(app.config, name="Alex Morgan"), raj, CATCH_UP, on=ON)
    assert by_name.endswith("\n\nBest,\nAlex")
    app.config.templates_dir.mkdir(parents=True, exist_ok=True)
    (app.config.templates_dir / "thank-you.txt.j2").write_text(
        "Hey {{ first_name }}! Thanks again.\n-- {{ my_name }}"
    )
    thanks = Suggestion("thank-you", "thank them")
    assert render_draft(signed, raj, thanks, on=ON) == "Hey Raj! Thanks again.\n-- Alex Morgan"


def test_a_birthday_wish_ahead_of_the_day_says_it_is_early(app: Context) -> None:
    """ON is Tuesday 24 November 2026: a wish for Friday is early, and says so."""
    wish = Suggestion("birthday", "wish them a happy birthday")
    for born, words in (
        (date(1990, 11, 24), "Happy birthday!"),
        (date(1990, 11, 25), "Happy early birthday for tomorrow!"),
        (date(1990, 11, 27), "Happy early birthday for Friday!"),
        (date(1990, 12, 1), "Happy early birthday for December 1!"),
    ):
        name = f"Born {born.isoformat()}"
        people.add_person(app, PersonChanges(name=name, birthday=born))
        draft = _draft(app, name, wish)
        assert words in draft, draft
        if born != date(1990, 11, 24):
            assert "Happy birthday!" not in draft


def test_an_offered_introduction_names_whom_in_the_draft(app: Context) -> None:
    imports.import_path(app, "outlook-csv", FIXTURES / "csv" / "outlook-contacts.csv")
    offer = Suggestion(
        "intro-made",
        "offer Kwabena an introduction to Rachel Reid (engineering at Verdant Grid)",
        intro_to="Rachel Reid (engineering at Verdant Grid)",
    )
    draft = _draft(app, "Kwabena", offer)
    assert "I think you should meet Rachel Reid (engineering at Verdant Grid)." in draft
    unnamed = _draft(app, "Kwabena", Suggestion("intro-made", "offer an introduction"))
    assert "Is there anyone you would like an introduction to" in unnamed


def test_a_company_is_named_as_a_sentence_says_it(app: Context) -> None:
    imports.import_path(
        app, "linkedin", FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"
    )
    raj, aiko = _person(app, "Raj"), _person(app, "Aiko")
    assert (raj.fields.company, aiko.fields.company) == ("Contoso, Ltd.", "楽天株式会社")
    draft = render_draft(app.config, raj, Suggestion("default", "say hello"), on=ON)
    assert "How are things at Contoso? " in draft
    draft = render_draft(app.config, aiko, Suggestion("default", "say hello"), on=ON)
    assert "How are things at 楽天? " in draft
