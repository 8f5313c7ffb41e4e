"""The deposit proposed for a person: fitted to what they care about, never to how I
file them in an address book."""

from __future__ import annotations

from datetime import date

from goodwill.domain.model import Person, PersonFields
from goodwill.domain.occasions import WELCOME
from goodwill.domain.suggest import Occasion, deposit_for, suggest


def person(*tags: str) -> Person:
    fields = PersonFields(name="Ana Núñez", company="Acme", tags=tags)
    return Person(id=1, fields=fields, created_on=date(2026, 1, 1))


def test_an_address_book_group_is_no_topic_to_share_on() -> None:
    for group in ("Friends", "Coworkers", "myContacts", "Family"):
        advice = deposit_for(person(group), Occasion())
        assert advice.text == "send Ana one useful article or resource for their work at Acme"
        assert advice.kind == "shared-article"  # what the words ask for, which `done` logs


def test_a_group_named_in_the_plural_still_picks_its_rule() -> None:
    suggestion = deposit_for(person("Mentors"), Occasion(gave_advice=True))
    assert (suggestion.kind, suggestion.text) == (
        "thank-you",
        "tell Ana what came of their last advice",
    )


def test_a_mentor_group_without_advice_on_record_is_no_thank_you_for_it() -> None:
    suggestion = deposit_for(person("Mentors"), Occasion())
    assert suggestion.kind != "thank-you" and "advice" not in suggestion.text
    assert suggestion.text == "send Ana one useful article or resource for their work at Acme"


def test_a_tag_that_is_a_subject_is_shared_on_as_written() -> None:
    advice = deposit_for(person("Coworkers", "Analytics"), Occasion()).text
    assert advice == "share something on analytics they would value"


def test_a_follow_up_with_nothing_to_build_on_still_says_what_to_do() -> None:
    bare = suggest(person(), Occasion(follow_up_due=True))
    assert (bare.kind, bare.text) == ("follow-up", "follow up: offer one way to help")
    # An invitation accepted from someone met: the welcome is the follow-up.
    welcome = suggest(
        person(), Occasion(follow_up_due=True, news="new connection", news_kind=WELCOME)
    )
    assert (welcome.kind, welcome.text) == (
        "welcomed",
        "welcome Ana as a new connection: offer help",
    )
    topical = suggest(person(), Occasion(follow_up_due=True, last_topic="the pricing paper"))
    assert topical.text == "follow up on the pricing paper"


def test_a_company_is_named_without_its_legal_form() -> None:
    fields = PersonFields(name="Raj Malhotra", company="Contoso, Ltd.")
    raj = Person(id=2, fields=fields, created_on=date(2026, 1, 1))
    assert deposit_for(raj, Occasion()).text == (
        "send Raj one useful article or resource for their work at Contoso"
    )
