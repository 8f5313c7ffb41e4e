"""Occasions: news about a person worth a deposit now.

Kinds: a new role (found on re-import or sync), a new connection to welcome, a
recommendation they wrote you to thank them for. Each is news for a few days from the day
it happened; after that a deposit is no longer timely, so it is nothing.

A work anniversary ("2 years at Stripe") is computed, as birthdays are, never stored: the
yearly return of the day a person's current role began, where goodwill knows that day
(the day an import or sync found the new role, which the role history keeps).
"""

from __future__ import annotations

from datetime import date, timedelta

from goodwill.domain.companies import company_in_prose, company_key
from goodwill.domain.plan import occasion_in_window

NEW_ROLE = "new-role"
WELCOME = "welcome"
RECOMMENDED = "recommended"
WORK_ANNIVERSARY = "work-anniversary"

#: A new role is news for this many days: a congratulation a month late is no deposit.
NEWS_DAYS = 21
#: A new connection, or a recommendation they wrote, is news this long: a welcome or a
#: thank-you within a month is still warm. An import records only what is still news.
FRESH_DAYS = 30
_NEWS_DAYS = {NEW_ROLE: NEWS_DAYS, WELCOME: FRESH_DAYS, RECOMMENDED: FRESH_DAYS}
#: The longest any kind is news: how far back the plan looks.
LONGEST_NEWS_DAYS = max(_NEWS_DAYS.values())

WELCOME_LABEL = "new connection: welcome"
RECOMMENDED_LABEL = "recommended you: thank them"


def news_days(kind: str) -> int:
    return _NEWS_DAYS.get(kind, NEWS_DAYS)


def is_news(kind: str, happened: date, on: date) -> bool:
    """Whether an occasion of `kind` that happened on `happened` is still news on `on`."""
    return on - timedelta(days=news_days(kind)) <= happened <= on


def answered_on(happened: date, last_give_or_touch: date | None) -> date | None:
    """The day I reached out since news that happened on `happened` (a congratulation, a
    welcome, a thank-you: any give or touch of mine on that day or after), or None while
    nothing has followed it."""
    if last_give_or_touch is not None and last_give_or_touch >= happened:
        return last_give_or_touch
    return None


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


def work_anniversary(started: date, on: date, window: int) -> tuple[date, int] | None:
    """The next return (day, years) of a role's start within `window` days of `on`, from
    the first year on; 29 February returns on 28 February in other years."""
    when = occasion_in_window((started.month, started.day), on, window)
    if when is None or when.year <= started.year:
        return None
    return when, when.year - started.year


def work_anniversary_label(years: int, company: str | None, title: str | None) -> str:
    """'2 years at Stripe', '1 year as Head of Data' (no company known)."""
    span = f"{years} year{'s' if years != 1 else ''}"
    if company:
        return f"{span} at {company_in_prose(company)}"
    return f"{span} as {title}" if title else f"{span} in the role"


def years_back(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
