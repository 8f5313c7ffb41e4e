"""The streak over done days and days with nothing to do (`goodwill.domain.streak`)."""

from __future__ import annotations

from datetime import date, timedelta

from goodwill.domain.streak import streak

ON = date(2026, 7, 10)


def _days(*pairs: tuple[int, bool]) -> list[tuple[date, bool]]:
    """(days before ON, done) as the store gives them, newest first."""
    return [(ON - timedelta(days=back), done) for back, done in pairs]


def test_done_days_in_a_row_count() -> None:
    assert streak(_days((0, True), (1, True), (2, True)), ON) == 3


def test_today_may_still_be_open() -> None:
    assert streak(_days((1, True), (2, True)), ON) == 2


def test_a_missing_day_ends_the_run() -> None:
    assert streak(_days((0, True), (2, True)), ON) == 1
    assert streak(_days((2, True), (3, True)), ON) == 0


def test_a_day_with_nothing_to_do_bridges_without_counting() -> None:
    assert streak(_days((0, True), (1, False), (2, False), (3, True)), ON) == 2
    assert streak(_days((1, False), (2, True)), ON) == 1  # today open, yesterday empty
    assert streak(_days((0, False), (1, True)), ON) == 1  # today empty


def test_days_after_the_day_asked_are_left_out() -> None:
    assert streak(_days((-1, True), (0, True)), ON) == 1
