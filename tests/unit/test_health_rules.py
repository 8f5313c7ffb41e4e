from goodwill.domain.health import (
    HealthInputs,
    capacity,
    evenness,
    gives_per_ask,
    rate_in_words,
    summarise,
)
from goodwill.domain.model import DerivedState
from goodwill.domain.reciprocity import Pattern, classify


def test_evenness_runs_from_one_field_to_a_perfect_spread() -> None:
    assert evenness({"product": 10}) == 0.0
    assert evenness({"product": 5, "design": 5}) == 1.0
    assert 0 < evenness({"product": 9, "design": 1}) < 0.6


def test_capacity_warns_when_the_tiers_need_more_than_the_plan_gives() -> None:
    assert capacity(2, 1.5).warning is None
    over = capacity(2, 3.2)
    assert over.over and "3.2 outreaches a day" in (over.warning or "")
    assert over.sustainable_active == 364


def test_a_small_rate_is_said_per_month_never_as_zero_a_day() -> None:
    assert rate_in_words(2.44) == "2.4 a day"
    assert rate_in_words(0.1) == "0.1 a day"
    assert rate_in_words(5 / 182) == "about 1 a month"  # five active people
    assert rate_in_words(12 / 182) == "about 2 a month"
    assert rate_in_words(1 / 182) == "less than one a month"
    assert rate_in_words(0.0) == "none yet"


def test_coverage() -> None:
    report = summarise(
        HealthInputs(
            by_tier={"inner": 2, "active": 8, "acquaintance": 5, "archived": 1},
            kept_warm=10,
            kept_warm_on_cadence=4,
            dormant=2,
            disciplines={"product": 3},
            new_people=1,
            streak=0,
            plan_size=2,
            daily_demand=0.5,
        )
    )
    assert (report.people, report.coverage) == (16, 0.4)


def test_gives_per_ask_is_none_without_an_ask() -> None:
    assert (gives_per_ask(9, 3), gives_per_ask(2, 3), gives_per_ask(4, 0)) == (3.0, 0.67, None)


def test_reciprocity_patterns() -> None:
    assert classify(DerivedState()).pattern is Pattern.NO_SIGNAL
    assert classify(DerivedState(their_gives=3, their_asks=1)).pattern is Pattern.GIVER
    assert classify(DerivedState(their_asks=3, their_gives=1)).pattern is Pattern.ASKER
    assert (
        classify(DerivedState(their_asks=3)).summary
        == "they mostly ask: they asked 3 times and never gave"
    )
    assert (
        classify(DerivedState(their_gives=3, their_asks=1)).summary
        == "they mostly give: they gave 3 times and asked once"
    )
    silent = classify(DerivedState(their_asks=3, their_cold_asks=2))
    assert silent.pattern is Pattern.SILENT_ASKER
    assert "long silences" in silent.summary


def test_one_ask_or_a_close_count_is_no_pattern_yet() -> None:
    single = classify(DerivedState(their_asks=1))
    assert single.pattern is Pattern.NO_SIGNAL
    assert single.summary == "too few to tell a pattern yet: they asked once and never gave"
    assert classify(DerivedState(their_gives=2)).pattern is Pattern.NO_SIGNAL
    close = classify(DerivedState(their_asks=3, their_gives=2))
    assert close.pattern is Pattern.BALANCED
    assert close.summary == "they give and ask alike: they asked 3 times and gave 2 times"


def test_thin_disciplines_are_where_to_grow() -> None:
    from goodwill.domain.health import under_represented

    grow = under_represented(
        {"engineering": 40, "product": 35, "design": 20, "legal": 2, "sales": 3}
    )
    assert [g.discipline for g in grow] == ["legal", "sales"]
    assert grow[0].advice.startswith("legal: 2% of your network; join one of its meetups")
    assert under_represented({"engineering": 5, "product": 5}) == []
