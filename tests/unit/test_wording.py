"""Numbers and words as the user reads them: credit against an ask, counts, an ask's kind."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.credit import shown_against
from goodwill.domain.dates import counted

amounts = st.floats(min_value=-50, max_value=50, allow_nan=False)


def test_one_decimal_unless_it_would_hide_the_difference() -> None:
    assert shown_against(3.44, 5.0) == ("3.4", "5.0")
    assert shown_against(0.99, 1.0) == ("0.99", "1.00")
    assert shown_against(1.0, 1.0) == ("1.0", "1.0")


@given(amounts, amounts)
def test_different_amounts_never_read_the_same(credit: float, needed: float) -> None:
    shown = shown_against(credit, needed)
    if abs(credit - needed) >= 0.0001:
        assert shown[0] != shown[1]


def test_counts_are_plural_except_for_one() -> None:
    assert [counted(n, "withdrawal") for n in (0, 1, 2)] == [
        "0 withdrawals",
        "1 withdrawal",
        "2 withdrawals",
    ]


def test_an_asks_purpose_names_its_kind() -> None:
    from goodwill.domain.kinds import ask_kind_for

    assert ask_kind_for("a job referral") == "job"
    assert ask_kind_for("Intro to their CFO") == "intro"
    assert ask_kind_for("feedback on my pitch deck") == "advice"
    assert ask_kind_for("borrow the projector") is None
    assert ask_kind_for("a jobless friend") is None  # whole words only
    # What is named first is what is asked for.
    assert ask_kind_for("advice on hiring") == "advice"
    assert ask_kind_for("an intro to someone hiring") == "intro"
    assert ask_kind_for("a referral, or advice if not") == "job"
