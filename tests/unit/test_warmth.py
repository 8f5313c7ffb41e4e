"""Warmth: how readily a person would help or introduce you (`domain.ties.warmth`)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.ties import STRENGTH, WARMTH_FLOOR, warmth

DAY = date(2026, 7, 1)
balances = st.floats(min_value=-50, max_value=50, allow_nan=False)
ages = st.integers(min_value=0, max_value=5000)


@given(balances, st.none() | ages)
def test_warmth_stays_between_the_floor_and_one(balance: float, age: int | None) -> None:
    last = None if age is None else DAY - timedelta(days=age)
    assert WARMTH_FLOOR <= warmth(balance, last, DAY) <= 1.0


@given(balances, balances, ages)
def test_more_goodwill_banked_is_never_colder(a: float, b: float, age: int) -> None:
    last = DAY - timedelta(days=age)
    low, high = sorted((a, b))
    assert warmth(low, last, DAY) <= warmth(high, last, DAY)


@given(balances, ages, ages)
def test_more_recent_contact_is_never_colder(balance: float, a: int, b: int) -> None:
    recent, older = sorted((a, b))
    assert warmth(balance, DAY - timedelta(days=older), DAY) <= warmth(
        balance, DAY - timedelta(days=recent), DAY
    )


def test_a_stranger_with_debts_is_at_the_floor_and_a_close_friend_near_one() -> None:
    assert warmth(-5.0, None, DAY) == WARMTH_FLOOR
    assert warmth(30.0, DAY, DAY) > 0.99


def test_a_tie_you_state_is_the_strongest_and_a_group_chat_the_weakest() -> None:
    assert max(STRENGTH, key=STRENGTH.__getitem__) == "knows"
    assert min(STRENGTH, key=STRENGTH.__getitem__) == "group-chat"
