from datetime import date

import pytest

from goodwill.domain.dates import parse_date, parse_span_days
from goodwill.domain.errors import BadInput

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("3d", date(2026, 11, 21)),
        ("2w", date(2026, 11, 10)),
        ("6m", date(2026, 5, 28)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 23)),
        (" 1Y ", date(2025, 11, 24)),
    ],
)
def test_dates_accept_iso_and_relative_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_relative_spans_point_forward_for_snoozes() -> None:
    assert parse_date("2w", TODAY, future=True) == date(2026, 12, 8)


@pytest.mark.parametrize("text", ["2026-13-01", "01/03/2026", "soon", "", "3x", "-3d"])
def test_bad_dates_name_the_input(text: str) -> None:
    with pytest.raises(BadInput, match="bad date"):
        parse_date(text, TODAY)


def test_spans_in_days() -> None:
    assert [parse_span_days(s) for s in ("90d", "2w", "6m", "1y", "45")] == [90, 14, 180, 365, 45]
    with pytest.raises(BadInput, match="bad duration '2 fortnights'"):
        parse_span_days("2 fortnights")


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "99999999d", "²", "99999y"])
def test_dates_and_spans_out_of_range_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(BadInput, match=r"out of range|too long|bad date"):
        parse_date(text, TODAY, future=True)
