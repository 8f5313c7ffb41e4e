"""Derived state: applying entries one by one equals folding the whole history."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from goodwill.domain.derive import apply, fold, is_in_order
from goodwill.domain.model import Channel, DerivedState, Direction, Entry, Initiator

START = date(2023, 1, 1)


def random_history(seed: int, size: int) -> list[Entry]:
    rng = random.Random(seed)
    entries = []
    for index in range(size):
        by_them = rng.random() < 0.2
        entries.append(
            Entry(
                id=index + 1,
                on=START + timedelta(days=rng.randrange(0, 1200)),
                direction=rng.choice(list(Direction)),
                kind="k",
                channel=rng.choice(list(Channel)),
                initiated_by=Initiator.THEM if by_them or rng.random() < 0.3 else Initiator.ME,
                weight=rng.choice([0.0, 1.0, 2.0, 5.0]),
                by_them=by_them,
            )
        )
    return entries


@pytest.mark.parametrize("seed", range(20))
def test_in_order_application_equals_a_fold(seed: int) -> None:
    history = sorted(random_history(seed, 40), key=lambda e: (e.on, e.id))
    state = DerivedState()
    for entry in history:
        assert is_in_order(state, entry)
        state = apply(state, entry, 365)
    folded = fold(reversed(history), 365)
    assert state.balance_anchor == pytest.approx(folded.balance_anchor, rel=1e-9)
    assert state.credit_anchor == pytest.approx(folded.credit_anchor, rel=1e-9)
    sums = {"balance_anchor": 0, "credit_anchor": 0}
    assert {**vars_of(state), **sums} == {**vars_of(folded), **sums}


def vars_of(state: DerivedState) -> dict[str, object]:
    return {name: getattr(state, name) for name in state.__slots__}


def entry(
    on: date, *, direction=Direction.TOUCH, by=Initiator.ME, channel=Channel.EMAIL, by_them=False
) -> Entry:
    return Entry(
        on=on,
        direction=direction,
        kind="k",
        channel=channel,
        initiated_by=by,
        weight=1.0,
        by_them=by_them,
    )


def test_only_touches_from_me_or_two_way_meetings_reset_the_clock() -> None:
    state = fold([entry(date(2026, 1, 1), by=Initiator.THEM)], 365)
    assert state.last_touch is None and state.last_contact == date(2026, 1, 1)
    state = fold([entry(date(2026, 1, 1), by=Initiator.THEM, channel=Channel.COFFEE)], 365)
    assert state.last_touch == date(2026, 1, 1)
    state = fold([entry(date(2026, 2, 1))], 365)
    assert state.last_touch == date(2026, 2, 1)


def test_an_ask_from_them_after_a_long_silence_counts_as_cold() -> None:
    history = [
        entry(date(2024, 1, 1)),
        entry(date(2025, 3, 1), by=Initiator.THEM, by_them=True),
        entry(date(2025, 3, 20), by=Initiator.THEM, by_them=True),
    ]
    state = fold(history, 365)
    assert (state.their_asks, state.their_cold_asks) == (2, 1)


@pytest.mark.parametrize("seed", range(10))
def test_without_asks_from_them_any_order_gives_the_same_state(seed: int) -> None:
    import random as shuffler

    from goodwill.domain.derive import is_order_free

    history = [
        e
        for e in random_history(seed, 40)
        if not (e.by_them and e.direction is not Direction.WITHDRAWAL)
    ]
    shuffler.Random(seed).shuffle(history)
    state = DerivedState()
    for entry in history:
        assert is_order_free(state, entry)
        state = apply(state, entry, 365)
    folded = fold(history, 365)
    assert state.balance_anchor == pytest.approx(folded.balance_anchor, rel=1e-9)
    assert state.credit_anchor == pytest.approx(folded.credit_anchor, rel=1e-9)
    sums = {"balance_anchor": 0, "credit_anchor": 0}
    assert {**vars_of(state), **sums} == {**vars_of(folded), **sums}
