"""The import service: matching, idempotency, what the user wrote wins, all or nothing."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from goodwill.domain.dates import yearless
from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.domain.model import Channel, Direction, Initiator, Tier
from goodwill.importers.records import (
    ContactRecord,
    InvitationRecord,
    PersonKey,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)
from goodwill.services import finder, imports, ledger, merging, occasions, people, triage
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.services.record_writer import write_records


def contact(name: str, **extra: object) -> ContactRecord:
    return ContactRecord(source=str(extra.pop("source", "test")), where="f:1", name=name, **extra)  # type: ignore[arg-type]


def touch(source_id: str, who: PersonKey, on: date, **extra: object) -> TouchRecord:
    return TouchRecord(
        source="test",
        source_id=source_id,
        where="f:2",
        on=on,
        person=who,
        initiated_by=Initiator(extra.pop("initiated_by", Initiator.ME)),
        channel=Channel.EMAIL,
        **extra,  # type: ignore[arg-type]
    )


def read_json_lines(path: Path, options: ReadOptions) -> Iterator[Record]:
    """A reader for these tests: one JSON record per line."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        options.advance(len(line) + 1)
        data = json.loads(line)
        kind = data.pop("type")
        if kind == "error":
            yield RecordError(str(path.name), number, data["message"])
        elif kind == "skip":
            yield SkippedRecord(f"{path.name}:{number}", "draft")
        elif kind == "touch":
            yield touch(
                data["id"], PersonKey(emails=(data["email"],)), date.fromisoformat(data["on"])
            )
        else:
            yield contact(data["name"], uid=data.get("uid"), emails=tuple(data.get("emails", ())))


@pytest.fixture
def lines_format(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(imports.FORMATS, "json-lines", (__name__, "read_json_lines"))
    return "json-lines"


def feed(app: Context, *records: Record) -> dict[str, object]:
    with app.db.write() as uow:
        return write_records(app, uow, records).to_json()


def test_contacts_are_created_once_and_reimporting_changes_nothing(app: Context) -> None:
    records = [
        contact(
            "Maya Patel",
            uid="u1",
            emails=("Maya@Example.com",),
            company="Acme",
            links=("https://LinkedIn.com/in/maya/",),
        ),
        contact("Raj  Iyer", uid="u2", phones=("+46 70-123 45 67",)),
    ]
    first = feed(app, *records)
    assert (first["created"], first["updated"], first["merged"]) == (2, 0, 0)
    again = feed(app, *records)
    assert (again["created"], again["updated"], again["merged"], again["unchanged"]) == (0, 0, 0, 2)
    maya = people.show_person(app, "maya@example.com").to_json()
    assert maya["links"] == ["https://www.linkedin.com/in/maya"]
    assert maya["tier"] == "acquaintance"
    assert people.show_person(app, "Raj Iyer").phones == ("+46701234567",)


def test_the_same_person_from_other_sources_is_merged(app: Context) -> None:
    feed(
        app,
        contact(
            "Maya Patel",
            uid="in/maya",
            source="linkedin",
            links=("https://www.linkedin.com/in/maya",),
            company="Acme",
        ),
    )
    report = feed(
        app,
        contact(
            "Maya Patel",
            uid="v1",
            source="vcard",
            emails=("maya@example.com",),
            links=("https://www.linkedin.com/in/maya/",),
            birthday=date(1990, 3, 14),
        ),
        contact(
            "Raj Iyer", uid="v2", source="vcard", phones=("+46701234567",), company="Contoso, Ltd."
        ),
    )
    assert (report["created"], report["merged"]) == (1, 1)
    csv = feed(
        app,
        contact(
            "Maya Patel",
            uid="c1",
            source="google-csv",
            emails=("maya@example.com", "maya@home.example"),
        ),
        contact("Raj Iyer", uid="c2", source="google-csv", phones=("+46 70 123 45 67",)),
        contact("Raj Iyer", uid="c3", source="outlook-csv", company="Contoso Ltd"),
    )
    assert csv["created"] == 0 and csv["merged"] == 3
    assert len(people.list_people(app)) == 2
    maya = people.show_person(app, "Maya").to_json()
    assert maya["emails"] == ["maya@example.com", "maya@home.example"]
    assert maya["birthday"] == "1990-03-14" and maya["company"] == "Acme"


def test_a_vcard_that_writes_a_name_decomposed_merges_with_the_name_composed(
    app: Context, tmp_path: Path
) -> None:
    """Some address books write "й" as "и" and a combining breve: the card is the person
    added by hand, not a second Сергей."""
    sergey = people.add_person(app, PersonChanges(name="Сергей Петров", company="Яндекс")).id
    decomposed = unicodedata.normalize("NFD", "Сергей Петров")
    assert decomposed != "Сергей Петров"
    card = tmp_path / "contacts.vcf"
    card.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{decomposed}\r\nORG:Яндекс\r\n"
        "EMAIL:sergey@example.ru\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    imports.import_path(app, "vcard", card)
    assert [p["id"] for p in people.list_people(app)] == [sergey]
    assert people.show_person(app, "sergey@example.ru").id == sergey


def test_two_names_with_no_letters_to_look_up_are_two_people(app: Context) -> None:
    """ "ъ" and "ь" fold to nothing: an empty key says nothing about who someone is."""
    first = people.add_person(app, PersonChanges(name="ь")).id
    report = feed(app, contact("Ъ", uid="v1", source="vcard"))
    assert (report["created"], report["merged"]) == (1, 0)
    assert len(people.list_people(app)) == 2 and people.show_person(app, f"#{first}").name == "ь"


def test_a_newer_export_updates_what_changed_and_keeps_what_the_user_wrote(app: Context) -> None:
    feed(app, contact("Maya Patel", uid="u1", company="Acme", title="PM", notes="from the export"))
    people.edit_person(
        app,
        "Maya",
        PersonChanges(
            title="Head of Product", tier=Tier.INNER, add_tags=("mentor",), note="my own note"
        ),
    )
    report = feed(
        app,
        contact(
            "Maya Patel", uid="u1", company="Globex", title="Director", notes="from the export"
        ),
    )
    assert report["updated"] == 1
    maya = people.show_person(app, "Maya").to_json()
    assert maya["company"] == "Globex"  # untouched by the user: follows the source
    assert maya["title"] == "Head of Product"  # the user's edit wins
    assert maya["tier"] == "inner" and maya["tags"] == ["mentor"]
    assert maya["notes"] == "from the export\nmy own note"
    assert maya["past_roles"][0]["company"] == "Acme"  # the role the export replaced
    found = finder.who_can_help(app, "Globex").to_json()["people"]
    assert [helper["person"]["name"] for helper in found] == ["Maya Patel"]  # search follows


def test_a_role_another_source_gave_follows_the_source_that_changed_it(app: Context) -> None:
    """Every importer: a new title in the address book replaces the one LinkedIn gave (no
    one edited it in goodwill) and is news; a title I wrote myself stays mine."""
    for name, email in (("Maya Goldberg", "maya@example.com"), ("Raj Malhotra", "raj@example.com")):
        feed(
            app,
            contact(name, source="linkedin", uid=name, emails=(email,), title="Chief of Ops"),
        )
        feed(app, contact(name, source="vcard", uid=email, emails=(email,), title="COO"))
    people.edit_person(app, "Raj", PersonChanges(title="Head of Operations"))
    report = feed(
        app,
        contact("Maya Goldberg", source="vcard", uid="maya@example.com", title="CEO"),
        contact("Raj Malhotra", source="vcard", uid="raj@example.com", title="CEO"),
    )
    assert (report["updated"], report["unchanged"]) == (1, 1)
    assert people.show_person(app, "Maya").title == "CEO"
    assert people.show_person(app, "Raj").title == "Head of Operations"
    news = occasions.occasions(app)
    assert [(o.person.name, o.kind) for o in news] == [("Maya Goldberg", "new-role")]
    # LinkedIn, unchanged since, changes nothing back.
    again = feed(
        app, contact("Maya Goldberg", source="linkedin", uid="Maya Goldberg", title="Chief of Ops")
    )
    assert again["unchanged"] == 1 and people.show_person(app, "Maya").title == "CEO"


def test_a_shared_email_in_one_file_goes_to_the_first_known_person_only(app: Context) -> None:
    """Two people you know, two cards with the family's address: an email belongs to one
    person, and the import does not fail on it (the merges of a chunk are written together)."""
    for name in ("Ana Lima", "Bo Chen"):
        people.add_person(app, PersonChanges(name=name))
    report = feed(
        app,
        contact("Ana Lima", uid="c1", emails=("family@example.com",)),
        contact("Bo Chen", uid="c2", emails=("family@example.com", "bo@example.com")),
    )
    assert report["merged"] == 2 and not report["errors"]
    assert people.show_person(app, "Ana").emails == ("family@example.com",)
    assert people.show_person(app, "Bo").emails == ("bo@example.com",)


def test_touches_are_recorded_once_for_known_people(app: Context) -> None:
    feed(app, contact("Maya Patel", uid="u1", emails=("maya@example.com",)))
    records = [
        touch("t1", PersonKey(emails=("MAYA@example.com",)), date(2026, 1, 12)),
        touch(
            "t2",
            PersonKey(emails=("maya@example.com",)),
            date(2026, 1, 12),
            initiated_by=Initiator.THEM,
        ),
        touch("t3", PersonKey(emails=("stranger@example.com",)), date(2026, 1, 12)),
        touch(
            "t4",
            PersonKey(name="Maya Patel"),
            date(2026, 2, 1),
            direction=Direction.DEPOSIT,
            kind="reference",
        ),
    ]
    first = feed(app, *records)
    assert (first["touches"], first["gives"], first["skipped"]) == (2, 1, 1)
    again = feed(app, *records)
    assert (again["touches"], again["gives"], again["already_recorded"]) == (0, 0, 3)
    maya = people.show_person(app, "Maya").to_json()
    assert [(e["on"], e["initiated_by"], e["kind"]) for e in maya["timeline"]] == [
        ("2026-02-01", "me", "reference"),
        ("2026-01-12", "them", "catch-up"),
        ("2026-01-12", "me", "catch-up"),
    ]
    assert maya["last_touch"] == "2026-02-01"


def test_invitations_go_to_triage_not_into_the_network(app: Context) -> None:
    invitation = InvitationRecord(
        "linkedin",
        "inv1",
        "f:2",
        "Lee Park",
        date(2026, 11, 1),
        True,
        "Great meeting you at the meetup",
    )
    pitch = InvitationRecord(
        "linkedin",
        "inv2",
        "f:3",
        "Sal Esman",
        date(2026, 11, 2),
        True,
        "We offer lead generation services",
    )
    assert feed(app, invitation, pitch, invitation)["invitations"] == 2
    assert people.list_people(app) == []
    waiting = triage.list_invitations(app)
    assert [(i.name, i.looks_like_pitch) for i in waiting] == [
        ("Lee Park", False),
        ("Sal Esman", True),
    ]
    accepted = triage.decide(app, waiting[0].id, accept=True)
    triage.decide(app, waiting[1].id, accept=False)
    assert people.show_person(app, f"#{accepted.person_id}").tier == "acquaintance"
    assert triage.list_invitations(app) == ()
    with pytest.raises(BadInput, match="already accepted"):
        triage.decide(app, waiting[0].id, accept=False)


def test_import_path_reports_errors_and_strict_writes_nothing(
    app: Context, tmp_path: Path, lines_format: str
) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        "\n".join(
            json.dumps(line)
            for line in (
                {
                    "type": "contact",
                    "name": "Maya Patel",
                    "uid": "u1",
                    "emails": ["maya@example.com"],
                },
                {"type": "skip"},
                {"type": "error", "message": "bad date 'soon'"},
                {"type": "touch", "id": "m1", "email": "maya@example.com", "on": "2026-01-12"},
            )
        )
    )
    with pytest.raises(BadInput, match=r"export.jsonl:3: bad date 'soon' \(nothing was imported\)"):
        imports.import_path(app, lines_format, export, strict=True)
    assert people.list_people(app) == []
    preview = imports.import_path(app, lines_format, export, dry_run=True)
    assert preview["created"] == 1 and preview["touches"] == 1 and preview["dry_run"] is True
    assert people.list_people(app) == []
    progress: list[tuple[int, int]] = []
    report = imports.import_path(
        app, lines_format, export, on_progress=lambda d, t: progress.append((d, t))
    )
    assert report["errors"] == [{"file": "export.jsonl", "line": 3, "message": "bad date 'soon'"}]
    assert report["skipped"] == 1 and report["created"] == 1
    assert progress[-1] == (export.stat().st_size, export.stat().st_size)
    assert imports.import_path(app, lines_format, export)["created"] == 0
    # The second import wrote nothing: undo reverts the first, Maya with her entry.
    undone = ledger.undo(app)
    assert (undone.removed, undone.removed_names) == (1, ("Maya Patel",))
    assert people.list_people(app) == []


def test_unknown_formats_and_missing_files_are_one_line_errors(
    app: Context, tmp_path: Path
) -> None:
    with pytest.raises(BadInput, match="unknown format 'palm-pilot'"):
        imports.import_path(app, "palm-pilot", tmp_path)
    with pytest.raises(BadInput, match="no such file"):
        imports.import_path(app, "vcard", tmp_path / "missing.vcf")


def test_dupes_finds_likely_pairs_and_merge_loses_nothing(app: Context) -> None:
    feed(
        app,
        contact(
            "Maya Patel", uid="a", emails=("maya@example.com",), company="Acme", tags=("mentor",)
        ),
        contact(
            "Maya Patell",
            uid="b",
            emails=("maya@home.example",),
            company="Acme Inc",
            title="PM",
            notes="met at SaaStr",
        ),
        contact("Bo Chen", uid="c"),
    )
    pairs = merging.find_duplicates(app)
    assert len(pairs) == 1 and {pairs[0].a.name, pairs[0].b.name} == {
        "Maya Patel",
        "Maya Patell",
    }
    feed(app, touch("t1", PersonKey(emails=("maya@home.example",)), date(2026, 5, 1)))
    feed(app, touch("t2", PersonKey(emails=("maya@example.com",)), date(2026, 6, 1)))
    merging.merge(app, "maya@example.com", "maya@home.example")
    maya = people.show_person(app, "maya@home.example").to_json()
    assert maya["name"] == "Maya Patel"
    assert maya["emails"] == ["maya@example.com", "maya@home.example"]
    assert maya["title"] == "PM" and maya["tags"] == ["mentor"] and maya["notes"] == "met at SaaStr"
    assert [e["on"] for e in maya["timeline"]] == ["2026-06-01", "2026-05-01"]
    assert maya["last_touch"] == "2026-06-01"
    assert len(people.list_people(app)) == 2
    assert merging.find_duplicates(app) == ()


def test_two_records_of_one_new_person_in_one_import_make_one_person(app: Context) -> None:
    report = feed(
        app,
        contact("Ann Lee", uid="r1", emails=("ann@x.org",), company="Acme"),
        contact("Annie Lee", uid="r2", emails=("ANN@x.org", "ann@home.example"), title="CTO"),
        contact("Ann Lee", uid="r1", emails=("ann@x.org",), company="Acme"),
    )
    assert (report["created"], report["merged"]) == (1, 2)
    ann = people.show_person(app, "ann@home.example").to_json()
    assert ann["name"] == "Ann Lee" and ann["title"] == "CTO"
    assert ann["emails"] == ["ann@x.org", "ann@home.example"]
    again = feed(app, contact("Annie Lee", uid="r2", emails=("ann@x.org",)))
    assert again["created"] == 0 and len(people.list_people(app)) == 1


def test_a_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    import zipfile

    from goodwill.importers import linkedin

    bomb = tmp_path / "Basic_LinkedInDataExport_11-20-2026.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", "First Name,Last Name\n" + "," * 20_000_000)
    errors = [r for r in linkedin.read(bomb, ReadOptions()) if isinstance(r, RecordError)]
    assert len(errors) == 1 and "zip bomb" in errors[0].message


def test_accepting_an_invitation_from_someone_known_adds_no_one(app: Context) -> None:
    link = "https://www.linkedin.com/in/lee-park"
    feed(app, contact("Lee Park", uid="v1", source="vcard", links=(link,)))
    feed(
        app,
        InvitationRecord(
            "linkedin", "inv1", "f:2", "Lee Park", date(2026, 11, 1), True, "Hi!", link
        ),
    )
    accepted = triage.decide(app, triage.list_invitations(app)[0].id, accept=True)
    assert len(people.list_people(app)) == 1
    assert people.show_person(app, "Lee Park").id == accepted.person_id


def test_undo_after_a_contacts_only_import_removes_the_people_it_added(app: Context) -> None:
    """An address book brings people and no entries: `undo` still reverts it, keeping
    whoever was known before."""
    people.add_person(app, PersonChanges(name="Raj Malhotra", emails=("raj@example.com",)))
    fixture = Path(__file__).parents[1] / "fixtures" / "vcards" / "apple-contacts.vcf"
    report = imports.import_path(app, "vcard", fixture)
    assert (report["created"], report["touches"]) == (1, 0)
    undone = ledger.undo(app)
    assert (undone.undone, undone.removed_names) == (
        "import vcard apple-contacts.vcf",
        ("Maya Goldberg",),
    )
    assert [p["name"] for p in people.list_people(app)] == ["Raj Malhotra"]
    with pytest.raises(GoodwillError, match="nothing to undo"):
        ledger.undo(app)


def test_undo_after_an_import_that_only_added_invitations_reverts_nothing_older(
    app: Context,
) -> None:
    """The last import added only invitations (or changed only people already there):
    `undo` names it and says it cannot take that back, rather than revert the import
    before it; the next `undo` reverts that one."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "linkedin"
    imports.import_path(app, "linkedin", fixtures / "Connections.csv")
    messages = imports.import_path(app, "linkedin", fixtures / "messages.csv")
    assert messages["touches"] > 0
    invitations = imports.import_path(app, "linkedin", fixtures / "Invitations.csv")
    assert (invitations["created"], invitations["touches"], invitations["invitations"]) == (0, 0, 2)
    undone = ledger.undo(app)
    assert (undone.undone, undone.took_back, undone.people) == (
        "import linkedin Invitations.csv",
        False,
        (),
    )
    with app.db.read() as uow:
        assert uow.connection.exec_driver_sql("SELECT count(*) FROM interactions").scalar()
    undone = ledger.undo(app)
    assert (undone.undone, undone.took_back) == ("import linkedin messages.csv", True)


def test_an_import_that_changes_nothing_leaves_no_write_behind(app: Context) -> None:
    """Importing the same file again changes nothing, so it leaves no write for `undo` to
    find or a backup to list: the backup is the same before and after."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "linkedin"
    imports.import_path(app, "linkedin", fixtures / "Connections.csv")
    with app.db.read() as uow:
        before = uow.connection.exec_driver_sql("SELECT count(*) FROM batches").scalar()
    again = imports.import_path(app, "linkedin", fixtures / "Connections.csv")
    assert again["unchanged"] == 8
    with app.db.read() as uow:
        assert uow.connection.exec_driver_sql("SELECT count(*) FROM batches").scalar() == before
    assert ledger.undo(app).undone == "import linkedin Connections.csv"


def test_a_merge_gives_a_birthday_without_its_year_the_year_known_elsewhere(app: Context) -> None:
    feed(
        app,
        contact("Maya Patel", uid="a", emails=("maya@example.com",), birthday=yearless(7, 22)),
        contact("Maya Patell", uid="b", emails=("maya@home.example",), birthday=date(1984, 7, 22)),
        contact("Bo Chen", uid="c", emails=("bo@example.com",), birthday=yearless(1, 2)),
        contact("Bo Chenn", uid="d", emails=("bo@home.example",), birthday=date(1990, 3, 4)),
    )
    merging.merge(app, "maya@example.com", "maya@home.example")
    assert people.show_person(app, "maya@example.com").birthday == "1984-07-22"
    # Another day is another birthday: the kept person's stays.
    merging.merge(app, "bo@example.com", "bo@home.example")
    assert people.show_person(app, "bo@example.com").birthday == yearless(1, 2).isoformat()
