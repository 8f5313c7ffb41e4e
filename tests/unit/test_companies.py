"""Company names compare after folding case, accents, punctuation and legal forms."""

import pytest

from goodwill.domain.companies import company_in_prose, company_key, company_matches, same_company


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


@pytest.mark.parametrize(
    ("company", "key"),
    [
        ("楽天株式会社", "楽天"),
        ("楽天 株式会社", "楽天"),
        ("株式会社リクルート", "リクルート"),
        ("(株)楽天", "楽天"),
        ("㈱楽天", "楽天"),
        ("\uff08株\uff09楽天", "楽天"),  # full-width parentheses
        ("ソニー合同会社", "ソニー"),
        ("华为技术有限公司", "华为技术"),
        ("台積電股份有限公司", "台積電"),
        ("腾讯公司", "腾讯"),
    ],
)
def test_japanese_and_chinese_legal_forms_are_not_part_of_the_key(company: str, key: str) -> None:
    assert company_key(company) == key


def test_korean_legal_forms_are_not_part_of_the_key() -> None:
    assert same_company("삼성전자 주식회사", "삼성전자")
    assert same_company("(주)삼성전자", "삼성전자")
    assert company_matches("삼성전자", "(주)삼성전자")


def test_a_cjk_name_that_is_only_a_legal_form_or_begins_with_company_is_kept() -> None:
    assert company_key("株式会社") == "株式会社"
    assert company_key("公司") == "公司"
    assert company_key("公司名") == "公司名"  # "company" may begin a name, as in English


@pytest.mark.parametrize(
    "company",
    [
        "ООО «Ромашка»",
        "«ООО «Ромашка»»",
        'ООО "Ромашка"',
        "ооо Ромашка",
        "ЗАО Ромашка",
        "ПАО «Ромашка»",
        "ОАО Ромашка",
        "АО «Ромашка»",
        "НАО Ромашка",
        "ИП Ромашка",
        "ТОВ «Ромашка»",
        "ПП Ромашка",
        "Ромашка ЕООД",
        "Ромашка ООД",
        "Ромашка АД",
        "Romashka",
    ],
)
def test_russian_ukrainian_and_bulgarian_legal_forms_are_not_part_of_the_key(
    company: str,
) -> None:
    assert company_key(company) == "romashka"
    assert company_matches("Ромашка", company) and company_matches("Romashka", company)


def test_a_cyrillic_form_is_only_a_whole_cyrillic_word() -> None:
    """Folded, "АО" is "ao": the Latin "AO" of "AO Smith" is a name, and "Ад" may begin one."""
    assert company_key("AO Smith") == "ao smith"
    assert company_key("IP Australia") == "ip australia"
    assert company_key("Адмирал") == "admiral"
    assert company_key("ООО") == "ooo"  # nothing but a form: kept, so it is not lost


@pytest.mark.parametrize(
    ("company", "said"),
    [
        ("Contoso, Ltd.", "Contoso"),
        ("Fabrikam GmbH", "Fabrikam"),
        ("Acme S.A.", "Acme"),
        ("Foo Pte. Ltd.", "Foo"),
        ("Bar GmbH & Co. KG", "Bar"),
        ("Microsoft Corporation", "Microsoft"),
        ("楽天株式会社", "楽天"),
        ("ООО «Ромашка»", "«Ромашка»"),
        # How the name itself is said, or no legal form at all: as written.
        ("The Coca-Cola Company", "The Coca-Cola Company"),
        ("Smith & Co.", "Smith & Co."),
        ("Société Générale", "Société Générale"),
        ("Inc.", "Inc."),
        (None, None),
    ],
)
def test_a_sentence_names_a_company_without_its_legal_form(
    company: str | None, said: str | None
) -> None:
    assert company_in_prose(company) == said
