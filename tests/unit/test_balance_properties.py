"""The balance rules of the issue, as properties over random ledgers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain import balance
from goodwill.domain.derive import fold
from goodwill.domain.model import Channel, Direction, Entry, Initiator

START = date(2020, 1, 1)
ON = date(2026, 11, 24)
days = st.integers(min_value=0, max_value=(ON - START).days)
weights = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)
half_lives = st.floats(min_value=60.0, max_value=2000.0)


def entry(offset: int, direction: Direction, weight: float, entry_id: int = 0) -> Entry:
    return Entry(
        on=START + timedelta(days=offset),
        direction=direction,
        kind="k",
        channel=Channel.EMAIL,
        initiated_by=Initiator.ME,
        weight=weight,
        id=entry_id,
    )


ledgers = st.lists(
    st.builds(entry, days, st.sampled_from(list(Direction)), weights), max_size=30
).map(lambda entries: [e.__class__(**{**_fields(e), "id": i}) for i, e in enumerate(entries)])


def _fields(e: Entry) -> dict[str, object]:
    return {name: getattr(e, name) for name in e.__slots__}


def total(entries: list[Entry], half_life: float) -> float:
    return balance.explain(entries, ON, half_life).total


@given(ledgers, days, weights, half_lives)
def test_a_deposit_never_lowers_the_balance(entries, offset, weight, half_life) -> None:
    before = total(entries, half_life)
    after = total([*entries, entry(offset, Direction.DEPOSIT, weight, 999)], half_life)
    assert after >= before - 1e-9


@given(ledgers, days, weights, half_lives)
def test_a_withdrawal_never_raises_the_balance(entries, offset, weight, half_life) -> None:
    before = total(entries, half_life)
    after = total([*entries, entry(offset, Direction.WITHDRAWAL, weight, 999)], half_life)
    assert after <= before + 1e-9


@given(days, days, weights, st.sampled_from(list(Direction)), half_lives)
def test_older_entries_never_count_more_than_newer_identical_ones(
    first, second, weight, direction, half_life
) -> None:
    older, newer = sorted((first, second))
    old_points = abs(total([entry(older, direction, weight)], half_life))
    new_points = abs(total([entry(newer, direction, weight)], half_life))
    assert old_points <= new_points + 1e-12


@given(ledgers, half_lives)
def test_the_stored_anchor_gives_the_same_balance_as_the_line_by_line_explanation(
    entries, half_life
) -> None:
    state = fold(entries, half_life)
    from_anchor = balance.balance_from_anchor(state.balance_anchor, ON, half_life)
    assert abs(from_anchor - total(entries, half_life)) <= 1e-6 * max(1.0, abs(from_anchor))


def test_an_entry_loses_half_its_weight_after_one_half_life() -> None:
    lines = balance.explain([entry((ON - START).days - 365, Direction.DEPOSIT, 4.0)], ON, 365)
    assert lines.total == 2.0
    assert lines.lines[0].age_days == 365
