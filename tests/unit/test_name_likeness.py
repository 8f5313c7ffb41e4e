"""Two spellings of one name are alike whatever their punctuation, script or accents."""

import pytest

from goodwill.domain.similarity import SAME_NAME, name_likeness, name_words


def test_punctuation_is_a_space() -> None:
    assert name_words("François Lefèvre-Dubois") == "francois lefevre dubois"
    assert name_likeness("Jean-Luc Picard", "Jean Luc, Picard") == 100.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Мария Иванова", "Maria Ivanova"),
        ("François Lefèvre-Dubois", "Francois Lefevre Dubois"),
        ("Ivanova, Maria", "Maria Ivanova"),
    ],
)
def test_spellings_of_one_name_are_the_same_name(a: str, b: str) -> None:
    assert name_likeness(a, b) >= SAME_NAME


@pytest.mark.parametrize(
    ("a", "b"),
    [("Lee Park", "Lee Parker"), ("Jon Smith", "John Smith"), ("Ana Lima", "Ana Luz")],
)
def test_names_that_only_resemble_are_not_the_same_name(a: str, b: str) -> None:
    assert name_likeness(a, b) < SAME_NAME
