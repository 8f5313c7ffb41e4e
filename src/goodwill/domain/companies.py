"""One company under its many spellings: "Fabrikam GmbH", "fabrikam, inc." and "Fabrikam".

The plan spreads its picks over companies, `path` finds people at a company and the team
server answers "who knows someone at Acme": all three compare companies by `company_key`,
so they agree on what "the same company" means.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from goodwill.domain.folding import fold_text

#: Legal forms that say nothing about which company it is, as folded words (dots and
#: commas already gone): "S.A." folds to "s a", which is matched as the words "s a".
LEGAL_SUFFIXES: tuple[str, ...] = (
    "ag",
    "bv",
    "b v",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "gmbh co kg",
    "inc",
    "incorporated",
    "kg",
    "kk",
    "limited",
    "llc",
    "l l c",
    "llp",
    "lp",
    "ltd",
    "nv",
    "n v",
    "oy",
    "plc",
    "pte ltd",
    "pty ltd",
    "sa",
    "s a",
    "sarl",
    "sas",
    "se",
    "spa",
    "s p a",
    "srl",
    "ab",
    "as",
)

_SUFFIX = re.compile(
    r"(?:\s+(?:"
    + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
    + r"))+$"
)


#: Japanese, Chinese and Korean legal forms, as written without a space before or after
#: the name ("楽天株式会社", "株式会社リクルート", "(株)楽天", "삼성전자 주식회사"): the
#: abbreviations in parentheses are how NFKC spells "㈱" and full-width parentheses too.
CJK_LEGAL_FORMS: tuple[str, ...] = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "股份有限公司",
    "有限公司",
    "주식회사",
    "유한회사",
    "(株)",
    "(有)",
    "(合)",
    "(주)",
    "(유)",
)
_CJK_FORM = "|".join(re.escape(s) for s in sorted(CJK_LEGAL_FORMS, key=len, reverse=True))
#: A form before the name, or one after it ("公司", company, only there: "公司" may begin
#: a name, as "Company" may).
_CJK_PREFIX = re.compile(rf"^\s*(?:{_CJK_FORM})\s*")
_CJK_SUFFIX = re.compile(rf"\s*(?:{_CJK_FORM}|公司)\s*$")


def _without_cjk_form(company: str) -> str:
    """The company without a Japanese, Chinese or Korean legal form around it (as
    written: folding would join "(株)" to nothing it could be told from)."""
    text = unicodedata.normalize("NFKC", company)
    stripped = _CJK_SUFFIX.sub("", _CJK_PREFIX.sub("", text))
    return stripped if stripped.strip() else company


#: Russian, Ukrainian and Bulgarian legal forms, as written in Cyrillic before the name or
#: after it: "ООО «Ромашка»", "ТОВ \"Світанок\"", "Кремиковци АД". Matched before folding,
#: where only Cyrillic letters spell them: folded, "ao", "ip" and "pp" would take the "AO"
#: of "AO Smith" or the "IP" of "IP Australia" too.
CYRILLIC_LEGAL_FORMS: tuple[str, ...] = (
    "ООО",
    "ОАО",
    "ЗАО",
    "ПАО",
    "АО",
    "НАО",
    "ИП",
    "ТОВ",
    "ПП",
    "ЕООД",
    "ООД",
    "АД",
)
_CYRILLIC_FORM = "|".join(sorted(CYRILLIC_LEGAL_FORMS, key=len, reverse=True))
#: A form as a whole word, after any quotes at the start or before any at the end.
_CYRILLIC_PREFIX = re.compile(rf"^(\W*)(?:{_CYRILLIC_FORM})(?!\w)", re.IGNORECASE)
_CYRILLIC_SUFFIX = re.compile(rf"(?<!\w)(?:{_CYRILLIC_FORM})(\W*)$", re.IGNORECASE)


def _without_cyrillic_form(company: str) -> str:
    """The company without a Cyrillic legal form before or after it, its quotes kept
    (folding drops them): "ООО «Ромашка»" is "«Ромашка»"."""
    stripped = _CYRILLIC_SUFFIX.sub(r"\1", _CYRILLIC_PREFIX.sub(r"\1", company))
    return stripped if any(c.isalnum() for c in stripped) else company


@functools.lru_cache(maxsize=4096)
def company_key(company: str | None) -> str:
    """The folded name of a company without its legal form; "" when there is none.

    A name that is nothing but a legal form ("Inc.") keeps it, so it is not lost. Cached:
    an import of tens of thousands of people names a few hundred companies.
    """
    if not company:
        return ""
    if not company.isascii():
        company = _without_cyrillic_form(_without_cjk_form(company))
    folded = fold_text(company.replace("&", " "))
    without = _SUFFIX.sub("", folded).strip()
    return without or folded


#: Legal forms a sentence leaves out ("how are things at Contoso?", not "at Contoso,
#: Ltd.?"): all but the words that are part of how a name is said ("The Coca-Cola Company",
#: "Smith & Co.").
_UNSAID_FORMS = frozenset(LEGAL_SUFFIXES) - {"co", "company"}
#: The most words a legal form takes as written ("GmbH & Co. KG" is four).
_FORM_WORDS = 4


@functools.lru_cache(maxsize=4096)
def company_in_prose(company: str | None) -> str | None:
    """The company as a sentence names it: as written, without a legal form at its end
    ("Contoso, Ltd." is "Contoso", "楽天株式会社" is "楽天"), else as written."""
    if not company:
        return company
    said = company.strip()
    if not said.isascii():
        said = _without_cyrillic_form(_without_cjk_form(said)).strip()
    words = said.split()
    for count in range(min(_FORM_WORDS, len(words) - 1), 0, -1):
        if fold_text(" ".join(words[-count:]).replace("&", " ")) in _UNSAID_FORMS:
            words = words[:-count]
            break
    return " ".join(words).rstrip(" ,") or company


def same_company(a: str | None, b: str | None) -> bool:
    """Whether two company names name one company (both known, equal once folded)."""
    key = company_key(a)
    return bool(key) and key == company_key(b)


def company_matches(query: str, company: str | None) -> bool:
    """Whether `query` names `company`: the same folded name, or its leading whole words.

    "Fabrikam" matches "Fabrikam GmbH" and "Fabrikam Labs"; "Fab" and "Labs" do not.
    """
    wanted, key = company_key(query), company_key(company)
    if not wanted or not key:
        return False
    return key == wanted or key.startswith(wanted + " ")
