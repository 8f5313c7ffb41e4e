"""Occasions: news about a person worth a deposit now, such as a new role."""

from __future__ import annotations

from goodwill.domain.companies import company_key

#: A new role is news for this many days: a congratulation a month late is no deposit.
NEWS_DAYS = 21


def _title_key(title: str | None) -> str:
    return " ".join((title or "").casefold().split())


def is_new_role(
    old_company: str | None, old_title: str | None, new_company: str | None, new_title: str | None
) -> bool:
    """Whether a source's company or title is news: a company or title was known before and
    is now another, by more than case, spacing, accents or a legal suffix. A source that
    only fills in what was empty (a title where there was none) brings no news."""
    moved = bool(old_company and new_company) and (
        company_key(old_company or "") != company_key(new_company or "")
    )
    retitled = bool(old_title and new_title) and _title_key(old_title) != _title_key(new_title)
    return moved or retitled


def role_label(company: str | None, title: str | None) -> str:
    return " at ".join(part for part in (title, company) if part)


def new_role_label(
    old_company: str | None, old_title: str | None, new_company: str | None, new_title: str | None
) -> str:
    """'new role: Head of Data at Stripe (was Analyst at Acme)'."""
    return (
        f"new role: {role_label(new_company, new_title)} (was {role_label(old_company, old_title)})"
    )
