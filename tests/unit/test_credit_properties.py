"""The ask guard's rule (`domain.credit`), as properties over random ledgers.

Each ledger is folded the way every write and `reindex` fold it (`domain.derive`), and the
verdict is read from the stored anchor, as the guard reads it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.credit import credit_from, credit_on, judge_ask
from goodwill.domain.derive import fold
from goodwill.domain.model import Channel, Direction, Entry, Initiator, Person, PersonFields

START = date(2020, 1, 1)
ON = date(2026, 11, 24)
days = st.integers(min_value=0, max_value=(ON - START).days)
later = st.integers(min_value=0, max_value=3000)
weights = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)
sizes = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)
half_lives = st.floats(min_value=60.0, max_value=2000.0)


def entry(offset: int, direction: Direction, weight: float, by_them: bool = False) -> Entry:
    return Entry(
        on=START + timedelta(days=offset),
        direction=direction,
        kind="k",
        channel=Channel.EMAIL,
        initiated_by=Initiator.THEM if by_them else Initiator.ME,
        weight=weight,
        by_them=by_them,
    )


ledgers = st.lists(
    st.builds(entry, days, st.sampled_from(list(Direction)), weights, st.booleans()), max_size=30
).map(lambda entries: [replace(e, id=i + 1) for i, e in enumerate(entries)])


def cold(entries: list[Entry], size: float, half_life: float, on: date = ON) -> bool:
    person = Person(id=1, fields=PersonFields(name="Ana"), created_on=START)
    person = replace(person, state=fold(entries, half_life))
    return judge_ask(credit_on(person, on, half_life), size).cold


@given(ledgers, days, weights, st.booleans(), sizes, half_lives)
def test_adding_a_touch_never_turns_a_cold_ask_warm(
    entries, offset, weight, by_them, size, half_life
) -> None:
    touch = replace(entry(offset, Direction.TOUCH, weight, by_them), id=999)
    if cold(entries, size, half_life):
        assert cold([*entries, touch], size, half_life)


@given(ledgers, days, weights, sizes, half_lives)
def test_adding_a_deposit_never_turns_a_warm_ask_cold(
    entries, offset, weight, size, half_life
) -> None:
    deposit = replace(entry(offset, Direction.DEPOSIT, weight), id=999)
    if not cold(entries, size, half_life):
        assert not cold([*entries, deposit], size, half_life)


@given(ledgers, sizes, sizes, half_lives)
def test_a_bigger_ask_is_never_warmer_than_a_smaller_one(entries, one, two, half_life) -> None:
    small, big = sorted((one, two))
    if cold(entries, small, half_life):
        assert cold(entries, big, half_life)


@given(ledgers, later, later, sizes, half_lives)
def test_time_passing_never_warms_an_ask(entries, first, second, size, half_life) -> None:
    sooner, afterwards = sorted((first, second))
    if cold(entries, size, half_life, ON + timedelta(days=sooner)):
        assert cold(entries, size, half_life, ON + timedelta(days=afterwards))


@given(ledgers, half_lives)
def test_the_stored_anchor_agrees_with_the_entries(entries, half_life) -> None:
    person = replace(
        Person(id=1, fields=PersonFields(name="Ana"), created_on=START),
        state=fold(entries, half_life),
    )
    assert credit_on(person, ON, half_life) == pytest.approx(
        credit_from(entries, ON, half_life), rel=1e-6, abs=1e-6
    )


def test_touches_bank_nothing_and_a_deposit_as_large_as_the_ask_covers_it() -> None:
    catch_ups = [replace(entry(offset, Direction.TOUCH, 1.0), id=offset + 1) for offset in (0, 1)]
    assert cold(catch_ups, 6.0, 365)  # catch-ups alone never make a job ask warm
    reference = replace(entry((ON - START).days, Direction.DEPOSIT, 6.0), id=10)
    assert not cold([*catch_ups, reference], 6.0, 365)
    # Half the ask is covered for one half-life, then the ask turns cold again.
    assert not cold([reference], 6.0, 365, ON + timedelta(days=364))
    assert cold([reference], 6.0, 365, ON + timedelta(days=366))
    # What they gave you (a withdrawal from them) and your own asks spend it.
    their_give = replace(entry((ON - START).days, Direction.WITHDRAWAL, 6.0, True), id=11)
    assert cold([reference, their_give], 2.0, 365)
