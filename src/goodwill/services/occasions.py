"""`goodwill occasions`: news about people (a new role, a new connection, a recommendation
they wrote you), then birthdays and work anniversaries, for the days around today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from goodwill.domain.dates import OCCASION_DAYS_MOST
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Person, PersonFields
from goodwill.domain.occasions import (
    WELCOME,
    WELCOME_LABEL,
    WORK_ANNIVERSARY,
    answered_on,
    is_new_role,
    new_role_label,
    work_anniversary,
    work_anniversary_label,
    years_back,
)
from goodwill.domain.plan import month_day_keys, occasion_in_window
from goodwill.services.context import Context
from goodwill.services.views import PersonRef, Shape, ref_of
from goodwill.store.database import UnitOfWork
from goodwill.store.occasions import NewOccasion, RoleChange


@dataclass(frozen=True, slots=True)
class Upcoming(Shape):
    """An occasion to make a deposit (`goodwill occasions`): someone's news, birthday or
    work anniversary, on a day (ISO)."""

    person: PersonRef
    kind: str
    on: str
    #: What happened, in words ("2 years at Stripe").
    label: str
    #: The years a work anniversary counts; None for other occasions.
    years: int | None
    #: For news: the day I last reached out since it (ISO), or None while nothing has
    #: followed it (the plan offers it until then).
    answered_on: str | None = None


def occasions(ctx: Context, on: date | None = None, days: int = 30) -> list[Upcoming]:
    """News of the last `days` days (newest first), then birthdays and work anniversaries
    in the next `days` (soonest first)."""
    if days < 1 or days > OCCASION_DAYS_MOST:
        raise BadInput(f"--days must be between 1 and {OCCASION_DAYS_MOST}")
    day = on or ctx.today()
    with ctx.db.read() as uow:
        news = [
            Upcoming(
                PersonRef(row.person_id, row.name),
                row.kind,
                row.on.isoformat(),
                row.label,
                None,
                _iso(answered_on(row.on, row.last_give_or_touch)),
            )
            for row in uow.occasions.between(day - timedelta(days), day)
        ]
        coming = _birthdays(uow, day, days) + work_anniversaries(uow, day, days)
        return news + sorted(coming, key=_soonest)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _soonest(occasion: Upcoming) -> tuple[str, int]:
    return occasion.on, occasion.person.id


def _birthdays(uow: UnitOfWork, day: date, days: int) -> list[Upcoming]:
    found = []
    for person in uow.people.with_birthdays(month_day_keys(day, days)):
        birthday = person.fields.birthday
        assert birthday is not None
        when = occasion_in_window((birthday.month, birthday.day), day, days)
        if when is not None:
            found.append(Upcoming(ref_of(person), "birthday", when.isoformat(), "birthday", None))
    return sorted(found, key=_soonest)


def work_anniversaries(uow: UnitOfWork, day: date, window: int, limit: int = 500) -> list[Upcoming]:
    """Work anniversaries within `window` days of `day`: the yearly return of the day each
    current role began, where goodwill knows it. One indexed date range per year back."""
    repository = uow.occasions
    first = repository.first_role_start()
    if first is None:
        return []
    end = day + timedelta(days=window)
    # A day wider each side: 29 February, and then the exact check below.
    ranges = [
        (years_back(day, years) - timedelta(days=1), years_back(end, years) + timedelta(days=1))
        for years in range(1, end.year - first.year + 1)
    ]
    found = []
    for start in repository.role_starts(ranges, limit=limit):
        returns = work_anniversary(start.started, day, window)
        if returns is not None:
            when, years = returns
            found.append(
                Upcoming(
                    PersonRef(start.person_id, start.name),
                    WORK_ANNIVERSARY,
                    when.isoformat(),
                    work_anniversary_label(years, start.company, start.title),
                    years,
                )
            )
    return sorted(found, key=_soonest)


def work_anniversary_of(
    uow: UnitOfWork, person: Person, day: date, window: int
) -> tuple[date, str] | None:
    """(day, '2 years at Stripe') when the person's current role returns within `window`
    days of `day`."""
    started = uow.occasions.role_start_of(person.id)
    returns = None if started is None else work_anniversary(started, day, window)
    if returns is None:
        return None
    when, years = returns
    return when, work_anniversary_label(years, person.fields.company, person.fields.title)


def note_new_role(
    uow: UnitOfWork, person_id: int, before: PersonFields, after: PersonFields, on: date
) -> None:
    """A known person's new company or title (before and after a source changed them) is news: keep the old role and record an occasion for the plan."""
    note_new_roles(uow, [(person_id, before, after)], on)


def note_new_roles(
    uow: UnitOfWork, changes: Iterable[tuple[int, PersonFields, PersonFields]], on: date
) -> None:
    """`note_new_role` for many people, (person, before, after), in two statements."""
    uow.occasions.add_role_changes(
        [
            RoleChange(
                person_id,
                before.company,
                before.title,
                on,
                new_role_label(before.company, before.title, after.company, after.title),
            )
            for person_id, before, after in changes
            if is_new_role(before.company, before.title, after.company, after.title)
        ]
    )


def note_welcome(uow: UnitOfWork, person_id: int, on: date) -> None:
    """A connection made on `on` (an accepted invitation): an occasion to welcome them,
    once per person."""
    uow.occasions.add_new(
        [NewOccasion(person_id, WELCOME, on, WELCOME_LABEL)], once_per_person={WELCOME}
    )


@dataclass(frozen=True, slots=True)
class Role(Shape):
    """A role someone holds or held: `since` and `until` are ISO days, or None when the
    import did not say (the current role has no `until`)."""

    company: str | None
    title: str | None
    since: str | None
    until: str | None


def past_roles(uow: UnitOfWork, person_id: int) -> tuple[Role, ...]:
    """The roles an import saw someone leave."""
    return tuple(
        Role(company, title, None, until.isoformat())
        for company, title, until in uow.occasions.roles_of(person_id)
    )
