"""Campaigns: the pipeline, the ledger it writes, and asks that go unanswered."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goodwill.domain.campaign import Stage
from goodwill.domain.errors import BadInput, ColdAsk, NotFound
from goodwill.services import campaigns, ledger, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges


def test_a_campaign_moves_people_along_and_writes_the_ledger(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Ana Núñez", company="Acme"))
    people.add_person(app, PersonChanges(name="Bo Chen"))
    campaigns.new_campaign(app, "Next role", goal=2)
    campaigns.enrol(app, "Next role", ("Ana", "Bo Chen"))
    with pytest.raises(BadInput, match="already in 'Next role'"):
        campaigns.enrol(app, "Next role", ("Ana",))

    # Nothing given to Ana yet: the guard refuses the ask and names a deposit to make first.
    with pytest.raises(ColdAsk, match=r"cold ask to Ana Núñez: .*; make a deposit first: "):
        campaigns.move(app, "Next role", "Ana", Stage.ASKED)
    view = campaigns.show(app, "Next role")
    assert view.counts["to-ask"] == 2
    # The pipeline says so too, as the plan does: give first, and the draft is that give.
    ana = next(row for row in view.people if row.name == "Ana Núñez")
    assert ana.cold and ana.next.startswith("give first: send Ana one useful article")
    assert ana.next.endswith("(the ask would be cold: credit 0.0, needs 1.0)")
    assert ana.draft is not None and "thirty minutes" not in ana.draft
    ledger.log(app, LogRequest(people=("Ana",), action=Action.GAVE, kind="shared-article"))
    ana = next(row for row in campaigns.show(app, "Next role").people if row.name == "Ana Núñez")
    assert not ana.cold and ana.draft is not None and "thirty minutes" in ana.draft
    assert campaigns.move(app, "Next role", "Ana", Stage.ASKED).logged == "asked-advice"
    with pytest.raises(BadInput, match="cannot go from asked to thanked"):
        campaigns.move(app, "Next role", "Ana", Stage.THANKED)
    campaigns.move(app, "Next role", "Ana", Stage.DONE, note="30 minutes on her path")
    campaigns.move(app, "Next role", "Ana", Stage.THANKED)
    timeline = [e.kind for e in people.show_person(app, "Ana").timeline]
    assert timeline == ["thank-you", "catch-up", "asked-advice", "shared-article"]

    view = campaigns.show(app, "Next role")
    assert view.progress == 0.5 and view.counts["thanked"] == 1
    bo = next(row for row in view.people if row.name == "Bo Chen")
    assert bo.stage == "to-ask" and bo.cold and bo.next.startswith("give first: ")
    assert [c.to_json() for c in campaigns.list_campaigns(app)] == [
        {"name": "Next role", "goal": 2, "people": 2, "progress": 0.5, "no_reply": 0}
    ]


def test_undo_of_a_campaign_ask_puts_the_stage_back(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Ana Núñez"))
    campaigns.new_campaign(app, "Next role", goal=1)
    campaigns.enrol(app, "Next role", ("Ana",))
    ledger.log(app, LogRequest(people=("Ana",), action=Action.GAVE, kind="shared-article"))
    campaigns.move(app, "Next role", "Ana", Stage.ASKED)
    assert ledger.undo(app).undone == "campaign Next role: Ana Núñez asked"
    [ana] = campaigns.show(app, "Next role").people
    assert ana.stage == "to-ask"
    assert [e.kind for e in people.show_person(app, "Ana").timeline] == ["shared-article"]
    # Asked again and undone again: each undo takes back its own move only.
    campaigns.move(app, "Next role", "Ana", Stage.ASKED)
    campaigns.move(app, "Next role", "Ana", Stage.DONE)
    ledger.undo(app)
    assert campaigns.show(app, "Next role").people[0].stage == "asked"


def test_an_unanswered_ask_reads_as_no_reply_after_the_campaigns_days(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Bo Chen"))
    campaigns.new_campaign(app, "Pivot", no_reply_days=7)
    campaigns.enrol(app, "Pivot", ("Bo Chen",))
    campaigns.move(app, "Pivot", "Bo", Stage.ASKED, anyway=True)
    assert campaigns.show(app, "Pivot").people[0].stage == "asked"
    assert campaigns.show(app, "Pivot", on=date(2026, 12, 1)).people[0].stage == "no-reply"
    app.clock = lambda: datetime(2026, 12, 2, 9, 0)
    campaigns.move(app, "Pivot", "Bo", Stage.MOVED_ON)
    assert campaigns.show(app, "Pivot").counts["moved-on"] == 1


def test_unknown_campaigns_and_duplicates_are_one_line_errors(app: Context) -> None:
    with pytest.raises(NotFound, match="no campaign named 'Nope'"):
        campaigns.show(app, "Nope")
    campaigns.new_campaign(app, "Next role")
    with pytest.raises(BadInput, match="already exists"):
        campaigns.new_campaign(app, "  Next   role ")


def test_a_campaign_is_found_by_part_of_its_name(app: Context) -> None:
    campaigns.new_campaign(app, "Move into climate tech")
    assert campaigns.show(app, "CLIMATE").campaign == "Move into climate tech"
    campaigns.new_campaign(app, "Climate investors")
    with pytest.raises(NotFound) as several:
        campaigns.show(app, "climate")
    assert str(several.value) == (
        "'climate' is in the names of several campaigns: Climate investors; Move into climate tech"
    )
    assert campaigns.show(app, "climate tech").campaign == "Move into climate tech"


def test_campaign_steps_appear_in_the_daily_plan(app: Context) -> None:
    from goodwill.services import plan

    people.add_person(app, PersonChanges(name="Ana Núñez", company="Acme"))
    campaigns.new_campaign(app, "Next role")
    campaigns.enrol(app, "Next role", ("Ana",))
    pick = plan.today(app).to_json()["picks"][0]
    assert pick["person"]["name"] == "Ana Núñez"
    assert "campaign Next role: ask them" in pick["reasons"]
    assert pick["suggested_kind"] == "campaign-ask"
    # Nothing banked with Ana: the plan says give first, and so does the draft.
    assert pick["ask"]["cold"] is True and pick["ask"]["deposit_first"] is not None
    assert "thirty minutes" not in pick["draft"]
    ledger.log(app, LogRequest(people=("Ana",), action=Action.GAVE, kind="reference"))
    pick = plan.today(app).to_json()["picks"][0]
    assert pick["ask"]["cold"] is False and pick["ask"]["deposit_first"] is None
    assert "your path at Acme" in pick["draft"] and "thirty minutes" in pick["draft"]


def test_a_cold_campaign_asks_deposit_is_fitted_to_the_last_exchange(app: Context) -> None:
    from goodwill.services import events, plan

    people.add_person(app, PersonChanges(name="Sam Ortiz"))
    events.add_event(app, "Product Leaders dinner", met=("Sam Ortiz",))
    campaigns.new_campaign(app, "Next role")
    campaigns.enrol(app, "Next role", ("Sam",))
    pick = plan.today(app).to_json()["picks"][0]
    assert pick["ask"]["cold"] is True
    # Meeting them is not a question of theirs to answer.
    assert "your question" not in pick["draft"]
    assert pick["ask"]["deposit_first"]["text"].startswith("share something that builds on")
    # The pipeline proposes the same give, with the same draft.
    [sam] = campaigns.show(app, "Next role").people
    assert sam.next.startswith(f"give first: {pick['ask']['deposit_first']['text']} (")
    assert sam.draft == pick["draft"]


def test_done_on_a_cold_campaign_ask_logs_the_deposit_and_keeps_them_to_ask(
    app: Context,
) -> None:
    from goodwill.services import plan

    people.add_person(app, PersonChanges(name="Dana Diaz", company="Acme"))
    campaigns.new_campaign(app, "Next role")
    campaigns.enrol(app, "Next role", ("Dana",))
    pick = plan.today(app).to_json()["picks"][0]
    deposit = pick["ask"]["deposit_first"]
    # Done gives first; the step (the ask, through the guard) stays on offer beside it.
    assert pick["done_kind"] == deposit["kind"] and pick["campaign"]["move_to"] == "asked"
    done = plan.done(app, 1).to_json()
    assert done["kind"] == deposit["kind"]
    assert campaigns.show(app, "Next role").people[0].stage == "to-ask"
