"""Export, restore and backup on a real database: SQLite and PostgreSQL alike."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from goodwill.bootstrap import build_context
from goodwill.domain.errors import BadInput, DatabaseFailed, GoodwillError
from goodwill.domain.model import Channel, Tier
from goodwill.services import admin, imports, ledger, people, plan, transfer
from goodwill.services.context import Context
from goodwill.services.demo import load_demo
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.services.views import PersonRef
from goodwill.store.dump import counts
from goodwill.store.engine import sqlite_path
from goodwill.store.tables import search_docs

FIXED_NOW = datetime(2026, 11, 24, 9, 30)  # as in conftest
TODAY = FIXED_NOW.date()


def add(app: Context, name: str, **changes: object) -> int:
    return people.add_person(app, PersonChanges(name=name, **changes)).id  # type: ignore[arg-type]


def log(app: Context, *names: str, action: Action = Action.TOUCH, **extra: object) -> None:
    ledger.log(app, LogRequest(people=names, action=action, **extra))  # type: ignore[arg-type]


def rows(app: Context) -> dict[str, int]:
    with app.db.read() as uow:
        return counts(uow.connection)


@pytest.fixture
def fresh(
    app: Context, env: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Context]:
    """A second, freshly initialised database on the same backend as `app`."""
    name = None
    if sqlite_path(app.db.url) is not None:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        name = f"r_{uuid.uuid4().hex[:12]}"
        url = cluster.create_database(name)
    context = build_context(env, db=url)
    context.clock = lambda: FIXED_NOW
    admin.init(context)
    yield context
    context.db.dispose()
    if name is not None:
        request.getfixturevalue("postgres_cluster").drop_database(name)


def a_busy_network(app: Context) -> None:
    """Something in every table a user can reach: lists, notes, ledger, plans, follow-ups."""
    bo = add(
        app, "Bo Chen", company="Globex", phones=("+46 70-123 45 67",), discipline="engineering"
    )
    add(
        app,
        "Ana María Núñez",
        emails=("ana@example.org", "ana@acme.test"),
        company="Acme",
        title="VP Product",
        tier=Tier.INNER,
        add_tags=("mentor", "connector"),
        links=("https://www.linkedin.com/in/ana",),
        birthday=date(1980, 2, 29),
        met_on=date(2019, 5, 4),
        met_via="Bo Chen",
        note='met at PMI meetup, "quotes"\nand a second line ✓',
    )
    add(app, "Cy Old", tier=Tier.ARCHIVED)
    add(app, "Di", cadence_days=10)
    log(app, "Ana", action=Action.GAVE, kind="intro-made", on=TODAY - timedelta(days=400))
    log(app, "Ana", "Bo", channel=Channel.COFFEE, on=TODAY - timedelta(days=50), note="ramen")
    log(app, "Bo", action=Action.THEY_ASKED, kind="advice", on=TODAY - timedelta(days=1))
    log(app, "Di", action=Action.ASKED, kind="favour", on=TODAY - timedelta(days=30), anyway=True)
    plan.done(app, 1, on=TODAY, kind="shared-article")
    plan.skip(app, 2, on=TODAY)
    plan.snooze(app, "Cy", 14, on=TODAY)
    assert bo == 1


def test_json_export_restore_export_is_byte_identical(app: Context, fresh: Context) -> None:
    a_busy_network(app)
    exported = transfer.export(app, "json")
    result = transfer.restore(fresh, exported)
    assert result.people == 4 and result.notes == ()
    assert transfer.export(fresh, "json") == exported
    assert rows(fresh) == rows(app)
    backup = json.loads(exported)
    assert backup["format"] == "goodwill-backup" and backup["version"] == 1
    assert backup["config"]["half_life_days"] == 365.0 and "kinds" in backup["config"]
    assert [row["id"] for row in backup["tables"]["people"]] == [1, 2, 3, 4]
    # The id sequences moved past the restored ids: new rows do not collide.
    assert add(fresh, "Ed New") == 5
    log(fresh, "Ed New")
    assert people.show_person(fresh, "Ana").met_via == PersonRef(1, "Bo Chen")


def test_the_demo_network_round_trips_on_both_backends(
    app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    demo = build_context(env, db=str(tmp_path / "demo.db"))
    demo.clock = lambda: FIXED_NOW
    load_demo(demo, TODAY, size=120)
    exported = transfer.export(demo, "json")
    demo.db.dispose()
    transfer.restore(app, exported)
    assert transfer.export(app, "json") == exported
    assert plan.today(app, on=TODAY).to_json()["picks"]


def test_a_linkedin_export_with_invitations_i_sent_round_trips(
    app: Context, fresh: Context
) -> None:
    export = Path(__file__).parents[1] / "fixtures" / "linkedin"
    imports.import_path(app, "linkedin", export / "Basic_LinkedInDataExport_11-20-2026.zip")
    exported = transfer.export(app, "json")
    statuses = {row["status"] for row in json.loads(exported)["tables"]["triage"]}
    assert statuses == {"pending", "sent"}
    transfer.restore(fresh, exported)
    assert transfer.export(fresh, "json") == exported


def test_restore_refuses_a_database_that_holds_data(app: Context, fresh: Context) -> None:
    add(fresh, "Zed")
    add(app, "Ana")
    before = rows(fresh)
    with pytest.raises(GoodwillError, match=r"already holds people, and a restore would mix"):
        transfer.restore(fresh, transfer.export(app, "json"))
    assert rows(fresh) == before


def test_a_truncated_or_foreign_file_writes_nothing(
    app: Context, fresh: Context, tmp_path: Path
) -> None:
    a_busy_network(app)
    text = transfer.export(app, "json")
    before = rows(fresh)
    truncated = tmp_path / "half.json"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(BadInput, match=r"half\.json: not valid JSON .* at line \d+ column \d+"):
        transfer.restore(fresh, truncated)
    with pytest.raises(BadInput, match=r"nope\.json: no such file"):
        transfer.restore(fresh, tmp_path / "nope.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BadInput, match="not UTF-8"):
        transfer.restore(fresh, tmp_path / "binary.json")
    with pytest.raises(BadInput, match="not a goodwill backup"):
        transfer.restore(fresh, '{"people": []}')
    newer = json.loads(text) | {"schema": "9999"}
    with pytest.raises(BadInput, match="schema 9999, newer than this goodwill"):
        transfer.restore(fresh, json.dumps(newer))
    wrong_type = json.loads(text)
    wrong_type["tables"]["people"][1]["birthday"] = "someday"
    with pytest.raises(BadInput, match=r"table 'people', row 2: column 'birthday'"):
        transfer.restore(fresh, json.dumps(wrong_type))
    # A row the database refuses comes after others were written: all are rolled back.
    dangling = json.loads(text)
    dangling["tables"]["interaction_people"].append(
        {"interaction_id": 1, "person_id": 999, "occurred_on": "2026-01-01"}
    )
    with pytest.raises(GoodwillError, match=r"^backup: table 'interaction_people' refused a row"):
        transfer.restore(fresh, json.dumps(dangling))
    assert rows(fresh) == before


def test_csv_export_quotes_and_defuses_formulas(app: Context) -> None:
    add(
        app, '=HYPERLINK("http://evil.test","click")', phones=("+46 70-123 45 67",), company="@corp"
    )
    add(app, 'Ana, the "quoted"', emails=("a@x.org", "b@x.org"), note="two\nlines")
    log(app, "Ana", action=Action.ASKED, kind="favour", on=TODAY, anyway=True)
    text = transfer.export(app, "csv", on=TODAY)
    assert not text.startswith("\ufeff") and text.endswith("\r\n")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    evil, ana = table
    assert evil["name"] == """'=HYPERLINK("http://evil.test","click")"""
    assert evil["phones"] == "'+46701234567" and evil["company"] == "'@corp"
    assert ana["name"] == 'Ana, the "quoted"' and ana["emails"] == "a@x.org; b@x.org"
    assert ana["notes"] == "two\nlines"
    assert ana["balance"] == "-4.00"  # a number goodwill computed stays a number


def test_ics_feed_lists_overdue_people_with_stable_uids(app: Context) -> None:
    ana = add(app, "Ana", tier=Tier.INNER)
    bo = add(app, "Bo", tier=Tier.INNER)
    cy = add(app, "Cy Snoozed", tier=Tier.INNER)
    add(app, "Di Archived", tier=Tier.ARCHIVED)
    for name in ("Ana", "Cy"):
        log(app, name, on=TODAY - timedelta(days=40))  # due ten days ago
    log(app, "Bo", on=TODAY - timedelta(days=20))  # due in ten days
    log(app, "Bo", action=Action.THEY_ASKED, kind="advice", on=TODAY - timedelta(days=5))
    plan.snooze(app, "Cy", 60, on=TODAY)

    feed = transfer.export(app, "ics", on=TODAY, days=30)
    assert feed == transfer.export(app, "ics", on=TODAY, days=30)  # deterministic
    events = Calendar.from_ical(feed).walk("VEVENT")
    by_uid = {str(event["uid"]): event for event in events}
    overdue = by_uid[f"goodwill-{ana}-{(TODAY - timedelta(days=10)).isoformat()}@goodwill"]
    assert str(overdue["summary"]) == "Reach out to Ana"
    assert overdue.decoded("dtstart") == TODAY
    assert "overdue by 10 days (every 30 days)" in str(overdue["description"])
    assert overdue.walk("VALARM")
    follow_up = by_uid[
        f"goodwill-{bo}-{(TODAY - timedelta(days=4)).isoformat()}@goodwill"
    ]  # their ask + 1 day
    assert follow_up.decoded("dtstart") == TODAY and "follow-up" in str(follow_up["description"])
    outreach = by_uid[f"goodwill-{bo}-{(TODAY + timedelta(days=10)).isoformat()}@goodwill"]
    assert outreach.decoded("dtstart") == TODAY + timedelta(days=10)
    assert not any(f"goodwill-{cy}-" in uid for uid in by_uid)
    assert not any("Archived" in str(event["summary"]) for event in events)
    tomorrow = Calendar.from_ical(transfer.export(app, "ics", on=TODAY + timedelta(days=1)))
    assert str(overdue["uid"]) in {str(e["uid"]) for e in tomorrow.walk("VEVENT")}
    assert "DTSTAMP:20261124T000000Z" in feed


def test_export_files_are_private(app: Context, tmp_path: Path) -> None:
    add(app, "Ana")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "people.csv"
    target.write_text("old")
    target.chmod(0o644)
    written = transfer.save(target, transfer.export(app, "csv"))
    assert target.read_text(encoding="utf-8").startswith("id,name,")
    assert written.bytes == target.stat().st_size
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["people.csv"]  # no temporary left behind


def test_backup_copies_a_busy_sqlite_file(
    app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    database = sqlite_path(app.db.url)
    if database is None:
        with pytest.raises(BadInput, match="pg_dump"):
            transfer.backup(app, tmp_path / "copy.db")
        return
    a_busy_network(app)
    wal = database.with_name(database.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # committed pages not yet checkpointed
    other = sqlite3.connect(database, isolation_level=None, timeout=1)
    other.execute("BEGIN IMMEDIATE")  # another process, mid-write
    other.execute(
        "INSERT INTO people (name, name_key, tier, notes, created_on, balance_anchor, deposits,"
        " withdrawals, touches, their_gives, their_asks, their_cold_asks, entries)"
        " VALUES ('Uncommitted', 'uncommitted', 'active', '', '2026-11-24', 0, 0, 0, 0, 0, 0, 0, 0)"
    )
    try:
        result = transfer.backup(app, tmp_path / "copy.db")
    finally:
        other.rollback()
        other.close()
    copy = tmp_path / "copy.db"
    assert result.people == 4 and result.bytes == copy.stat().st_size
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o600
    assert not copy.with_name("copy.db-wal").exists()
    check = sqlite3.connect(copy)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = [row[0] for row in check.execute("SELECT name FROM people ORDER BY id")]
    finally:
        check.close()
    assert names == ["Bo Chen", "Ana María Núñez", "Cy Old", "Di"]
    copied = build_context(env, db=str(copy))
    assert transfer.export(copied, "json") == transfer.export(app, "json")
    copied.db.dispose()
    with pytest.raises(BadInput, match="exists: pass --force"):
        transfer.backup(app, copy)
    add(app, "Ed")
    assert transfer.backup(app, copy, overwrite=True).people == 5
    with pytest.raises(BadInput, match="the database itself"):
        transfer.backup(app, database, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- restore trusts nothing ----------------------------------------------------------------

#: (table, row index, column, value, what the message says): each value the database would
#: store but the app could not read back (`today`, `show`, `balance`, `reindex` tracebacks).
UNREADABLE = [
    ("people", 1, "tier", "god", "'god' is not one of"),
    ("people", 3, "cadence_days", 10**12, "out of range"),
    ("people", 0, "cadence_days", 0, "out of range"),
    ("people", 0, "birthday", "9999-12-31", "9999-12-31 is out of range"),
    ("interactions", 0, "direction", "sideways", "'sideways' is not one of"),
    ("interactions", 0, "channel", "fax", "'fax' is not one of"),
    ("interactions", 0, "initiated_by", "nobody", "'nobody' is not one of"),
    ("interactions", 0, "occurred_on", "0001-01-01", "out of range"),
    ("interactions", 0, "weight", float("nan"), "not a finite number"),
    ("plan_picks", 0, "status", "maybe", "'maybe' is not one of"),
    ("plan_picks", 0, "reasons", "not json", "not JSON text"),
    ("plan_picks", 0, "reasons", "[1, 2]", "not a JSON list of strings"),
    ("batches", 0, "created_at", "9999-01-01T00:00:00", "out of range"),
    ("settings", 0, "value", "-1", "is not positive"),
]


@pytest.mark.parametrize(
    ("table", "index", "column", "value", "says"),
    UNREADABLE,
    ids=[f"{t}.{c}={v!r:.12}" for t, _i, c, v, _s in UNREADABLE],
)
def test_restore_refuses_a_value_the_app_cannot_read_and_writes_nothing(
    app: Context, fresh: Context, table: str, index: int, column: str, value: object, says: str
) -> None:
    a_busy_network(app)
    backup = json.loads(transfer.export(app, "json"))
    rows_of = backup["tables"][table]
    if table == "settings":
        index = next(i for i, row in enumerate(rows_of) if row["key"] == "half_life_days")
    rows_of[index][column] = value
    before = rows(fresh)
    with pytest.raises(BadInput) as refused:
        transfer.restore(fresh, json.dumps(backup))
    message = str(refused.value)
    assert message.startswith(f"backup: table '{table}', row {index + 1}: column '{column}'")
    assert says in message and "\n" not in message
    assert rows(fresh) == before
    transfer.restore(fresh, transfer.export(app, "json"))  # the good backup still restores
    assert plan.today(fresh, on=TODAY).to_json()["picks"]


def test_restore_recomputes_derived_state_from_the_ledger(app: Context, fresh: Context) -> None:
    a_busy_network(app)
    exported = transfer.export(app, "json")
    tampered = json.loads(exported)
    ana = tampered["tables"]["people"][1]
    ana |= {
        "balance_anchor": 1e9,
        "deposits": 999,
        "entries": 0,
        "last_touch": "2200-01-01",
        "next_due": None,
        "name_key": "someone else",
        "birthday_md": 1231,
    }
    for link in tampered["tables"]["interaction_people"]:
        link["occurred_on"] = "1999-01-01"
    transfer.restore(fresh, json.dumps(tampered))
    assert transfer.export(fresh, "json") == exported
    assert (
        ledger.balance(fresh, "Ana", on=TODAY).balance
        == ledger.balance(app, "Ana", on=TODAY).balance
    )
    assert people.show_person(fresh, "ana maria").name == "Ana María Núñez"
    # Search documents are rebuilt from the profile and the ledger's notes.
    assert transfer.export(fresh, "json") == exported
    with fresh.db.read() as uow:
        with_ramen = select(func.count()).where(search_docs.c.notes.contains("ramen"))
        assert uow.connection.execute(with_ramen).scalar_one() == 2


def test_a_copy_sqlite_cannot_write_is_goodwills_one_line_error(
    sqlite_app: Context, tmp_path: Path
) -> None:
    """SQLite's own errors from the raw connection a copy uses become `DatabaseFailed`, as
    the driver's errors do everywhere else in the store (never a sqlite3 traceback)."""
    with pytest.raises(DatabaseFailed, match="database error: unable to open database file"):
        sqlite_app.db.copy_to(tmp_path)  # a folder: SQLite cannot open it as the copy


def test_a_backup_carries_no_secret_and_a_restore_makes_a_new_one(
    app: Context, fresh: Context
) -> None:
    from goodwill.services.link_secret import ensure_link_secret, link_secret

    a_busy_network(app)
    with app.db.write() as uow:
        secret = ensure_link_secret(uow)
    exported = transfer.export(app, "json")
    assert secret not in exported and "link_secret" not in exported
    # An older backup carried the secret, the write counter and the search documents.
    older = json.loads(exported)
    older["tables"]["settings"] += [
        {"key": "link_secret", "value": secret},
        {"key": "write_generation", "value": "41"},
    ]
    older["tables"]["search_docs"] = [{"person_id": 1, "profile": "stale", "notes": "stale"}]
    transfer.restore(fresh, json.dumps(older))
    with fresh.db.read() as uow:
        restored = link_secret(uow)
    assert restored is not None and restored != secret
    assert transfer.export(fresh, "json") == exported


def test_an_older_backup_s_plans_are_counted_from_their_picks(app: Context, fresh: Context) -> None:
    """A backup from before 0024 does not say how many picks each day's plan was kept
    with: the restore counts the picks it holds, and a day with none had nothing to do."""
    a_busy_network(app)
    exported = json.loads(transfer.export(app, "json"))
    [kept] = exported["tables"]["plan_days"]
    assert kept["planned"] == len(exported["tables"]["plan_picks"]) > 0
    older = json.loads(json.dumps(exported))
    older["schema"] = "0023"
    older["tables"]["plan_days"] = [
        {"day": (TODAY - timedelta(days=1)).isoformat(), "completed": False},
        {key: value for key, value in kept.items() if key != "planned"},
    ]
    transfer.restore(fresh, json.dumps(older))
    restored = json.loads(transfer.export(fresh, "json"))["tables"]["plan_days"]
    assert [(row["day"], row["planned"]) for row in restored] == [
        ((TODAY - timedelta(days=1)).isoformat(), 0),
        (TODAY.isoformat(), kept["planned"]),
    ]
