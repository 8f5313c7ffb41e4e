"""The words of a draft, over names and notes as real address books and inboxes hold them."""

from __future__ import annotations

from datetime import date

import pytest

from goodwill.domain.drafting import (
    Acquaintance,
    first_name,
    how_we_know,
    opener,
    sign_off,
    topic_phrase,
)


@pytest.mark.parametrize(
    ("name", "given", "greeted"),
    [
        ("Dr. Kwabena Asante", None, "Kwabena"),
        ("Dr Kwabena Asante", None, "Kwabena"),
        ("Dr. Kwabena Asante", "Kwabena", "Kwabena"),
        ("Prof. Dr. Jürgen Müller", None, "Jürgen"),
        ("prof Aiko Tanaka", None, "Aiko"),
        ("Mr. Raj Iyer", None, "Raj"),
        ("Ms Maya Patel", None, "Maya"),
        ("Mrs. Hélène Lefèvre", None, "Hélène"),
        ("Mx. Sam Ortiz", None, "Sam"),
        ("Sir Tim Berners-Lee", None, "Tim"),
        ("Dame Stephanie Shirley", None, "Stephanie"),
        ("María José García López", "María José", "María José"),
        ("🚀 Tobi Adeyemi", None, "Tobi"),
        ('Robert "Bob" Smith', None, "Bob"),
        ("D'Angelo O'Brien", None, "D'Angelo"),
        ("Maya Patel (Acme)", None, "Maya"),
        # A given name no longer in the name is stale: the user renamed the person.
        ("Kobby Asante", "Kwabena", "Kobby"),
        # The card's given name may itself carry the form of address.
        ("Dr. Kwabena Asante", "Dr. Kwabena", "Kwabena"),
        ("Sir", None, "Sir"),
        ("Wei", None, "Wei"),
    ],
)
def test_people_are_greeted_by_their_first_name(name: str, given: str | None, greeted: str) -> None:
    assert first_name(name, given) == greeted


@pytest.mark.parametrize(
    ("note", "phrase"),
    [
        ("Re: Referral for the PM role at Contoso?", "Referral for the PM role at Contoso"),
        ("RE: Fwd: Coffee next week - Berlin", "Coffee next week"),
        ("sent the pricing paper", "sent the pricing paper"),
        ("met at PMI chapter meetup", "met at PMI chapter meetup"),
        # LinkedIn's message text when there is no subject, cut by the importer at 80.
        (
            "Hi Alex, could you refer me for the PM role at Contoso? I think I would be a gre…",
            "could you refer me for the PM role at Contoso",
        ),
        # One long sentence cut in the middle: nothing quotable remains.
        (
            "Thanks so much for the introduction to the team at Fabrikam, I really appreciated t…",
            None,
        ),
        ("Hello!", None),
        ("Thanks Alex, very useful!", None),
        ("(second message same day)", None),
        (
            "Hi Alex, great to connect. Could you refer me for the open role at your company?",
            "Could you refer me for the open role at your company",
        ),
        ("Thanks", None),
        ("", None),
        ("A subject line that goes on and on about the quarterly planning offsite agenda", None),
    ],
)
def test_a_last_exchange_is_a_clean_phrase_never_a_cut_quote(note: str, phrase: str | None) -> None:
    found = topic_phrase(note)
    assert found == phrase
    assert found is None or not found.endswith(("…", "..."))


def test_a_phrase_written_about_them_is_not_quoted_back_to_them() -> None:
    recommendation = "Diego redesigned our onboarding and doubled activation"
    assert topic_phrase(recommendation, about="Diego") is None
    assert topic_phrase(recommendation, about="Ana") == recommendation
    assert topic_phrase("Diegos onboarding idea, next steps", about="Diego") is not None


ON = date(2026, 11, 24)


def test_how_we_know_someone_never_contacted() -> None:
    linkedin = Acquaintance(met_on=date(2019, 3, 4), met_how="connected on LinkedIn")
    assert how_we_know(linkedin) == "We connected on LinkedIn in 2019."
    introduced = Acquaintance(met_on=date(2026, 5, 2), met_how="coffee", introduced_by="Maya Patel")
    assert how_we_know(introduced) == "Maya Patel introduced us in 2026."
    event = Acquaintance(met_on=date(2026, 11, 20), met_how="met at PMI chapter meetup")
    assert how_we_know(event) == "We met at PMI chapter meetup in 2026."
    assert how_we_know(Acquaintance(met_how="Stanford GSB")) == (
        "We know each other from Stanford GSB."
    )
    assert how_we_know(Acquaintance()) is None


def test_the_opener_never_claims_a_past_we_do_not_have() -> None:
    linkedin = Acquaintance(met_on=date(2019, 3, 4), met_how="connected on LinkedIn")
    first = opener(None, ON, linkedin)
    assert first.startswith("We connected on LinkedIn in 2019.")
    assert "since we" not in first and "while" not in first
    assert opener(None, ON, Acquaintance()) == ""
    assert opener(date(2026, 11, 1), ON, linkedin) == ""  # spoke three weeks ago
    assert opener(date(2025, 6, 1), ON, linkedin) == "It has been a while since we last spoke."


def test_drafts_end_with_the_signature_or_my_first_name() -> None:
    assert sign_off("Cheers,\nAlex\nalexmorgan.example", "Alex Morgan") == (
        "Cheers,\nAlex\nalexmorgan.example"
    )
    assert sign_off(None, "Dr. Alex Morgan") == "Best,\nAlex"
    assert sign_off(None, None) == "Best,"
