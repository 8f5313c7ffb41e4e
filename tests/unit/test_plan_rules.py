"""The daily pick: overdue first, never archived or recently touched, spread out."""

from __future__ import annotations

from datetime import date, timedelta

from goodwill.domain.cadence import next_due, spread_offset
from goodwill.domain.model import DerivedState, Person, PersonFields, Tier
from goodwill.domain.plan import Candidate, month_day_keys, occasion_in_window, pick

ON = date(2026, 11, 24)


def person(
    pid: int,
    *,
    tier=Tier.ACTIVE,
    last_touch=None,
    due=None,
    company=None,
    discipline=None,
    snoozed=None,
) -> Person:
    return Person(
        id=pid,
        fields=PersonFields(
            name=f"Person {pid}", tier=tier, company=company, discipline=discipline
        ),
        created_on=date(2024, 1, 1),
        state=DerivedState(last_touch=last_touch, last_contact=last_touch),
        next_due=due,
        snoozed_until=snoozed,
    )


def candidate(p: Person, balance: float = 1.0, **extra) -> Candidate:
    return Candidate(person=p, balance=balance, **extra)


def test_overdue_people_come_first_and_reasons_say_why() -> None:
    on_time = candidate(person(1, due=ON + timedelta(days=30), last_touch=ON - timedelta(days=150)))
    overdue = candidate(person(2, due=ON - timedelta(days=40), last_touch=ON - timedelta(days=222)))
    picks = pick([on_time, overdue], ON, 1)
    assert [p.person.id for p in picks] == [2]
    assert "overdue by 40 days (every 182 days)" in picks[0].reasons


def test_archived_recent_and_snoozed_people_are_never_picked() -> None:
    archived = candidate(person(1, tier=Tier.ARCHIVED, due=ON - timedelta(days=400)))
    recent = candidate(person(2, due=ON - timedelta(days=5), last_touch=ON - timedelta(days=3)))
    snoozed = candidate(person(3, due=ON - timedelta(days=50), snoozed=ON + timedelta(days=3)))
    fine = candidate(person(4, due=ON + timedelta(days=100)))
    assert [p.person.id for p in pick([archived, recent, snoozed, fine], ON, 3)] == [4]


def test_picks_spread_over_companies() -> None:
    same = [candidate(person(i, due=ON - timedelta(days=60), company="Acme")) for i in (1, 2)]
    other = candidate(person(3, due=ON - timedelta(days=50), company="Globex"))
    chosen = {p.person.fields.company for p in pick([*same, other], ON, 2)}
    assert chosen == {"Acme", "Globex"}


def test_the_plan_is_deterministic_for_a_date() -> None:
    pool = [candidate(person(i, due=ON - timedelta(days=10))) for i in range(1, 30)]
    first = [p.person.id for p in pick(pool, ON, 5)]
    assert first == [p.person.id for p in pick(list(reversed(pool)), ON, 5)]
    assert first != [p.person.id for p in pick(pool, ON + timedelta(days=1), 5)]


def test_birthdays_and_negative_balances_make_reasons() -> None:
    birthday = candidate(person(1, due=ON + timedelta(days=90)), birthday_on=ON + timedelta(days=2))
    negative = candidate(person(2, due=ON + timedelta(days=90)), balance=-6.0)
    reasons = {p.person.id: p.reasons for p in pick([birthday, negative], ON, 2)}
    assert "birthday on Nov 26" in reasons[1]
    assert any("give before you ask" in r for r in reasons[2])


def test_people_added_on_one_day_fall_due_on_different_days() -> None:
    dues = {
        next_due(
            person_id=i, tier=Tier.ACTIVE, cadence_override=None, created_on=ON, last_touch=None
        )
        for i in range(1, 201)
    }
    assert len(dues) > 110  # 200 people over the 175 days after their first week
    assert all(ON + timedelta(days=7) <= d < ON + timedelta(days=182) for d in dues if d)


def test_the_spread_of_due_dates_is_the_same_in_every_run_and_version() -> None:
    # Fixed values: a spread that changed would move everyone's due dates after an upgrade,
    # and one from Python's salted hash() would move them in every process.
    assert [spread_offset(pid, 30) for pid in range(1, 11)] == [
        17, 20, 24, 18, 20, 24, 18, 22, 14, 14
    ]  # fmt: skip
    assert len({spread_offset(pid, 30) for pid in range(1, 101)}) == 22  # of 23 possible
    assert spread_offset(7, 0) == 0  # no cadence: no spread, and no division by zero
    assert spread_offset(7, 3) == 3  # a cadence shorter than the first week: one cadence


def test_someone_just_added_is_neither_due_nor_overdue_in_their_first_week() -> None:
    for tier in (Tier.INNER, Tier.ACTIVE, Tier.ACQUAINTANCE):
        for pid in range(1, 301):
            due = next_due(
                person_id=pid, tier=tier, cadence_override=None, created_on=ON, last_touch=None
            )
            assert due is not None and due >= ON + timedelta(days=7), (tier, pid)


def test_leap_day_birthdays_are_celebrated_on_the_28th_in_other_years() -> None:
    assert occasion_in_window((2, 29), date(2027, 2, 25), 7) == date(2027, 2, 28)
    assert 229 in month_day_keys(date(2027, 2, 25), 7)
    assert occasion_in_window((12, 30), date(2026, 12, 28), 7) == date(2026, 12, 30)
    assert occasion_in_window((1, 2), date(2026, 12, 28), 7) == date(2027, 1, 2)


def test_connectors_are_favoured_to_keep_warm() -> None:
    plain = candidate(person(1, due=ON + timedelta(days=20)))
    connector = Candidate(
        person=person(2, due=ON + timedelta(days=20)), balance=1.0, connector=True
    )
    chosen = pick([plain, connector], ON, 1)
    assert chosen[0].person.id == 2 and "a connector: keep them warm" in chosen[0].reasons
