"""The use cases end to end on a real database: SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as time_of_day

import pytest

from goodwill.domain import limits
from goodwill.domain.errors import Ambiguous, BadInput, GoodwillError, NotFound, TooShort
from goodwill.domain.model import Channel, Tier
from goodwill.services import ask, health, ledger, people, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.store.database import WRITE_LOCK
from shapes import PERSON_KEYS

#: My own address, as the config names it.
ME = "alex.morgan@example.com"

TODAY = date(2026, 11, 24)


def add(app: Context, name: str, **changes: object) -> int:
    return people.add_person(app, PersonChanges(name=name, **changes)).id  # type: ignore[arg-type]


def log(app: Context, *names: str, action: Action = Action.TOUCH, **extra: object) -> ledger.Logged:
    return ledger.log(app, LogRequest(people=names, action=action, **extra))  # type: ignore[arg-type]


def credit_anchors(app: Context) -> dict[int, float]:
    with app.db.read() as uow:
        return {
            person.id: person.state.credit_anchor
            for person in uow.people.get_many([pid for pid, _n, _c in uow.people.names()])
        }


def test_add_and_show_a_person_with_every_field(app: Context) -> None:
    bo = add(app, "Bo Chen", company="Globex")
    add(
        app,
        "Ana María Núñez",
        emails=("Ana@Example.org",),
        company="Acme",
        title="VP Product",
        discipline="product",
        tier=Tier.INNER,
        add_tags=("Mentor",),
        met_via="Bo Chen",
        note="met at PMI meetup",
    )
    view = people.show_person(app, "ana@example.org").to_json()
    assert view["name"] == "Ana María Núñez"
    assert view["emails"] == ["ana@example.org"]
    assert view["tags"] == ["mentor"]
    assert view["met_via"] == {"id": bo, "name": "Bo Chen"}
    assert view["cadence_days"] == 30
    assert view["timeline"] == []
    assert set(view) >= PERSON_KEYS


def test_tags_given_whole_replace_the_list_in_one_edit(app: Context) -> None:
    people.add_person(app, PersonChanges(name="Ada Lovelace", add_tags=("math", "poetry")))
    edited = people.edit_person(app, "Ada", PersonChanges(tags=("Math", "engines", "math ")))
    assert edited.tags == ("engines", "math")  # as a form sends them: cased, repeated
    assert people.edit_person(app, "Ada", PersonChanges(tags=())).tags == ()
    kept = people.edit_person(app, "Ada", PersonChanges(add_tags=("mentor",), title="Countess"))
    assert kept.tags == ("mentor",) and kept.title == "Countess"
    with pytest.raises(BadInput, match="tag"):
        people.edit_person(app, "Ada", PersonChanges(tags=("x" * (limits.TAG + 1),)))
    assert people.show_person(app, "Ada").tags == ("mentor",)


def test_names_resolve_by_accentless_prefix_and_fuzzy_spelling(app: Context) -> None:
    ana = add(app, "Ana María Núñez")
    add(app, "Bo Chen")
    assert people.show_person(app, "ana maria").id == ana
    assert people.show_person(app, "Ana Maria Nunez").id == ana
    assert people.show_person(app, "Ana Mraia Nunez").id == ana
    assert people.show_person(app, f"#{ana}").id == ana


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Мария Иванова", "Maria Ivanova"),  # fuzzy: "mariya" as romanised
        ("Мария Иванова", "Ivanova"),
        ("Сергей Фёдоров", "sergey fedorov"),
        ("Олександр Шевченко", "Oleksandr"),
        ("Ђорђе Јовановић", "Djordje Jovanovic"),
        ("Γιώργος Παπαδόπουλος", "Papadopoulos"),
        ("Ευάγγελος Βενιζέλος", "Evangelos"),
        ("Мария Иванова", "Мария"),  # and by its own script still
        ("Фёдор Смирнов", "Fyodor"),
        ("Фёдор Смирнов", "Fedor Smirnov"),  # fuzzy: "fyodor" as romanised
        ("Μπάμπης Κωστής", "Babis Kostis"),  # fuzzy: "bambis"
        ("Ντίνος Ζάχος", "Dinos"),
        ("Γκίκας Λάμπρου", "Gikas"),
        ("Ѓорѓи Ќосевски", "Gjorgji"),
        ("Đorđe Petrović", "Djordje"),
        ("Đorđe Petrović", "Ђорђе"),
        ("Đặng Văn Lâm", "Dang"),
    ],
)
def test_a_cyrillic_or_greek_name_is_found_as_typed_in_latin_letters(
    app: Context, name: str, typed: str
) -> None:
    """On a Latin keyboard, a name in Cyrillic or Greek is typed as it is romanised."""
    person = add(app, name)
    add(app, "Marek Ivens")  # close, but another person
    add(app, "Yevgenia Papadopoulou")
    assert people.show_person(app, typed).id == person


def test_a_name_of_two_letters_shows_someone_but_changes_nobody(app: Context) -> None:
    """`show an` finds Ana; `log an` and `edit an` are refused, naming her, and write
    nothing; three letters still change her, and a whole short name part anyone."""
    ana = add(app, "Ana Ruiz", company="Fabrikam")
    bo = add(app, "Bo Chen")
    assert people.show_person(app, "an").id == ana
    refusals = (
        lambda: log(app, "an", on=date(2026, 11, 2)),
        lambda: log(app, "Bo", "An", on=date(2026, 11, 2)),
        lambda: people.edit_person(app, "an", PersonChanges(title="CFO")),
        lambda: plan.snooze(app, "an", span_days=7, on=date(2026, 11, 2)),
        lambda: people.edit_person(app, "Bo", PersonChanges(met_via="an")),
    )
    for refused in refusals:
        with pytest.raises(TooShort, match=r"be more specific.*#\d+ Ana Ruiz \(Fabrikam\)"):
            refused()
    shown = people.show_person(app, "Ana")
    assert (shown.last_contact, shown.title, shown.snoozed_until) == (None, None, None)
    assert people.show_person(app, "Bo").last_contact is None
    assert people.show_person(app, "Bo").met_via_id is None
    # Letters of her name in another order are not taken for her either.
    with pytest.raises(NotFound, match="no one matches 'na'; did you mean: Ana Ruiz"):
        log(app, "na", on=date(2026, 11, 2))
    assert log(app, "ana", on=date(2026, 11, 2)).people[0].id == ana
    assert log(app, "bo", on=date(2026, 11, 2)).people[0].id == bo  # his whole first name
    wu = add(app, "Mei Wu")
    assert log(app, "wu", on=date(2026, 11, 2)).people[0].id == wu  # her whole family name


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Щукин Иван", "Щ"), ("Жанна Ли", "Жа"), ("Θεόδωρος Ζήσης", "Θε"), ("Æsa Lund", "Æs")],
)
def test_one_or_two_letters_change_nobody_however_long_their_romanisation(
    app: Context, name: str, typed: str
) -> None:
    """Letters are counted as typed: "Щ" (spelled "shch") and "Жа" ("zha") are as short
    as "an", so `log Щ` is refused and writes nothing; `show Щ` still finds him."""
    person = add(app, name)
    assert people.show_person(app, typed).id == person
    with pytest.raises(TooShort, match=f"#{person} {name}"):
        log(app, typed, on=date(2026, 11, 2))
    with pytest.raises(TooShort):
        people.edit_person(app, typed, PersonChanges(title="CFO"))
    assert people.show_person(app, name).last_contact is None
    assert log(app, name[:3], on=date(2026, 11, 2)).people[0].id == person


def test_a_name_with_no_letters_to_look_up_names_nobody(app: Context) -> None:
    """ "ъ" and "ь" fold to nothing: such a query is refused, never taken as the prefix of
    every name, and two such names are not one person."""
    ana = add(app, "Ana Ruiz")
    soft = add(app, "ь")
    hard = add(app, "Ъ ь")  # not "ь already exists": neither has a key to compare
    assert soft != hard
    for query in ("ъ", "ъъъъъъ", "ь"):
        with pytest.raises(NotFound, match=f"'{query}' has no letters to look up"):
            people.show_person(app, query)
        with pytest.raises(NotFound, match="has no letters to look up"):
            log(app, query, on=date(2026, 11, 2))
    assert people.show_person(app, f"#{hard}").name == "Ъ ь"
    assert people.show_person(app, "ana").id == ana
    assert people.show_person(app, "Ana Ruiz").last_contact is None


def test_an_ambiguous_name_lists_the_candidates(app: Context) -> None:
    add(app, "Sam Ortiz", company="Acme")
    add(app, "Sam Okafor", company="Initech")
    with pytest.raises(Ambiguous) as raised:
        people.show_person(app, "Sam")
    assert "Sam Ortiz (Acme)" in str(raised.value) and "Sam Okafor (Initech)" in str(raised.value)
    with pytest.raises(NotFound, match="no one matches 'Zed Q'"):
        people.show_person(app, "Zed Q")


def test_a_name_not_found_offers_only_names_near_it(app: Context) -> None:
    for name in ("Maya Goldberg", "Tobi Oyelaran", "Fatima Zahra", "Raj Malhotra"):
        add(app, name)
    with pytest.raises(NotFound) as misspelt:
        people.show_person(app, "Goldburg")
    assert str(misspelt.value) == "no one matches 'Goldburg'; did you mean: Maya Goldberg?"
    with pytest.raises(NotFound) as unknown:
        people.show_person(app, "Nobody")  # "obi" in Tobi is no reason to offer him
    assert str(unknown.value) == "no one matches 'Nobody'"
    with pytest.raises(NotFound) as rahj:
        people.show_person(app, "Rahj")
    assert "Raj Malhotra" in str(rahj.value) and "Fatima" not in str(rahj.value)


def test_letters_inside_another_word_name_nobody(app: Context) -> None:
    add(app, "Aiko Tanaka")
    for query in ("Ana", "naka"):
        with pytest.raises(NotFound, match=f"no one matches '{query}'; did you mean: Aiko"):
            people.edit_person(app, query, PersonChanges(tier=Tier.INNER))
        with pytest.raises(NotFound):
            people.show_person(app, query)
    assert people.show_person(app, "Aiko").tier == "active"  # as added: untouched


def test_an_email_belongs_to_one_person(app: Context) -> None:
    add(app, "Ana", emails=("ana@example.org",))
    with pytest.raises(BadInput, match="already belongs"):
        add(app, "Other Ana", emails=("ANA@example.org",))
    with pytest.raises(BadInput, match="bad email"):
        add(app, "Nobody", emails=("not-an-email",))
    assert len(people.list_people(app)) == 1


def test_a_typed_phone_must_be_one(app: Context) -> None:
    for typed in ("12", "call me", "555-HELP"):
        with pytest.raises(BadInput, match=f"bad phone '{typed}': a phone number has") as bad:
            add(app, "Nobody", phones=(typed,))
        assert bad.value.field == "phones"
    assert people.list_people(app) == []
    # An extension is part of a number, and a local number without a code is kept as typed.
    ana = add(app, "Ana", phones=("+1 206 555 0199 ext. 12", "12345"))
    assert people.show_person(app, f"#{ana}").phones == ("+12065550199", "12345")


def test_a_birthday_or_a_first_meeting_to_come_is_refused(app: Context) -> None:
    later = app.real_today() + timedelta(days=1)
    with pytest.raises(BadInput, match=f"birthday: {later.isoformat()} is in the future") as bad:
        add(app, "Ana", birthday=later)
    assert bad.value.field == "birthday" and people.list_people(app) == []
    add(app, "Ana", birthday=date(1990, 5, 5))
    with pytest.raises(BadInput, match=r"met on: .* is in the future") as bad:
        people.edit_person(app, "Ana", PersonChanges(met_on=later))
    assert bad.value.field == "met_on"


def test_logging_updates_derived_state_and_undo_reverts_it(app: Context) -> None:
    ana = add(app, "Ana", tier=Tier.INNER)
    add(app, "Bo")
    log(app, "Ana", "Bo", channel=Channel.COFFEE, on=date(2026, 11, 1))
    log(
        app,
        "Ana",
        action=Action.GAVE,
        kind="shared-article",
        note="pricing paper",
        on=date(2026, 11, 20),
    )
    view = people.show_person(app, f"#{ana}").to_json()
    assert view["last_touch"] == "2026-11-20"
    assert view["next_due"] == "2026-12-20"
    assert [e["kind"] for e in view["timeline"]] == ["shared-article", "catch-up"]
    assert view["timeline"][0]["note"] == "pricing paper"
    assert people.show_person(app, "Bo").last_touch == "2026-11-01"

    undone = ledger.undo(app)
    assert "shared-article" in undone.undone
    view = people.show_person(app, f"#{ana}").to_json()
    assert view["last_touch"] == "2026-11-01"
    assert [e["kind"] for e in view["timeline"]] == ["catch-up"]
    ledger.undo(app)
    with pytest.raises(GoodwillError, match="nothing to undo"):
        ledger.undo(app)
    assert people.show_person(app, "Bo").last_touch is None


def test_a_touch_from_them_does_not_reset_the_clock_but_a_coffee_does(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER)
    log(app, "Ana", them=True, channel=Channel.EMAIL, on=date(2026, 11, 10))
    assert people.show_person(app, "Ana").last_touch is None
    log(app, "Ana", them=True, channel=Channel.COFFEE, on=date(2026, 11, 12))
    assert people.show_person(app, "Ana").last_touch == "2026-11-12"


def test_balance_explains_every_point(app: Context) -> None:
    add(app, "Ana")
    log(app, "Ana", action=Action.GAVE, kind="intro-made", on=TODAY - timedelta(days=365))
    log(app, "Ana", action=Action.ASKED, kind="advice", on=TODAY)
    result = ledger.balance(app, "Ana")
    assert [line.points for line in result.lines] == [-2.0, 2.5]
    assert result.balance == 0.5
    assert people.show_person(app, "Ana").balance == 0.5


def test_a_backdated_entry_refolds_the_person(app: Context) -> None:
    add(app, "Ana")
    log(app, "Ana", on=date(2026, 11, 20))
    log(app, "Ana", action=Action.THEY_ASKED, kind="advice", on=date(2026, 1, 5))
    view = people.show_person(app, "Ana").to_json()
    assert view["last_touch"] == "2026-11-20"
    assert view["counts"]["their_asks"] == 1


def test_due_lists_overdue_people_most_overdue_first(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER)
    add(app, "Bo", tier=Tier.INNER)
    add(app, "Cy", tier=Tier.ARCHIVED)
    log(app, "Ana", on=TODAY - timedelta(days=100))
    log(app, "Bo", on=TODAY - timedelta(days=40))
    log(app, "Cy", on=TODAY - timedelta(days=900))
    result = people.list_overdue(app)
    assert [(r.person.name, r.days_overdue) for r in result.people] == [
        ("Ana", 70),
        ("Bo", 10),
    ]


def test_today_picks_the_overdue_with_reasons_a_suggestion_and_a_draft(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER, add_tags=("mentor",), company="Acme")
    add(app, "Bo Chen", discipline="engineering", company="Globex")
    add(app, "Cy Archived", tier=Tier.ARCHIVED)
    add(app, "Di Recent", tier=Tier.INNER)
    log(app, "Ana", on=TODAY - timedelta(days=45), note="her move to Series B")
    log(app, "Bo Chen", on=TODAY - timedelta(days=200))
    log(app, "Di Recent", on=TODAY - timedelta(days=2))
    result = plan.today(app, n=3).to_json()
    names = [p["person"]["name"] for p in result["picks"]]
    # Half a cadence overdue on a 30-day tie outranks 18 days over on a 182-day one.
    assert names == ["Ana Núñez", "Bo Chen"]
    ana = result["picks"][0]
    assert "overdue by 15 days (every 30 days)" in ana["reasons"]
    # A mentor with no advice on record: a deposit on the last exchange, not a thank-you.
    assert ana["suggestion"] == (
        "share something that builds on your last exchange (her move to Series B)"
    )
    assert ana["draft"].startswith("Hi Ana,")
    assert result["streak"] == 0
    assert plan.today(app, n=3).to_json() == result  # stable within the day


def test_done_logs_the_pick_and_completes_the_day(app: Context) -> None:
    for name in ("Ana", "Bo", "Cy"):
        add(app, name, tier=Tier.INNER)
        log(app, name, on=TODAY - timedelta(days=60))
    first = plan.today(app).to_json()
    assert len(first["picks"]) == 2
    done = plan.done(app, 1, kind="shared-article").to_json()
    assert not done["day_complete"]
    after = plan.today(app).to_json()
    assert [p["person"] for p in after["picks"]] == [p["person"] for p in first["picks"]]
    assert after["picks"][0]["status"] == "done"
    assert people.show_person(app, f"#{done['person']['id']}").timeline[0].kind == "shared-article"
    assert plan.done(app, 2).to_json()["day_complete"]
    assert plan.today(app).to_json()["streak"] == 1
    with pytest.raises(BadInput, match="already done"):
        plan.done(app, 2)
    with pytest.raises(BadInput, match="already done"):
        plan.skip(app, 2)
    ledger.undo(app)
    assert plan.today(app).to_json()["streak"] == 0
    assert plan.today(app).to_json()["picks"][1]["status"] == "open"


def _on(app: Context, day: date) -> Context:
    """The app as it runs on `day`: that is the day it really is."""
    return dataclasses.replace(app, clock=lambda: datetime.combine(day, time_of_day(9)))


def test_a_day_with_nothing_to_do_does_not_break_the_streak(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER)
    log(app, "Ana", on=TODAY - timedelta(days=60))
    assert plan.done(app, 1, on=TODAY - timedelta(days=3)).to_json()["day_complete"]
    # Ana was just reached: the next days' plans have nobody in them.
    shown = plan.today(_on(app, TODAY - timedelta(days=2))).to_json()
    assert (shown["picks"], shown["streak"]) == ([], 1)
    # A day nobody looked at is not known to have had nothing to do: a gap.
    assert health.health(app).streak == 0
    shown = plan.today(_on(app, TODAY - timedelta(days=1))).to_json()
    assert (shown["picks"], shown["streak"]) == ([], 1)
    assert plan.today(app).to_json()["streak"] == health.health(app).streak == 1
    # Someone added later the same day is in the plan all the same.
    add(app, "Bo", tier=Tier.INNER)
    assert [p["person"]["name"] for p in plan.today(app).to_json()["picks"]] == ["Bo"]


def test_looking_back_at_a_missed_day_does_not_mend_the_streak(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER)
    log(app, "Ana", on=TODAY - timedelta(days=60))
    assert plan.done(app, 1, on=TODAY - timedelta(days=2)).to_json()["day_complete"]
    assert plan.today(app).to_json()["streak"] == 0  # yesterday was missed
    # Seen now, yesterday has nobody due (Ana was reached), but nobody saw it then.
    assert plan.today(app, on=TODAY - timedelta(days=1)).to_json()["picks"] == []
    assert plan.today(app).to_json()["streak"] == health.health(app).streak == 0


def test_removing_the_only_person_of_a_missed_day_does_not_mend_the_streak(
    app: Context,
) -> None:
    add(app, "Ana", tier=Tier.INNER)
    bo = add(app, "Bo", tier=Tier.INNER)
    add(app, "Cy", tier=Tier.ARCHIVED)
    log(app, "Ana", on=TODAY - timedelta(days=90))
    log(app, "Bo", on=TODAY - timedelta(days=60))
    assert plan.done(app, 1, on=TODAY - timedelta(days=2), n=1).to_json()["day_complete"]
    # Yesterday's plan, kept with Bo in it (the snooze keeps it), was never done.
    plan.snooze(app, "Cy", 3, on=TODAY - timedelta(days=1), n=1)
    picked = plan.today(app, on=TODAY - timedelta(days=1), n=1).to_json()["picks"]
    assert [(p["person"]["name"], p["status"]) for p in picked] == [("Bo", "open")]
    assert plan.today(app, n=1).to_json()["streak"] == 0
    people.remove_person(app, bo)
    assert plan.today(app, n=1).to_json()["streak"] == health.health(app).streak == 0


@contextlib.contextmanager
def _another_writer(app: Context) -> Iterator[None]:
    """The database's write lock, held by another connection for the block."""
    if app.db.file is not None:
        holder = sqlite3.connect(app.db.file, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    with app.db.engine().connect() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({WRITE_LOCK}, 0)")
        try:
            yield
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({WRITE_LOCK}, 0)")
            connection.commit()


def test_a_view_never_waits_for_another_writer(app: Context) -> None:
    with _another_writer(app):  # an import in another terminal
        started = time.monotonic()
        assert plan.today(app).to_json()["picks"] == []
        assert time.monotonic() - started < 5  # the busy timeout is 10 s, the wait 120
    with app.db.read() as uow:
        assert uow.plans.picks(TODAY) is None  # not kept: a later view keeps it
    plan.today(app)
    with app.db.read() as uow:
        assert uow.plans.picks(TODAY) == []


def test_skip_and_snooze_replace_a_pick(app: Context) -> None:
    for name in ("Ana", "Bo", "Cy", "Di"):
        add(app, name, tier=Tier.INNER)
        log(app, name, on=TODAY - timedelta(days=60))
    first = [p["person"]["name"] for p in plan.today(app).to_json()["picks"]]
    skipped = plan.skip(app, 1).to_json()
    assert skipped["replacement"]["position"] == 3
    now = [p["person"]["name"] for p in plan.today(app).to_json()["picks"]]
    assert first[0] not in now and first[1] in now and len(now) == 2
    snoozed = plan.snooze(app, first[1], 14).to_json()
    assert snoozed["until"] == "2026-12-08"
    assert snoozed["replacement"] is not None
    later = [p["person"]["name"] for p in plan.today(app).to_json()["picks"]]
    assert first[1] not in later
    assert first[1] not in [
        p["person"]["name"]
        for p in plan.today(app, on=TODAY + timedelta(days=3)).to_json()["picks"]
    ]
    with pytest.raises(BadInput, match="no pick 9"):
        plan.skip(app, 9)


def test_the_ask_guard_warns_about_cold_asks_and_records_on_request(app: Context) -> None:
    add(app, "Ana", discipline="product")
    log(app, "Ana", action=Action.GAVE, kind="shared-article", on=TODAY - timedelta(days=400))
    cold = ask.ask(app, "Ana", purpose="intro to their CFO")
    assert cold.cold is True
    assert "Make a deposit first" in cold.advice
    assert cold.advice.endswith(".") and not cold.advice.endswith("..")
    assert cold.last_deposits[0].kind == "shared-article"
    add(app, "Bo", company="Contoso, Ltd.")  # a suggestion that ends with the company
    assert not ask.ask(app, "Bo", purpose="intro to their CFO").advice.endswith("..")
    assert not people.show_person(app, "Ana").counts.withdrawals
    log(app, "Ana", action=Action.GAVE, kind="intro-made", on=TODAY - timedelta(days=10))
    warm = ask.ask(app, "Ana", purpose="intro to their CFO", kind="intro", record_it=True)
    assert warm.cold is False and warm.recorded is True
    assert people.show_person(app, "Ana").timeline[0].kind == "asked-intro"


def test_a_cold_ask_proposes_answering_their_open_request_first(app: Context) -> None:
    add(app, "Maya Chen", discipline="product")
    log(app, "Maya", action=Action.THEY_ASKED, kind="intro", on=TODAY - timedelta(days=4))
    log(
        app,
        "Maya",
        action=Action.THEY_ASKED,
        kind="advice",
        note="feedback on her deck",
        on=TODAY - timedelta(days=3),
    )
    cold = ask.ask(app, "Maya", purpose="a job referral")
    day = (TODAY - timedelta(days=3)).isoformat()
    said = f"answer Maya's open request of {day}: feedback on her deck"
    assert cold.suggested_deposit.text == said and cold.advice.endswith(f"first: {said}.")
    log(app, "Maya", action=Action.GAVE, kind="advice", on=TODAY - timedelta(days=1))
    answered = ask.ask(app, "Maya", purpose="a job referral").suggested_deposit.text
    assert "open request" not in answered


def test_health_summarises_the_network(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER, discipline="product")
    add(app, "Bo", discipline="engineering")
    add(app, "Cy", tier=Tier.ACQUAINTANCE, discipline="product")
    add(app, "Di", tier=Tier.ARCHIVED)
    log(app, "Ana", action=Action.GAVE, kind="advice-given", on=TODAY - timedelta(days=5))
    log(app, "Bo", action=Action.ASKED, kind="job", on=TODAY - timedelta(days=300), anyway=True)
    log(app, "Cy", on=TODAY - timedelta(days=500))
    report = health.health(app)
    assert report.people == 4
    assert report.by_tier == {"inner": 1, "active": 1, "acquaintance": 1, "archived": 1}
    assert report.coverage == 0.5
    # Gives per ask are the last four weeks', as the Health page shows them: the ask of
    # 300 days ago is long past.
    assert (report.give_ask_ratio, report.gives_per_ask.gives, report.gives_per_ask.asks) == (
        None,
        1,
        0,
    )
    assert (report.deposits, report.withdrawals) == (1, 1)  # on record, all time
    assert report.dormant == 1
    assert report.disciplines == {"product": 2, "engineering": 1}
    assert report.new_people == 4
    assert report.capacity.over is False


def test_reindex_agrees_with_the_state_kept_on_every_write(app: Context) -> None:
    import random

    rng = random.Random(3)
    names = [f"Person {i}" for i in range(8)]
    for name in names:
        add(app, name, tier=rng.choice([Tier.INNER, Tier.ACTIVE, Tier.ACQUAINTANCE]))
    actions = [Action.GAVE, Action.ASKED, Action.TOUCH, Action.THEY_GAVE, Action.THEY_ASKED]
    kinds = {
        Action.GAVE: "helped",
        Action.ASKED: "advice",
        Action.THEY_GAVE: "reference",
        Action.THEY_ASKED: "job",
    }
    for _ in range(60):
        action = rng.choice(actions)
        who = rng.sample(names, rng.choice([1, 1, 2]))
        log(
            app,
            *who,
            action=action,
            kind=kinds.get(action),
            them=rng.random() < 0.3,
            channel=rng.choice(list(Channel)),
            on=TODAY - timedelta(days=rng.randrange(0, 900)),
            anyway=True,
        )
    before = {p["id"]: p for p in people.list_people(app)}
    details = {pid: people.show_person(app, f"#{pid}").to_json() for pid in before}
    credit = credit_anchors(app)
    assert any(anchor != 0 for anchor in credit.values())
    ledger.reindex(app)
    assert credit_anchors(app) == pytest.approx(credit, rel=1e-9)
    after = {p["id"]: p for p in people.list_people(app)}
    for pid, person in before.items():
        assert after[pid]["balance"] == pytest.approx(person["balance"], abs=0.01)
        assert after[pid] == {**person, "balance": after[pid]["balance"]}
        again = people.show_person(app, f"#{pid}").to_json()
        assert again["counts"] == details[pid]["counts"]
        assert again["reciprocity"] == details[pid]["reciprocity"]


def test_removing_a_person_removes_their_private_history(app: Context) -> None:
    add(app, "Ana")
    add(app, "Bo")
    log(app, "Ana", note="private to Ana")
    log(app, "Ana", "Bo", note="shared")
    ana = people.find_person(app, "Ana").id
    people.remove_person(app, ana)
    assert [p["name"] for p in people.list_people(app)] == ["Bo"]
    assert [e.note for e in people.show_person(app, "Bo").timeline] == ["shared"]


def test_acting_on_one_person_never_renumbers_the_others(app: Context) -> None:
    for name in ("Ana", "Bo", "Cy", "Di", "Ed"):
        add(app, name, tier=Tier.INNER)
        log(app, name, on=TODAY - timedelta(days=60))
    first = [p["person"]["name"] for p in plan.today(app).to_json()["picks"]]
    plan.snooze(app, first[0], 14)
    after_snooze = plan.today(app).to_json()["picks"]
    assert after_snooze[0]["person"]["name"] == first[1] and after_snooze[0]["position"] == 2
    log(app, first[1], action=Action.GAVE, kind="helped")  # logging a pick counts as doing it
    shown = plan.today(app).to_json()["picks"]
    assert (shown[0]["person"]["name"], shown[0]["status"]) == (first[1], "done")
    third = shown[1]
    assert plan.done(app, third["position"]).to_json()["person"]["name"] == third["person"]["name"]
    assert plan.today(app).to_json()["streak"] == 1


def test_follow_ups_come_from_recent_open_asks_and_undo_takes_them_back(app: Context) -> None:
    add(app, "Ana")
    add(app, "Bo")
    log(app, "Ana", action=Action.THEY_ASKED, kind="intro", them=True, on=TODAY - timedelta(days=1))
    assert people.show_person(app, "Ana").follow_up_on == "2026-11-24"  # from the next day
    ledger.undo(app)
    assert people.show_person(app, "Ana").follow_up_on is None
    log(app, "Bo", action=Action.THEY_ASKED, kind="intro", them=True, on=date(2019, 3, 4))
    assert people.show_person(app, "Bo").follow_up_on is None


def test_show_on_a_past_day_counts_only_what_had_happened(app: Context) -> None:
    add(app, "Ana")
    log(app, "Ana", action=Action.GAVE, kind="intro-made", on=date(2026, 1, 1))
    log(app, "Ana", action=Action.GAVE, kind="reference", on=date(2026, 11, 1))
    past = people.show_person(app, "Ana", on=date(2026, 6, 1)).to_json()
    assert past["balance"] == ledger.balance(app, "Ana", on=date(2026, 6, 1)).balance


def test_health_names_old_friends_and_those_who_only_ask(app: Context) -> None:
    add(app, "Old Friend", tier=Tier.ACTIVE)
    add(app, "Taker")
    add(app, "Giver")
    log(app, "Old Friend", action=Action.GAVE, kind="reference", on=TODAY - timedelta(days=700))
    for days_ago in (900, 500, 100):
        log(
            app,
            "Taker",
            action=Action.THEY_ASKED,
            kind="job",
            them=True,
            on=TODAY - timedelta(days=days_ago),
        )
    log(
        app,
        "Giver",
        action=Action.THEY_GAVE,
        kind="intro-made",
        them=True,
        on=TODAY - timedelta(days=30),
    )
    add(app, "Old Pal", tier=Tier.ACTIVE)  # less goodwill banked: named after Old Friend
    log(app, "Old Pal", action=Action.GAVE, kind="shared-article", on=TODAY - timedelta(days=700))
    report = health.health(app)
    assert [p.name for p in report.old_friends] == ["Old Friend", "Old Pal"]
    assert report.old_friends[0].balance > report.old_friends[1].balance > 0
    assert report.only_when_needed.count == 1
    assert report.only_when_needed.examples[0].name == "Taker"


def test_a_cadence_of_their_own_adds_its_outreaches_to_the_capacity_needed(
    app: Context,
) -> None:
    before = health.health(app).capacity.needed_per_day
    add(app, "Weekly Wen", tier=Tier.ACTIVE, cadence_days=7)
    after = health.health(app).capacity.needed_per_day
    assert after - before == pytest.approx(1 / 7, abs=0.01)


def test_their_ask_without_a_note_is_named_in_words_in_the_plan(app: Context) -> None:
    add(app, "Ana", tier=Tier.INNER)
    log(app, "Ana", action=Action.THEY_ASKED, kind="intro", on=TODAY - timedelta(days=200))
    (pick,) = plan.today(app, TODAY, 1).picks
    assert pick.suggestion == "help with what they asked: an introduction"


def test_a_brief_for_a_past_day_reads_as_it_would_have_then(app: Context) -> None:
    from goodwill.services import brief

    add(app, "Maya")
    log(app, "Maya", action=Action.GAVE, kind="shared-article", on=date(2026, 1, 10))
    log(app, "Maya", action=Action.GAVE, kind="intro-made", note="later", on=date(2026, 6, 15))
    then = brief.brief(app, "Maya", on=date(2026, 1, 15))
    assert then.balance == ledger.balance(app, "Maya", on=date(2026, 1, 15)).balance
    assert [e.on for e in then.last_interactions] == ["2026-01-10"]
    now = brief.brief(app, "Maya", on=TODAY)
    assert now.balance == ledger.balance(app, "Maya", on=TODAY).balance
    assert len(now.last_interactions) == 2


def test_a_past_days_brief_shows_nothing_that_came_later(app: Context) -> None:
    from goodwill.services import brief, events

    add(app, "Maya")
    add(app, "Cy")
    log(app, "Maya", on=date(2026, 3, 1), note="kubernetes migration")
    log(app, "Maya", action=Action.THEY_ASKED, kind="intro", on=date(2026, 11, 20), note="quantum")
    events.add_event(app, "Data Summit", on=date(2026, 10, 1), met=("Maya", "Cy"))
    then = brief.brief(app, "Maya", on=date(2026, 5, 1))
    # Their later ask: no debt, no follow-up, no topic, no asker pattern; the later event
    # is not named (the tie it made is undated, as the profile is).
    assert then.owed == () and then.follow_up_on is None
    assert "quantum" not in then.topics and "kubernetes" in then.topics
    assert then.reciprocity == "no gives or asks from them on record yet"
    assert [m.how for m in then.mutual] == [("event",)]
    assert then.last_touch == "2026-03-01"
    now = brief.brief(app, "Maya", on=date(2026, 11, 22))
    assert now.follow_up_on is not None and "they asked once" in now.reciprocity
    assert now.mutual[0].how == ("event", "Data Summit (2026-10-01)")


def test_the_names_of_people_we_both_know_are_no_topic_of_a_brief(app: Context) -> None:
    from goodwill.services import brief

    add(app, "Wei Zhang")
    add(app, "Aiko Tanaka")
    for day, note in ((date(2026, 3, 2), "Intro: Wei <> Aiko on hiring"),
                      (date(2026, 4, 2), "Aiko said hiring went well")):  # fmt: skip
        log(app, "Wei", "Aiko", on=day, note=note)
    found = brief.brief(app, "Wei", on=date(2026, 5, 1))
    assert [m.name for m in found.mutual] == ["Aiko Tanaka"]
    assert "hiring" in found.topics and "aiko" not in found.topics


def test_my_name_from_my_address_is_no_topic_of_a_brief(app: Context) -> None:
    """Notes thank me by name ("Thanks Alex"): with no name configured, the names in my own
    addresses are still mine, not something the person talks about."""
    from goodwill.services import brief

    me = dataclasses.replace(app, config=dataclasses.replace(app.config, me=(ME,), name=None))
    add(me, "Raj Malhotra")
    for day, note in ((date(2026, 3, 2), "Thanks Alex, the pricing deck helped"),
                      (date(2026, 4, 2), "Alex: pricing again")):  # fmt: skip
        ledger.log(me, LogRequest(people=("Raj",), action=Action.TOUCH, on=day, note=note))
    topics = brief.brief(me, "Raj", on=date(2026, 5, 1)).topics
    assert "pricing" in topics
    assert "alex" not in topics and "morgan" not in topics and "example" not in topics
