"""Two-way sync with a vdir, on a real database (SQLite and PostgreSQL) and real files."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from goodwill.domain.model import Tier
from goodwill.importers import vcard
from goodwill.importers.records import ContactRecord
from goodwill.services import people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.services.sync import Synced, sync_vdir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vcards"


def add(app: Context, name: str, **changes: Any) -> int:
    return people.add_person(app, PersonChanges(name=name, **changes)).id


def cards(vdir: Path) -> dict[str, ContactRecord]:
    """name → what the card says, for every card file in the vdir."""
    found = {}
    for path in sorted(vdir.glob("*.vcf")):
        record = vcard.parse_card(vcard.decode(path.read_bytes())).record(path.name)
        assert isinstance(record, ContactRecord)
        found[record.name] = record
    return found


def file_of(vdir: Path, needle: str) -> Path:
    (path,) = [p for p in vdir.glob("*.vcf") if needle in p.read_text(encoding="utf-8")]
    return path


def edit_on_disk(path: Path, old: str, new: str) -> None:
    """Edit a card as another program would: new content, a later mtime."""
    before = path.stat().st_mtime_ns
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def nothing_to_do(result: Synced) -> bool:
    return (
        result.imported == result.updated_people == result.written_cards == 0
        and not result.conflicts
    )


@pytest.fixture
def vdir(tmp_path: Path) -> Path:
    return tmp_path / "contacts"


def test_a_sync_into_an_empty_vdir_writes_a_card_per_person(app: Context, vdir: Path) -> None:
    add(app, "Ana María Núñez", emails=("ana@example.org",), company="Acme", add_tags=("mentor",))
    add(app, "Bo Chen", title="CTO")
    add(app, "Old Friend", tier=Tier.ARCHIVED)
    result = sync_vdir(app, vdir)
    assert (result.written_cards, result.imported, result.conflicts) == (2, 0, ())
    written = cards(vdir)
    assert set(written) == {"Ana María Núñez", "Bo Chen"}  # archived people get no card
    ana = written["Ana María Núñez"]
    assert (ana.emails, ana.company, ana.tags) == (("ana@example.org",), "Acme", ("mentor",))
    for path in vdir.glob("*.vcf"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        uid = vcard.parse_card(path.read_text(encoding="utf-8")).uid
        assert path.name == f"{uid}.vcf"
    assert not list(vdir.glob("*.tmp")) and not list(vdir.glob(".*"))


def test_a_second_sync_with_no_change_changes_nothing(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen", emails=("bo@example.com",))
    vdir.mkdir()
    shutil.copy(FIXTURES / "v4-with-extras.vcf", vdir / "grace.vcf")
    first = sync_vdir(app, vdir)
    assert (first.imported, first.written_cards) == (1, 1)
    before = {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()}
    again = sync_vdir(app, vdir)
    assert nothing_to_do(again) and again.unchanged == 2
    assert {p.name: p.stat().st_mtime_ns for p in vdir.iterdir()} == before


def test_editing_a_card_on_disk_updates_the_person(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen", emails=("bo@example.com",), title="CTO", discipline="engineering")
    sync_vdir(app, vdir)
    card = file_of(vdir, "Bo Chen")
    edit_on_disk(card, "TITLE:CTO", "TITLE:Chief Architect\r\nTEL:+46 70 123 45 67")
    result = sync_vdir(app, vdir)
    assert (result.updated_people, result.written_cards, result.conflicts) == (1, 0, ())
    bo = people.show_person(app, "Bo Chen").to_json()
    assert bo["title"] == "Chief Architect"
    assert bo["phones"] == ["+46701234567"]
    assert bo["discipline"] == "engineering"  # what a card cannot say is left alone
    assert nothing_to_do(sync_vdir(app, vdir))


def test_editing_the_person_rewrites_the_card_keeping_what_goodwill_does_not_model(
    app: Context, vdir: Path
) -> None:
    vdir.mkdir()
    shutil.copy(FIXTURES / "v4-with-extras.vcf", vdir / "grace.vcf")
    assert sync_vdir(app, vdir).imported == 1
    people.edit_person(app, "Grace Hopper", PersonChanges(title="Rear Admiral"))
    result = sync_vdir(app, vdir)
    assert (result.written_cards, result.updated_people) == (1, 0)
    text = (vdir / "grace.vcf").read_text(encoding="utf-8")  # the same file name
    assert "X-PRIVATE-FIELD:this must survive a round trip" in text
    assert "X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.example/@grace" in text
    assert "UID:urn:uuid:0b7e3f4e-5d1c-4c4f-9d0e-6a5b2f1e9c01" in text
    assert cards(vdir)["Grace Hopper"].title == "Rear Admiral"
    assert nothing_to_do(sync_vdir(app, vdir))


def test_changes_on_both_sides_are_a_conflict_that_goodwill_wins(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen", emails=("bo@example.com",), title="CTO")
    sync_vdir(app, vdir)
    card = file_of(vdir, "Bo Chen")
    edit_on_disk(card, "TITLE:CTO", "TITLE:Head of Engineering\r\nX-PHONETIC-NAME:bo chen")
    people.edit_person(app, "Bo Chen", PersonChanges(title="Founder"))
    result = sync_vdir(app, vdir)
    assert [c.name for c in result.conflicts] == ["Bo Chen"]
    assert result.written_cards == 1
    assert people.show_person(app, "Bo Chen").title == "Founder"
    text = card.read_text(encoding="utf-8")
    assert "TITLE:Founder" in text and "X-PHONETIC-NAME:bo chen" in text
    assert nothing_to_do(sync_vdir(app, vdir))


def test_a_card_new_in_the_vdir_is_imported_and_merged(app: Context, vdir: Path) -> None:
    maya = add(app, "Maya Goldberg", emails=("maya.goldberg@example.com",), tier=Tier.INNER)
    vdir.mkdir()
    (vdir / "maya.vcf").write_bytes(
        (FIXTURES / "apple-contacts.vcf").read_bytes().split(b"END:VCARD")[0] + b"END:VCARD\r\n"
    )
    shutil.copy(FIXTURES / "outlook-cp1252.vcf", vdir / "helene.vcf")
    result = sync_vdir(app, vdir)
    assert result.imported == 2 and result.errors == ()
    assert sorted(p.name for p in vdir.iterdir()) == ["helene.vcf", "maya.vcf"]  # no new card
    view = people.show_person(app, "Maya Goldberg").to_json()
    assert view["id"] == maya and view["tier"] == "inner"
    assert "maya@goldberg.family" in view["emails"]
    assert people.show_person(app, "Hélène").company == "Société Générale"
    assert nothing_to_do(sync_vdir(app, vdir))


def test_a_deleted_card_keeps_the_person_and_is_reported(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen")
    sync_vdir(app, vdir)
    file_of(vdir, "Bo Chen").unlink()
    result = sync_vdir(app, vdir)
    assert result.forgotten == 1 and result.written_cards == 0
    assert [c.name for c in result.conflicts] == ["Bo Chen"]
    assert people.show_person(app, "Bo Chen").name == "Bo Chen"
    assert list(vdir.glob("*.vcf")) == []
    assert sync_vdir(app, vdir).written_cards == 1  # not archived: a new card next time


def test_a_renamed_card_stays_linked(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen")
    sync_vdir(app, vdir)
    old = file_of(vdir, "Bo Chen")
    old.rename(vdir / "bo.vcf")
    result = sync_vdir(app, vdir)
    assert (result.imported, result.forgotten, result.conflicts) == (0, 0, ())
    assert nothing_to_do(sync_vdir(app, vdir))
    assert [p.name for p in vdir.glob("*.vcf")] == ["bo.vcf"]


def test_broken_temp_and_bare_files_are_reported_or_ignored(app: Context, vdir: Path) -> None:
    vdir.mkdir()
    shutil.copy(FIXTURES / "broken-truncated.vcf", vdir / "half.vcf")
    shutil.copy(FIXTURES / "with-bom.vcf", vdir / "bo.vcf.tmp")
    shutil.copy(FIXTURES / "with-bom.vcf", vdir / "README")
    result = sync_vdir(app, vdir)
    assert result.imported == 0
    assert [(Path(e.file).name, e.line) for e in result.errors] == [("half.vcf", 1)]
    assert (vdir / "half.vcf").read_bytes() == (FIXTURES / "broken-truncated.vcf").read_bytes()


def test_a_dry_run_writes_nothing(app: Context, vdir: Path) -> None:
    add(app, "Bo Chen")
    vdir.mkdir()
    shutil.copy(FIXTURES / "with-bom.vcf", vdir / "bo.vcf")
    result = sync_vdir(app, vdir, dry_run=True)
    # Bo Mbatha's card gains its UID, Bo Chen gets a card: both only planned
    assert (result.imported, result.written_cards, result.dry_run) == (1, 2, True)
    assert [p.name for p in vdir.iterdir()] == ["bo.vcf"]
    assert people.list_people(app) and len(people.list_people(app)) == 1
    assert sync_vdir(app, vdir).imported == 1


def test_a_failed_write_leaves_whole_cards_and_no_links(
    app: Context, vdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Ana", "Bo", "Chen"):
        add(app, name)
    real_replace = os.replace
    calls = []

    def failing_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        sync_vdir(app, vdir)
    monkeypatch.undo()
    assert [p.name for p in vdir.iterdir() if not p.name.endswith(".vcf")] == []
    assert len(cards(vdir)) == 1  # written before the failure, whole
    result = sync_vdir(app, vdir)  # nothing was linked: the card is found again by name
    assert (result.imported, result.written_cards) == (1, 2)
    assert len(cards(vdir)) == 3 and nothing_to_do(sync_vdir(app, vdir))


def test_an_email_of_someone_else_written_into_a_card_is_left_out(app: Context, vdir: Path) -> None:
    add(app, "Ana Núñez", emails=("ana@example.org",))
    add(app, "Bo Chen", emails=("bo@example.com",))
    sync_vdir(app, vdir)
    card = file_of(vdir, "Bo Chen")
    edit_on_disk(card, "EMAIL:bo@example.com", "EMAIL:bo@example.com\r\nEMAIL:ana@example.org")
    result = sync_vdir(app, vdir)
    assert [c.name for c in result.conflicts] == ["Bo Chen"]
    assert "ana@example.org" in result.conflicts[0].reason
    assert people.show_person(app, "Bo Chen").emails == ("bo@example.com",)
    assert cards(vdir)["Bo Chen"].emails == ("bo@example.com",)  # the card says so again
    assert nothing_to_do(sync_vdir(app, vdir))


def test_a_forgotten_person_does_not_come_back_from_their_card(app: Context, vdir: Path) -> None:
    from goodwill.services import privacy

    add(app, "Zebediah Quuxworth", emails=("zq@quux.example",))
    add(app, "Ana Núñez")
    sync_vdir(app, vdir)
    card = file_of(vdir, "Zebediah")
    privacy.forget(app, "Zebediah Quuxworth")
    dry = sync_vdir(app, vdir, dry_run=True)
    assert dry.deleted_forgotten == 1 and dry.imported == 0 and card.exists()
    result = sync_vdir(app, vdir)
    assert result.deleted_forgotten == 1 and result.imported == 0
    assert not card.exists()
    with app.db.read() as uow:
        assert [name for _id, name, _company in uow.people.names()] == ["Ana Núñez"]
    assert nothing_to_do(sync_vdir(app, vdir))


def test_a_new_title_in_a_synced_card_is_a_new_role_occasion(app: Context, vdir: Path) -> None:
    from goodwill.services.occasions import occasions

    add(app, "Bo Chen", emails=("bo@example.com",), company="Globex", title="CTO")
    sync_vdir(app, vdir)
    edit_on_disk(file_of(vdir, "Bo Chen"), "TITLE:CTO", "TITLE:Chief Architect")
    sync_vdir(app, vdir)
    [news] = occasions(app)
    assert news.label == "new role: Chief Architect at Globex (was CTO at Globex)"
    assert people.show_person(app, "Bo Chen").past_roles[0].title == "CTO"
    edit_on_disk(file_of(vdir, "Bo Chen"), "TITLE:Chief Architect", "TITLE:chief  architect")
    sync_vdir(app, vdir)
    assert len(occasions(app)) == 1  # case and spacing are not news
