"""Company names compare after folding case, accents, punctuation and legal forms."""

import pytest

from goodwill.domain.companies import company_key, company_matches, same_company


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fabrikam GmbH", "fabrikam"),
        ("Fabrikam, Inc.", "FABRIKAM"),
        ("Société Générale S.A.", "societe generale"),
        ("Acme Ltd", "Acme Limited"),
        ("Contoso LLC", "Contoso, L.L.C."),
        ("Nestlé AG", "Nestle"),
        ("Widgets plc", "widgets"),
        ("Tailspin GmbH & Co. KG", "Tailspin"),
        ("Mærsk", "Maersk"),
        ("Øresund Ltd", "oresund"),
        ("Łódź Works", "Lodz Works"),
        ("Straße AG", "Strasse"),
    ],
)
def test_spellings_of_one_company_are_the_same(a: str, b: str) -> None:
    assert same_company(a, b)


def test_different_companies_differ() -> None:
    assert not same_company("Fabrikam GmbH", "Fabrikam Labs")
    assert not same_company("Acme", None)
    assert not same_company(None, None)


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert company_key("Inc.") == "inc"
    assert company_key("") == ""


def test_a_query_matches_whole_leading_words() -> None:
    assert company_matches("Fabrikam", "Fabrikam GmbH")
    assert company_matches("fabrikam", "Fabrikam Labs")
    assert company_matches("Fabrikam Labs Inc", "Fabrikam Labs")
    assert not company_matches("Fab", "Fabrikam GmbH")
    assert not company_matches("Labs", "Fabrikam Labs")
    assert not company_matches("a", "Acme")
