"""The onboarding score: more evidence never lowers it, silence never raises it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.model import Tier
from goodwill.domain.onboarding import Evidence, propose_tier, score

ON = date(2026, 11, 24)

evidence = st.builds(
    Evidence,
    mails=st.integers(0, 200),
    meetings=st.integers(0, 50),
    messages=st.integers(0, 100),
    recommendations=st.integers(0, 3),
    from_them=st.just(0),
    recent=st.just(0),
    entries=st.integers(1, 400),
    last_contact=st.one_of(st.none(), st.dates(date(2000, 1, 1), ON)),
    known_since=st.one_of(st.none(), st.dates(date(1990, 1, 1), ON)),
)


@given(evidence, st.sampled_from(["mails", "meetings", "messages", "recommendations"]))
def test_one_more_exchange_never_lowers_the_score(base: Evidence, kind: str) -> None:
    more = replace(base, **{kind: getattr(base, kind) + 1})
    assert score(more, ON) >= score(base, ON)


@given(evidence, st.integers(1, 2000))
def test_silence_never_raises_the_score(base: Evidence, days: int) -> None:
    if base.last_contact is None:
        return
    older = replace(base, last_contact=base.last_contact - timedelta(days=days))
    assert score(older, ON) <= score(base, ON)


def test_a_meeting_weighs_more_than_a_mail_and_one_recommendation_is_not_inner() -> None:
    mail = Evidence(mails=1, entries=1, last_contact=ON)
    meeting = Evidence(meetings=1, entries=1, last_contact=ON)
    assert score(meeting, ON) > score(mail, ON)
    old_friend_one_reference = Evidence(
        recommendations=1, entries=1, recent=1, last_contact=ON, known_since=date(2010, 1, 1)
    )
    close = Evidence(meetings=6, mails=10, entries=16, recent=16, last_contact=ON)
    silent = replace(close, last_contact=date(2024, 1, 1), recent=0)
    ranked = [(score(e, ON), e) for e in (close, silent, old_friend_one_reference, mail)]
    ranked.sort(key=lambda item: -item[0])
    tiers = dict(zip([id(e) for _, e in ranked], propose_tier(ranked, ON, 5, 5), strict=True))
    assert tiers[id(close)] is Tier.INNER
    assert tiers[id(silent)] is Tier.ACTIVE  # close once, silent for two years
    assert tiers[id(old_friend_one_reference)] is Tier.ACTIVE
    assert tiers[id(mail)] is None  # one mail is not a tie to keep warm yet
