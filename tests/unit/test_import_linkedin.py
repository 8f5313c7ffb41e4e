"""The LinkedIn reader against the sample export: what samples/README.md says an import sees."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from goodwill.domain.dates import NO_YEAR
from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.importers import linkedin
from goodwill.importers.csvtext import parse_birthday, parse_date
from goodwill.importers.records import (
    ContactRecord,
    InvitationRecord,
    OccasionRecord,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
EXPORT = FIXTURES / "Basic_LinkedInDataExport_11-20-2026.zip"
ME = "https://www.linkedin.com/in/alexmorgan-sample"
#: The export's files, in the order the reader reads them.
FILES = ("Connections.csv", "messages.csv", "Invitations.csv", "Recommendations_Given.csv")
R = TypeVar("R")


def read(path: Path, *me: str) -> list[Record]:
    return list(linkedin.read(path, ReadOptions(me=me)))


def of(records: Iterable[Record], kind: type[R]) -> list[R]:
    return [record for record in records if isinstance(record, kind)]


def touches(records: Iterable[Record]) -> set[tuple[str | None, date, Initiator, bool, str]]:
    return {
        (t.person.name, t.on, t.initiated_by, t.by_them, t.kind)
        for t in of(records, TouchRecord)
        if t.channel is Channel.MESSAGE
    }


# --- The sample export -------------------------------------------------------------------


def test_connections_are_eight_people_and_the_hidden_profile_is_skipped() -> None:
    records = read(FIXTURES / "Connections.csv")
    people = of(records, ContactRecord)
    assert [p.name for p in people] == [
        "Maya Goldberg",
        "Raj Malhotra",
        "Søren Kierkegaard-Jensen",
        "Aiko Tanaka",
        "Fatima Zahra",
        "Diego Fernández",
        "Grace Hopper",
        "Tobi Oyelaran 🎯",
    ]
    skipped = of(records, SkippedRecord)
    assert len(skipped) == 1
    assert skipped[0].where == f"{FIXTURES / 'Connections.csv'}:11"
    assert "hidden" in skipped[0].reason
    assert of(records, RecordError) == []


def test_a_file_cut_short_in_a_row_reports_that_row_not_half_a_person(tmp_path: Path) -> None:
    whole = (FIXTURES / "Connections.csv").read_bytes()
    cut = whole[: whole.index(b"Kierkegaard") + 3]  # "Søren Kie", then nothing
    path = tmp_path / "Connections.csv"
    path.write_bytes(cut)
    records = read(path)
    assert [p.name for p in of(records, ContactRecord)] == ["Maya Goldberg", "Raj Malhotra"]
    [error] = of(records, RecordError)
    assert error.line == 7 and "cut short" in error.message


def test_connection_fields() -> None:
    people = {p.name: p for p in of(read(FIXTURES / "Connections.csv"), ContactRecord)}
    maya = people["Maya Goldberg"]
    assert maya.source == "linkedin"
    assert maya.uid == "https://www.linkedin.com/in/mayagoldberg"
    assert maya.links == ("https://www.linkedin.com/in/mayagoldberg",)
    assert maya.emails == ("maya.goldberg@example.com",)
    assert maya.company == "Northwind Traders"
    assert maya.met_on == date(2019, 3, 14)
    assert maya.met_how == "connected on LinkedIn"
    assert people["Søren Kierkegaard-Jensen"].met_on == date(2024, 2, 29)
    assert people["Søren Kierkegaard-Jensen"].company == "Mærsk"
    assert people["Raj Malhotra"].company == "Contoso, Ltd."
    assert people["Raj Malhotra"].emails == ()
    assert people["Aiko Tanaka"].company == "楽天株式会社"
    assert people["Fatima Zahra"].company == 'Fabrikam "Labs"'
    assert people["Fatima Zahra"].title == "Research Scientist, NLP"
    assert people["Diego Fernández"].company is None
    assert people["Tobi Oyelaran 🎯"].title == "Growth Lead"


def test_message_touches_match_the_sample_readme() -> None:
    records = read(FIXTURES / "messages.csv")
    assert touches(records) == {
        ("Raj Malhotra", date(2026, 3, 2), Initiator.ME, False, "catch-up"),
        ("Raj Malhotra", date(2026, 3, 2), Initiator.THEM, False, "catch-up"),
        ("Tobi Oyelaran 🎯", date(2025, 8, 19), Initiator.THEM, True, "asked-job"),
        ("Maya Goldberg", date(2026, 10, 30), Initiator.ME, False, "catch-up"),
        ("Maya Goldberg", date(2026, 6, 15), Initiator.ME, False, "catch-up"),
        ("Aiko Tanaka", date(2026, 6, 15), Initiator.ME, False, "catch-up"),
    }
    # Two messages from Raj on one day are one touch.
    assert len(of(records, TouchRecord)) == 6
    assert {(s.where.rsplit(":", 1)[1], s.reason) for s in of(records, SkippedRecord)} == {
        ("7", "draft"),
        ("8", "spam"),
    }
    assert of(records, RecordError) == []


def test_message_touch_details() -> None:
    found = {(t.person.name, t.initiated_by): t for t in of(read(EXPORT), TouchRecord)}
    tobi = found["Tobi Oyelaran 🎯", Initiator.THEM]
    assert tobi.direction is Direction.TOUCH  # their ask costs me nothing
    assert tobi.person.link == "https://www.linkedin.com/in/tobioyelaran"
    assert tobi.note.startswith("Hi Alex, great to connect. Could you refer me")
    assert len(tobi.note) <= 80
    raj = found["Raj Malhotra", Initiator.ME]
    assert raj.channel is Channel.MESSAGE
    assert raj.source == "linkedin"
    assert raj.source_id == "2-abc1:2026-03-02:https://www.linkedin.com/in/raj-malhotra-7731:me"


def test_me_can_be_given_and_source_ids_are_stable() -> None:
    inferred = read(FIXTURES / "messages.csv")
    given = read(FIXTURES / "messages.csv", ME)
    by_name = read(FIXTURES / "messages.csv", "alex.morgan@example.com", "Alex Morgan")
    assert inferred == given == by_name


def test_invitations() -> None:
    invitations = of(read(FIXTURES / "Invitations.csv"), InvitationRecord)
    assert [(i.name, i.incoming, i.on) for i in invitations] == [
        ("Chris Seller", True, date(2026, 1, 29)),
        ("Lena Park", True, date(2026, 11, 18)),
        ("Omar Haddad", False, date(2026, 11, 19)),
    ]
    pitch, meetup, outgoing = invitations
    assert "pipeline" in pitch.message
    assert pitch.link == "https://www.linkedin.com/in/chrisseller"
    assert meetup.message == "Great meeting you at the PMI chapter meetup last night!"
    assert outgoing.link == "https://www.linkedin.com/in/omarhaddad"
    assert outgoing.message == ""
    assert len({i.source_id for i in invitations}) == 3


def test_a_recommendation_given_is_a_reference_deposit() -> None:
    (diego,) = of(read(FIXTURES / "Recommendations_Given.csv"), TouchRecord)
    assert diego.person.name == "Diego Fernández"
    assert diego.on == date(2026, 4, 12)
    assert diego.direction is Direction.DEPOSIT
    assert diego.kind == "reference"
    assert diego.initiated_by is Initiator.ME
    assert diego.channel is Channel.SOCIAL


def test_a_recommendation_received_is_an_occasion_of_every_status() -> None:
    records = read(FIXTURES / "received" / "Recommendations_Received.csv")
    found = of(records, OccasionRecord)
    assert [(r.person.name, r.on, r.kind) for r in found] == [
        ("Maya Goldberg", date(2026, 11, 10), "recommended"),
        ("Raj Malhotra", date(2023, 6, 3), "recommended"),  # HIDDEN: still written by them
        ("Priya Raman", date(2026, 11, 2), "recommended"),
    ]
    assert {r.label for r in found} == {"recommended you: thank them"}
    assert of(records, TouchRecord) == []  # what they gave is no ledger entry of mine


def test_a_recommendations_file_with_other_columns_is_one_error_naming_it() -> None:
    bad = FIXTURES / "bad-recommendations" / "Recommendations_Received.csv"
    [error] = read(bad)
    assert isinstance(error, RecordError)
    assert error.file == str(bad)
    assert "not LinkedIn's Recommendations_Received.csv" in error.message


def test_only_connections_are_marked_connected() -> None:
    contacts = of(read(FIXTURES / "Connections.csv"), ContactRecord)
    assert contacts and all(c.connected for c in contacts)


def test_the_zip_and_the_folder_read_like_the_files() -> None:
    from_zip = read(EXPORT)
    from_folder = read(FIXTURES)
    singles = [record for name in FILES for record in read(FIXTURES / name)]

    def strip_where(records: list[Record]) -> list[object]:
        return [getattr(r, "source_id", None) or getattr(r, "uid", None) for r in records]

    assert strip_where(from_zip) == strip_where(from_folder) == strip_where(singles)
    assert len(of(from_zip, ContactRecord)) == 8
    assert len(of(from_zip, InvitationRecord)) == 3
    assert len(of(from_zip, TouchRecord)) == 7
    assert len(of(from_zip, SkippedRecord)) == 3
    assert of(from_zip, ContactRecord)[0].where == f"{EXPORT}:Connections.csv:5"
    assert of(from_zip, SkippedRecord)[1].where == f"{EXPORT}:messages.csv:7"


def test_progress_adds_up_to_the_size_read() -> None:
    for path, size in (
        (EXPORT, EXPORT.stat().st_size),
        (FIXTURES / "Connections.csv", (FIXTURES / "Connections.csv").stat().st_size),
        (FIXTURES, sum((FIXTURES / name).stat().st_size for name in FILES)),
    ):
        steps: list[int] = []
        list(linkedin.read(path, ReadOptions(advance=steps.append)))
        assert steps and all(step >= 0 for step in steps)
        assert sum(steps) == size, path


def test_reading_is_lazy() -> None:
    stream = linkedin.read(EXPORT, ReadOptions())
    first = next(stream)
    assert isinstance(first, ContactRecord)
    assert first.name == "Maya Goldberg"


# --- Odd and broken files ----------------------------------------------------------------


def test_a_truncated_zip_is_one_error() -> None:
    records = read(FIXTURES / "truncated.zip")
    assert len(records) == 1
    (error,) = records
    assert isinstance(error, RecordError)
    assert error.file == str(FIXTURES / "truncated.zip")
    assert error.line is None


def test_a_utf16_connections_file_with_bom_reads_the_same() -> None:
    utf16 = of(read(FIXTURES / "utf16" / "Connections.csv"), ContactRecord)
    utf8 = of(read(FIXTURES / "Connections.csv"), ContactRecord)
    assert [(p.name, p.company, p.met_on) for p in utf16] == [
        (p.name, p.company, p.met_on) for p in utf8
    ]


def test_german_headers() -> None:
    records = read(FIXTURES / "german" / "Connections.csv")
    assert of(records, RecordError) == []
    juergen, anna = of(records, ContactRecord)
    assert juergen.name == "Jürgen Müller"
    assert juergen.emails == ("j.mueller@example.de",)
    assert juergen.company == "Grün & Partner GmbH"
    assert juergen.met_on == date(2019, 3, 14)
    assert juergen.uid == "https://www.linkedin.com/in/juergen-mueller"
    assert anna.company == "Bäckerei Schmidt, Köln"
    assert anna.met_on == date(2022, 10, 3)
    assert anna.uid == "https://de.linkedin.com/in/annaschmidt"


def test_bad_dates_are_reported_by_line_and_the_rest_is_read() -> None:
    path = FIXTURES / "odd-rows" / "Connections.csv"
    records = read(path)
    people = of(records, ContactRecord)
    assert [p.name for p in people] == ["Ngozi Okafor", "Omar Haddad"]
    assert people[0].met_on == date(2021, 4, 4)  # Excel's 4-Apr-21
    assert people[0].company == "Okafor & Sons Lagos office"
    assert people[0].where == f"{path}:5"
    # The quoted company spans two lines, so the rows after it start one line later.
    errors = of(records, RecordError)
    assert [(e.file, e.line) for e in errors] == [(str(path), 7), (str(path), 8)]
    assert "sometime in 2020" in errors[0].message
    assert "30 Feb 2023" in errors[1].message
    assert people[1].where == f"{path}:9"


def test_exports_before_2023_have_no_urls() -> None:
    folder = FIXTURES / "pre-2023"
    records = read(folder)
    maya, raj = of(records, ContactRecord)
    assert maya.uid == "name:Maya Goldberg|maya.goldberg@example.com"
    assert maya.links == ()
    assert raj.uid == "name:Raj Malhotra|Contoso, Ltd."
    assert touches(records) == {
        ("Raj Malhotra", date(2022, 5, 3), Initiator.ME, False, "catch-up"),
        ("Raj Malhotra", date(2022, 5, 4), Initiator.THEM, True, "asked-intro"),
        ("Maya Goldberg", date(2022, 6, 1), Initiator.THEM, False, "catch-up"),
    }
    me_to_raj = next(t for t in of(records, TouchRecord) if t.initiated_by is Initiator.ME)
    assert me_to_raj.person.link is None
    assert me_to_raj.note == "Lunch?"


def test_with_one_conversation_me_must_be_given(tmp_path: Path) -> None:
    text = (FIXTURES / "messages.csv").read_text("utf-8").splitlines(keepends=True)
    one = tmp_path / "messages.csv"
    one.write_text("".join(text[:4]), "utf-8")
    (error,) = read(one)
    assert isinstance(error, RecordError)
    assert error.line is None
    assert "--me" in error.message
    assert len(of(read(one, ME), TouchRecord)) == 2
    assert len(of(read(one, "Alex Morgan"), TouchRecord)) == 2


def test_a_renamed_export_file_is_recognised_by_its_header(tmp_path: Path) -> None:
    renamed = tmp_path / "Connections (1).csv"
    shutil.copy(FIXTURES / "Connections.csv", renamed)
    assert len(of(read(renamed), ContactRecord)) == 8


def test_unreadable_files_are_one_error_each(tmp_path: Path) -> None:
    binary = tmp_path / "Connections.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n", "utf-8")
    empty_zip = tmp_path / "export.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\nAlex,Morgan\n")
    for path in (binary, other, empty_zip, tmp_path / "missing.csv"):
        records = read(path)
        assert len(records) == 1, path
        assert isinstance(records[0], RecordError)
        assert records[0].line is None


def test_a_zip_member_in_a_folder_is_found(tmp_path: Path) -> None:
    nested = tmp_path / "export.zip"
    with zipfile.ZipFile(nested, "w") as archive:
        archive.write(FIXTURES / "Invitations.csv", "export/Invitations.csv")
    invitations = of(read(nested), InvitationRecord)
    assert len(invitations) == 3
    assert invitations[0].where == f"{nested}:export/Invitations.csv:2"


# --- Asks and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Could you refer me for the open role at your company?", "asked-job"),
        ("Any referral possible?", "asked-job"),
        ("Would you mind introducing me to Maya?", "asked-intro"),
        ("Could you give me some advice on pricing?", "asked-advice"),
        ("Can you sign this petition for me?", "asked-favour"),
        ("Thanks Alex, very useful!", None),
        ("Congrats on the new role!", None),
        ("Would you like to grab coffee?", None),
    ],
)
def test_classify_ask(text: str, kind: str | None) -> None:
    assert linkedin.classify_ask(text) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08 Feb 2026", date(2026, 2, 8)),
        ("29 Feb 2024", date(2024, 2, 29)),
        ("4-Apr-21", date(2021, 4, 4)),
        ("4-Apr-1999", date(1999, 4, 4)),
        ("2025-06-01 14:03:22 UTC", date(2025, 6, 1)),
        ("2026-01-12T10:00:00Z", date(2026, 1, 12)),
        ("2026-01-12", date(2026, 1, 12)),
        ("1/29/26, 2:37 PM", date(2026, 1, 29)),
        ("04/12/26, 10:15 AM", date(2026, 4, 12)),
        ("7/22/1984", date(1984, 7, 22)),
        ("14 Mär 2019", date(2019, 3, 14)),
        ("03.10.2022", date(2022, 10, 3)),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["sometime", "30 Feb 2023", "13/13/26", "08 Foo 2026", "2026"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="unreadable date"):
        parse_date(text)


def test_birthdays_without_a_year_keep_their_day_and_no_year() -> None:
    assert parse_birthday("--03-14") == parse_birthday("--0314") == date(NO_YEAR, 3, 14)
    assert parse_birthday("--02-29") == date(NO_YEAR, 2, 29)  # NO_YEAR is a leap year
    with pytest.raises(ValueError, match="unreadable date '--02-30'"):
        parse_birthday("--02-30")
    assert parse_birthday("0/0/00") is None
    assert parse_birthday("1984-07-22") == date(1984, 7, 22)


def test_profile_urls_are_normalised() -> None:
    assert (
        linkedin.profile_url(" https://WWW.LinkedIn.com/in/Foo/?trk=x#top ")
        == "https://www.linkedin.com/in/Foo"
    )
    assert linkedin.profile_url("https://www.linkedin.com/in/foo/") == (
        "https://www.linkedin.com/in/foo"
    )
    assert linkedin.profile_url("") == ""


def test_a_large_zip_member_is_streamed_not_unpacked_into_memory(tmp_path: Path) -> None:
    """A 24 MB Connections.csv in a ZIP: reading it holds a block and a row, not the file
    (held whole, bytes and text took twice its size)."""
    import random
    import tracemalloc

    chance = random.Random(12)
    header = (FIXTURES / "Connections.csv").read_text(encoding="utf-8").split("First Name")[0]
    lines = [header + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    size = len(lines[0])
    while size < 24_000_000:
        word = "".join(chance.choices("abcdefghijklmnopqrstuvwxyz", k=12))
        line = f"Ann,{word},https://www.linkedin.com/in/{word},,Acme {word[:4]},CTO,14 Mar 2019"
        lines.append(line)
        size += len(line) + 1
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("Connections.csv", "\n".join(lines) + "\n")
    del lines
    progress: list[int] = []
    tracemalloc.start()
    try:
        people = sum(
            1
            for record in linkedin.read(archive, ReadOptions(advance=progress.append))
            if isinstance(record, ContactRecord)
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert people > 250_000
    assert peak < 4_000_000, f"peak {peak:,} bytes while reading a 24 MB member"
    assert sum(progress) == archive.stat().st_size


def test_message_dates_in_every_form_and_a_bad_one_quoted_whole(tmp_path: Path) -> None:
    """A message's day is its DATE's, in LinkedIn's ISO form with a time and in the US
    form older exports use; an unreadable one is an error quoting the whole cell. Short
    rows and a missing draft column read as empty cells."""
    path = tmp_path / "messages.csv"
    path.write_text(
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
        "c1,Me Myself,https://www.linkedin.com/in/me,Ada Lovelace,"
        "https://www.linkedin.com/in/ada,2024-03-05 23:59:59 UTC,,Hello Ada,INBOX\n"
        "c1,Ada Lovelace,https://www.linkedin.com/in/ada,Me Myself,"
        'https://www.linkedin.com/in/me,"1/29/26, 2:37 PM",,Hi back\n'
        "c2,Me Myself,https://www.linkedin.com/in/me,Alan Turing,"
        "https://www.linkedin.com/in/alan,2024-13-45 10:00:00 UTC,,Hello Alan,INBOX\n",
        encoding="utf-8",
    )
    records = read(path, "https://www.linkedin.com/in/me")
    assert sorted((t.person.name, t.on, t.note) for t in of(records, TouchRecord)) == [
        ("Ada Lovelace", date(2024, 3, 5), "Hello Ada"),
        ("Ada Lovelace", date(2026, 1, 29), "Hi back"),
    ]
    (error,) = of(records, RecordError)
    assert error.line == 4
    assert "'2024-13-45 10:00:00 UTC'" in error.message
