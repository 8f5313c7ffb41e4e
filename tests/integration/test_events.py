"""Events: the people met there join the network and get a follow-up within two days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.domain.model import Tier
from goodwill.services import campaigns, events, ledger, people, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest, log
from goodwill.services.people import PersonChanges

EVENT_DAY = date(2026, 11, 20)


def test_an_event_adds_new_people_and_puts_a_follow_up_in_the_plan(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Sam Ortiz", tier=Tier.ACTIVE))
    people.add_person(app, PersonChanges(name="Lee Parker"))
    result = events.add_event(
        app, "PMI chapter meetup", on=EVENT_DAY, met=("Lee Park", "Sam Ortiz"), location="Stockholm"
    )
    assert [(p.name, p.new) for p in result.met] == [
        ("Lee Park", True),
        ("Sam Ortiz", False),
    ]
    lee = people.show_person(app, "Lee Park").to_json()
    assert (lee["tier"], lee["met_on"], lee["met_how"]) == (
        "acquaintance",
        "2026-11-20",
        "met at PMI chapter meetup",
    )
    assert lee["follow_up_on"] == "2026-11-21"
    on_the_day = {p["person"]["name"] for p in plan.today(app, on=EVENT_DAY).to_json()["picks"]}
    assert not on_the_day & {"Lee Park", "Sam Ortiz"}  # from the next day

    picks = plan.today(app, on=date(2026, 11, 21)).to_json()["picks"]
    assert {p["person"]["name"] for p in picks} == {"Lee Park", "Sam Ortiz"}
    assert all("a follow-up is due" in p["reasons"] for p in picks)
    drafts = {p["person"]["name"]: p["draft"] for p in picks}
    assert drafts["Lee Park"].count("Great to meet you at PMI chapter meetup!") == 1
    # Sam was known before the meetup: met again, not for the first time.
    assert drafts["Sam Ortiz"].count("Great to see you at PMI chapter meetup!") == 1

    log(
        app,
        LogRequest(
            people=("Lee Park",), action=Action.GAVE, kind="shared-article", on=date(2026, 11, 22)
        ),
    )
    listed = events.list_events(app)
    assert listed[0].name == "PMI chapter meetup" and listed[0].followed_up == 1
    assert {m.name: m.followed_up for m in listed[0].met} == {
        "Lee Park": True,
        "Sam Ortiz": False,
    }
    assert people.show_person(app, "Lee Park").follow_up_on is None


def _statuses(app: Context) -> dict[str, str]:
    return {p["person"]["name"]: p["status"] for p in plan.today(app).to_json()["picks"]}


def test_meeting_a_pick_at_an_event_today_does_the_pick(app: Context) -> None:
    """As a `log` with them does: the pick stays in the plan, done; undoing the event opens
    it again. Also after an `undo` of `done` on that pick."""
    for name in ("Ana", "Bo"):
        people.add_person(app, PersonChanges(name=name, tier=Tier.INNER))
        log(app, LogRequest(people=(name,), action=Action.TOUCH, on=app.today() - timedelta(60)))
    assert _statuses(app) == {"Ana": "open", "Bo": "open"}
    events.add_event(app, "Meetup", met=("Ana",))
    assert _statuses(app) == {"Ana": "done", "Bo": "open"}
    ledger.undo(app)
    assert _statuses(app) == {"Ana": "open", "Bo": "open"}
    ana = next(p for p in plan.today(app).to_json()["picks"] if p["person"]["name"] == "Ana")
    plan.done(app, ana["position"])
    ledger.undo(app)
    events.add_event(app, "Meetup", met=("Ana",))
    assert _statuses(app) == {"Ana": "done", "Bo": "open"}


def test_an_event_recorded_after_the_follow_up_asks_for_none(app: Context) -> None:
    """Recorded late: I already wrote to Sam after the meetup, so nothing is due for Sam;
    Lee, whom I have not written to, gets the follow-up."""
    people.add_person(app, PersonChanges(name="Sam Ortiz", tier=Tier.ACTIVE))
    people.add_person(app, PersonChanges(name="Lee Park"))
    log(app, LogRequest(people=("Sam Ortiz",), action=Action.TOUCH, on=date(2026, 11, 22)))
    events.add_event(app, "PMI chapter meetup", on=EVENT_DAY, met=("Lee Park", "Sam Ortiz"))
    assert people.show_person(app, "Sam Ortiz").follow_up_on is None
    assert people.show_person(app, "Lee Park").follow_up_on == "2026-11-21"
    listed = events.list_events(app)
    assert {m.name: m.followed_up for m in listed[0].met} == {"Lee Park": False, "Sam Ortiz": True}


def test_events_need_a_name_and_a_past_date(app: Context) -> None:
    with pytest.raises(BadInput, match="needs a name"):
        events.add_event(app, "  ", met=("Lee",))
    with pytest.raises(BadInput, match="in the future"):
        events.add_event(app, "Later", on=date(2027, 1, 1))
    assert events.list_events(app) == ()


def test_undo_of_an_event_removes_it_its_entries_and_the_people_it_added(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Zoë Adams", emails=("zoe@example.com",)))
    recorded = events.add_event(
        app, "Design meetup", on=EVENT_DAY, met=("Zoë Adams", "zoe@example.com", "Bob New")
    )
    # A name and an email of one person are one guest.
    assert [(p.name, p.new) for p in recorded.met] == [("Zoë Adams", False), ("Bob New", True)]

    undone = ledger.undo(app)
    assert (undone.removed, undone.removed_names, undone.kept) == (1, ("Bob New",), 0)
    assert events.list_events(app) == ()
    assert [p["name"] for p in people.list_people(app)] == ["Zoë Adams"]
    assert people.show_person(app, "Zoë Adams").timeline == ()

    # Recorded again, it is as the first time: one event, Bob new again.
    again = events.add_event(app, "Design meetup", on=EVENT_DAY, met=("Bob New",))
    assert [(p.name, p.new) for p in again.met] == [("Bob New", True)]
    assert [e.name for e in events.list_events(app)] == ["Design meetup"]


def test_undo_of_an_event_keeps_whom_it_added_once_they_have_more(app: Context) -> None:
    events.add_event(app, "Design meetup", on=EVENT_DAY, met=("Bob New", "Cy New"))
    campaigns.new_campaign(app, "Job search")
    campaigns.enrol(app, "Job search", ("Cy New",))  # no ledger write: nothing to undo
    undone = ledger.undo(app)
    assert (undone.undone, undone.removed_names, undone.kept_names) == (
        "event Design meetup",
        ("Bob New",),
        ("Cy New",),
    )
    assert [p["name"] for p in people.list_people(app)] == ["Cy New"]
    with pytest.raises(GoodwillError, match="nothing to undo"):
        ledger.undo(app)


def test_undo_of_what_came_after_an_event_brings_its_follow_up_back(app: Context) -> None:
    """An ask of mine the day after an event ends the event's follow-up; undoing the ask
    puts it back, as it was, so they are in the plan again."""
    events.add_event(app, "Design meetup", on=EVENT_DAY, met=("Bo New",))
    assert people.show_person(app, "Bo New").to_json()["follow_up_on"] == "2026-11-21"
    next_day = EVENT_DAY + timedelta(days=1)
    log(
        app,
        LogRequest(
            people=("Bo New",), action=Action.ASKED, kind="asked-advice", on=next_day, anyway=True
        ),
    )
    assert people.show_person(app, "Bo New").to_json()["follow_up_on"] is None
    ledger.undo(app, on=next_day)
    assert people.show_person(app, "Bo New").to_json()["follow_up_on"] == "2026-11-21"
    picks = plan.today(app, on=next_day).to_json()["picks"]
    assert "Bo New" in {p["person"]["name"] for p in picks}


def test_a_guest_taken_for_someone_known_by_another_spelling_says_so(app: Context) -> None:
    """A name in another script or spelling that is one of the network's (`known_as`) is
    that person; the event says which name it was taken for, so a wrong match shows."""
    people.add_person(app, PersonChanges(name="Ольга Смирнова", company="Яндекс"))
    people.add_person(app, PersonChanges(name="Ana Núñez", emails=("ana@example.org",)))
    result = events.add_event(
        app,
        "Data Summit",
        on=EVENT_DAY,
        met=("Olga Smirnova", "Ana Núñez", "ana@example.org", "Cy Ito"),
    )
    assert [(p.name, p.new, p.taken_for) for p in result.met] == [
        ("Ольга Смирнова", False, "Olga Smirnova"),
        ("Ana Núñez", False, None),  # her name as it is, then her email: the same person
        ("Cy Ito", True, None),
    ]
