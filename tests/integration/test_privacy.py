"""`forget`: nothing about the person stays in the database file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from goodwill.domain.model import Tier
from goodwill.importers.records import ContactRecord, InvitationRecord
from goodwill.services import events, ledger, people, privacy
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.services.record_writer import Importer

SECRET = "Zebediah Quuxworth"


def test_forgetting_leaves_none_of_their_strings_in_the_file(sqlite_app: Context) -> None:
    app = sqlite_app
    people.add_person(app, PersonChanges(name="Ana Núñez", tier=Tier.INNER))
    people.add_person(
        app,
        PersonChanges(
            name=SECRET,
            emails=("zebediah@quuxworth.example",),
            company="Quuxworth Holdings",
            note="Zebediah's private worries",
        ),
    )
    ledger.log(
        app,
        LogRequest(
            people=(SECRET,),
            action=Action.GAVE,
            kind="helped",
            note="Quuxworth merger advice",
            on=date(2026, 11, 1),
        ),
    )
    ledger.log(
        app,
        LogRequest(
            people=(SECRET, "Ana"),
            action=Action.TOUCH,
            note="dinner with Zebediah and Ana",
            on=date(2026, 11, 2),
        ),
    )
    events.add_event(app, "Autumn gala", on=date(2026, 11, 3), met=(SECRET,))
    with app.db.write() as uow:
        importer = Importer(app, uow)
        importer.contact(
            ContactRecord(
                source="vcard",
                where="x:1",
                name=SECRET,
                uid="zq-uid-quuxworth",
                emails=("zebediah@quuxworth.example",),
            )
        )
        importer.feed(
            InvitationRecord(
                "linkedin", "inv-zq", "x:2", SECRET, date(2026, 1, 1), True, "hello from Quuxworth"
            )
        )
        importer.finish()

    result = privacy.forget(app, SECRET)
    with app.db.read() as uow:
        for table in ("batches", "triage", "person_sources", "interactions", "people", "events"):
            rows = uow.connection.exec_driver_sql(f"SELECT * FROM {table}").all()
            assert "Zebediah" not in repr(rows), (table, rows)
    assert result.entries == 3  # the gift, the shared dinner and the gala
    ana = people.show_person(app, "Ana").to_json()
    assert ana["timeline"] == [] and ana["last_touch"] is None

    app.db.dispose()
    path = Path(app.db.where)
    stored = b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )
    for trace in ("Zebediah", "Quuxworth", "zq-uid"):
        assert trace.encode() not in stored, trace


def test_forgetting_a_done_plan_pick_leaves_no_batch_label_naming_them(app: Context) -> None:
    """Undo labels ("done 1: shared-article with NAME", "log catch-up with A, B") name
    people; after forget no label names the forgotten person, on either backend."""
    from goodwill.services import plan

    people.add_person(app, PersonChanges(name=SECRET, tier=Tier.INNER))
    people.add_person(app, PersonChanges(name="Ana Núñez", tier=Tier.INNER))
    day = date(2026, 11, 24)
    picks = plan.today(app, on=day).to_json()["picks"]
    assert {pick["person"]["name"] for pick in picks} == {SECRET, "Ana Núñez"}
    plan.done(app, 1, on=day, kind="shared-article")
    plan.done(app, 2, on=day, kind="shared-article")
    ledger.log(app, LogRequest(people=(SECRET, "Ana"), action=Action.TOUCH, on=day))
    privacy.forget(app, SECRET)
    with app.db.read() as uow:
        labels = uow.connection.exec_driver_sql("SELECT action FROM batches").scalars().all()
        picks_left = uow.connection.exec_driver_sql("SELECT reasons FROM plan_picks").all()
    assert labels and not any("Zebediah" in label for label in labels), labels
    assert "Zebediah" not in repr(picks_left)


def test_forget_names_the_upgrade_copies_it_cannot_clean(sqlite_app: Context) -> None:
    people.add_person(sqlite_app, PersonChanges(name=SECRET))
    database = Path(sqlite_app.db.where)
    copy = database.with_name(database.name + ".schema-0007.bak")
    copy.write_bytes(database.read_bytes())  # what an upgrade keeps
    unrelated = database.with_name("other.db.schema-0007.bak")
    unrelated.write_bytes(b"")
    result = privacy.forget(sqlite_app, SECRET)
    assert result.copies_not_cleaned == (str(copy),)
