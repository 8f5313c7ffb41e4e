"""The daily loop: follow-ups never hidden, one person per company, the guard in the plan,
and `done` logging what the plan suggested."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goodwill.domain.campaign import Stage
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.exporters.digest_email import render_text
from goodwill.services import campaigns, digest, events, ledger, people, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges

TODAY = date(2026, 11, 24)
YESTERDAY = TODAY - timedelta(days=1)


def add(app: Context, name: str, **changes: object) -> int:
    return people.add_person(app, PersonChanges(name=name, **changes)).id  # type: ignore[arg-type]


def log(app: Context, *names: str, action: Action = Action.TOUCH, **extra: object) -> None:
    ledger.log(app, LogRequest(people=names, action=action, **extra))  # type: ignore[arg-type]


def overdue_inner(app: Context, *names: str) -> None:
    for name in names:
        add(app, name, tier=Tier.INNER)
        log(app, name, on=TODAY - timedelta(days=90))


def names(result: dict) -> list[str]:
    return [pick["person"]["name"] for pick in result["picks"]]


def test_four_met_at_an_event_are_all_in_the_plan_the_next_day(app: Context) -> None:
    overdue_inner(app, "Old Friend", "Older Friend")
    met = ("Lee Park", "Sam Ortiz", "Kim Ode", "Ravi Rao")
    events.add_event(app, "Data meetup", on=YESTERDAY - timedelta(days=1), met=met)
    before = plan.today(app, on=YESTERDAY - timedelta(days=1)).to_json()
    assert not set(met) & set(names(before))

    day_after = plan.today(app, on=YESTERDAY).to_json()
    # Every follow-up outranks the overdue inner circle, and the plan grows for them.
    assert sorted(names(day_after)) == sorted(met)
    assert day_after["follow_ups_added"] == 2 and day_after["note"] == "+2 follow-ups today"
    assert all("a follow-up is due" in pick["reasons"] for pick in day_after["picks"])
    # The digest shows the same list, and says the same.
    mailed = digest.compose(app, YESTERDAY)
    assert names(mailed) == names(day_after) and mailed["note"] == "+2 follow-ups today"
    assert "+2 follow-ups today" in render_text(mailed)

    # Until done: a day late they are still all there, and done clears them one by one.
    late = plan.today(app, on=TODAY).to_json()
    assert sorted(names(late)) == sorted(met)
    assert "a follow-up is due (since 1 day ago)" in late["picks"][0]["reasons"]
    for position in (1, 2, 3, 4):
        plan.done(app, position)
    assert not {p["follow_up_on"] for p in people.list_people(app)} - {None}
    tomorrow = plan.today(app, on=TODAY + timedelta(days=1)).to_json()
    assert not set(met) & set(names(tomorrow))


def test_a_crowd_of_follow_ups_grows_the_plan_by_ten_and_says_how_many_wait(
    app: Context,
) -> None:
    met = tuple(f"Attendee {number:02d}" for number in range(25))
    events.add_event(app, "Big conference", on=YESTERDAY - timedelta(days=1), met=met)
    first = plan.today(app, on=YESTERDAY).to_json()
    # Plan size 2, grown by ten: the earliest met first, and the rest counted, not hidden.
    assert len(first["picks"]) == 12 and first["follow_ups_added"] == 10
    assert first["note"] == "+10 follow-ups today; 13 more due, for the next days"
    assert "13 more due, for the next days" in render_text(digest.compose(app, YESTERDAY))
    # Doing them makes room: the plan never grows past twelve, and the count goes down.
    for position in range(1, 13):
        plan.done(app, position, on=YESTERDAY)
    again = plan.today(app, on=YESTERDAY).to_json()
    open_picks = [pick for pick in again["picks"] if pick["status"] == "open"]
    assert len(again["picks"]) == 12 and not open_picks
    assert again["follow_ups_waiting"] == 13
    next_day = plan.today(app, on=TODAY).to_json()
    assert len(next_day["picks"]) == 12 and next_day["follow_ups_waiting"] == 1
    assert set(names(next_day)) <= set(met)


def test_their_ask_puts_a_follow_up_in_the_plan_from_the_next_day(app: Context) -> None:
    overdue_inner(app, "Old Friend", "Older Friend", "Oldest Friend")
    add(app, "Bo Chen", tier=Tier.ACQUAINTANCE)
    log(app, "Bo Chen", action=Action.THEY_ASKED, kind="intro", on=YESTERDAY)
    assert people.show_person(app, "Bo").follow_up_on == TODAY.isoformat()
    assert names(plan.today(app).to_json())[0] == "Bo Chen"


def test_a_follow_up_due_after_the_plan_was_saved_joins_it_at_the_end(app: Context) -> None:
    overdue_inner(app, "Ana Núñez", "Bo Chen", "Cy Diaz")
    plan.skip(app, 1).to_json()  # saves the plan
    saved = names(plan.today(app).to_json())
    add(app, "Dee Late")
    log(app, "Dee Late", action=Action.THEY_ASKED, kind="advice", on=TODAY, follow_up=TODAY)
    shown = plan.today(app).to_json()
    assert names(shown) == [*saved, "Dee Late"]
    assert plan.done(app, shown["picks"][-1]["position"]).to_json()["person"]["name"] == "Dee Late"


def test_a_follow_up_never_reopens_a_plan_already_complete_or_past(app: Context) -> None:
    overdue_inner(app, "Ana Núñez", "Bo Chen")
    for position in (1, 2):
        plan.done(app, position, on=YESTERDAY)
    assert plan.today(app, on=YESTERDAY).streak == 1
    # Recorded afterwards, an event of the day before asks for follow-ups due yesterday.
    events.add_event(app, "Meetup", on=YESTERDAY - timedelta(days=1), met=("Lee Park",))
    kept = plan.today(app, on=YESTERDAY).to_json()
    assert names(kept) == ["Ana Núñez", "Bo Chen"] and kept["follow_ups_waiting"] == 1
    # Yesterday stays complete: the streak still counts it, and the follow-up is today's.
    today = plan.today(app, on=TODAY).to_json()
    assert today["streak"] == 1 and "Lee Park" in names(today)
    # Today's plan done too: a follow-up falling due now waits for tomorrow's plan.
    for position in range(1, len(today["picks"]) + 1):
        plan.done(app, position)
    add(app, "Dee Late")
    log(app, "Dee Late", action=Action.THEY_ASKED, kind="advice", on=TODAY, follow_up=TODAY)
    after = plan.today(app).to_json()
    assert "Dee Late" not in names(after) and after["streak"] == 2
    assert "Dee Late" in names(plan.today(app, on=TODAY + timedelta(days=1)).to_json())


def test_a_log_of_an_earlier_day_does_that_days_pick(app: Context) -> None:
    overdue_inner(app, "Ana Núñez", "Bo Chen")
    plan.done(app, 1, on=YESTERDAY).to_json()  # yesterday's plan, saved as it was done
    other = next(
        p for p in plan.today(app, on=YESTERDAY).to_json()["picks"] if p["status"] == "open"
    )
    log(app, other["person"]["name"], on=YESTERDAY, kind="catch-up")  # logged a day late
    statuses = [p["status"] for p in plan.today(app, on=YESTERDAY).to_json()["picks"]]
    assert statuses == ["done", "done"]


def test_the_plan_never_picks_two_people_at_one_company(app: Context) -> None:
    for name, company in (
        ("Ana Núñez", "Fabrikam GmbH"),
        ("Bo Chen", "Fabrikam Labs"),
        ("Cy Diaz", "fabrikam, inc."),
        ("Dee Ek", "Contoso"),
    ):
        add(app, name, tier=Tier.INNER, company=company)
        log(app, name, on=TODAY - timedelta(days=90))
    for offset in range(5):
        picked = plan.today(app, on=TODAY + timedelta(days=offset), n=3).to_json()["picks"]
        fabrikam = [p for p in picked if p["company"] != "Contoso"]
        assert len(fabrikam) == 1, picked
    saved = plan.today(app, n=2).to_json()
    plan.skip(app, 1, n=2).to_json()  # the replacement obeys the same rule
    after = [p["company"] for p in plan.today(app, n=2).to_json()["picks"]]
    assert sum(company != "Contoso" for company in after) <= 1, (saved, after)


def test_done_logs_the_kind_the_plan_suggested(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER, add_tags=("former-colleague",))
    log(app, "Ana", on=TODAY - timedelta(days=90))
    pick = plan.today(app).to_json()["picks"][0]
    assert pick["suggested_kind"] == "reference" and pick["done_kind"] == "reference"
    assert pick["suggestion"].startswith("recommend Ana: ")
    assert plan.done(app, 1).to_json()["kind"] == "reference"
    assert people.show_person(app, "Ana").timeline[0].direction == "deposit"


def test_a_mentor_is_thanked_for_advice_only_once_the_ledger_holds_some(app: Context) -> None:
    add(app, "Maya Chen", tier=Tier.INNER, add_tags=("mentors",))  # a contacts group label
    log(app, "Maya", on=TODAY - timedelta(days=90))
    before = plan.today(app, on=TODAY - timedelta(days=1)).to_json()["picks"][0]
    assert "advice" not in before["suggestion"] and before["suggested_kind"] != "thank-you"
    log(app, "Maya", action=Action.THEY_GAVE, kind="advice", on=TODAY - timedelta(days=60))
    after = plan.today(app).to_json()["picks"][0]
    assert after["suggestion"] == "tell Maya what came of their last advice"


def test_done_of_the_plain_deposit_logs_what_its_words_say(app: Context) -> None:
    add(app, "Raj Mehta", tier=Tier.INNER)
    log(app, "Raj", on=TODAY - timedelta(days=90))
    pick = plan.today(app).to_json()["picks"][0]
    assert pick["suggestion"] == "send Raj one useful article or resource for their work"
    assert pick["done_kind"] == "shared-article"  # the Today page's "I gave" preselects it
    assert plan.done(app, 1).to_json()["kind"] == "shared-article"
    assert people.show_person(app, "Raj").timeline[0].kind == "shared-article"


def test_a_done_pick_says_what_was_logged(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER, add_tags=("former-colleague",))
    log(app, "Ana", on=TODAY - timedelta(days=90))
    plan.done(app, 1, kind="intro-made")
    (pick,) = [p for p in plan.today(app).to_json()["picks"] if p["status"] == "done"]
    assert pick["done_kind"] == "intro-made"


def test_a_campaign_step_is_an_ask_with_the_guards_verdict(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER, discipline="product")
    add(app, "Bo Chen", tier=Tier.ACTIVE, discipline="product", company="Globex")
    log(app, "Ana", on=TODAY - timedelta(days=90))
    campaigns.new_campaign(app, "Next role")
    campaigns.enrol(app, "Next role", ("Ana",))
    pick = next(p for p in plan.today(app).to_json()["picks"] if p["person"]["name"] == "Ana Núñez")
    assert pick["suggested_kind"] == "campaign-ask"
    assert pick["ask"]["cold"] is True and pick["ask"]["kind"] == "asked-advice"
    assert pick["ask"]["deposit_first"] == {
        "kind": "intro-made",
        "text": "offer Ana an introduction to Bo Chen (product at Globex)",
    }
    # The digest says the same: an ask, cold, and the deposit to make first.
    mailed = render_text(digest.compose(app, TODAY))
    assert "   ask (cold): ask for thirty minutes for Next role" in mailed
    assert "   give first: offer Ana an introduction to Bo Chen (product at Globex)\n" in mailed
    assert "give: ask for" not in mailed
    log(app, "Ana", action=Action.GAVE, kind="intro-made", note="to Bo")
    warm = plan.today(app, on=TODAY + timedelta(days=8)).to_json()
    ana = next(p for p in warm["picks"] if p["person"]["name"] == "Ana Núñez")
    assert ana["ask"]["cold"] is False and ana["ask"]["deposit_first"] is None
    campaigns.move(app, "Next role", "Ana", Stage.ASKED)


def test_snooze_takes_a_date_and_refuses_one_in_the_past(app: Context) -> None:
    add(app, "Bo Chen")
    assert plan.snooze(app, "Bo", until=date(2026, 12, 20)).to_json()["until"] == "2026-12-20"
    with pytest.raises(BadInput, match="at least one day"):
        plan.snooze(app, "Bo", until=TODAY)


def test_a_campaign_step_is_recorded_by_its_move_not_by_done(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER, discipline="product")
    log(app, "Ana", on=TODAY - timedelta(days=90))
    # Banked enough with Ana for the campaign's ask to be warm (a cold one gives first).
    log(app, "Ana", action=Action.GAVE, kind="reference", on=TODAY - timedelta(days=89))
    campaigns.new_campaign(app, "Next role")
    campaigns.enrol(app, "Next role", ("Ana",))
    pick = next(p for p in plan.today(app).to_json()["picks"] if p["person"]["name"] == "Ana Núñez")
    assert pick["ask"]["cold"] is False
    assert pick["done_kind"] == "catch-up"  # what done --gave would log (the Today page's)
    with pytest.raises(BadInput, match='goodwill campaign move "Next role" "Ana Núñez" asked'):
        plan.done(app, pick["position"])
    assert len(people.show_person(app, "Ana").timeline) == 2  # nothing more was logged
    assert plan.done(app, pick["position"], kind="shared-article").to_json()["kind"] == (
        "shared-article"
    )
