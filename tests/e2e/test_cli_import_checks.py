"""Imports never fail silently: a wrong kind of file, an empty file or a mail import without
my address is one line and exit 1; `goodwill import FILE` detects the format and says so;
skips are listed with file:line; Ctrl-C leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Goodwill

from goodwill.cli.app import app as cli_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ME = "alex.morgan@example.com"
UNKNOWN = "not someone in goodwill (no matching email, profile or name)"
LINKEDIN_ZIP = FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    runner = cli()
    runner("init")
    return runner


@pytest.mark.parametrize(
    ("fmt", "path", "message"),
    [
        (
            "vcard",
            LINKEDIN_ZIP,
            "this is a LinkedIn export, not vCards: import it as linkedin",
        ),
        (
            "linkedin",
            FIXTURES / "csv" / "google-contacts.csv",
            "this is a Google Contacts CSV, not a LinkedIn export: import it as google-csv",
        ),
        (
            "google-csv",
            FIXTURES / "csv" / "outlook-contacts.csv",
            "this is an Outlook contacts CSV, not a Google Contacts CSV: import it as outlook-csv",
        ),
        (
            "outlook-csv",
            FIXTURES / "linkedin" / "Connections.csv",
            "this is LinkedIn's Connections.csv, not an Outlook contacts CSV: "
            "import it as linkedin",
        ),
        (
            "mbox",
            FIXTURES / "calendar" / "google-calendar.ics",
            "this is an iCalendar file, not an mbox mail archive: import it as ics",
        ),
        (
            "ics",
            FIXTURES / "mail" / "takeout-sample.mbox",
            "this is an mbox mail archive, not an iCalendar file: import it as mbox",
        ),
        (
            "maildir",
            FIXTURES / "vcards",
            "this is a folder of vCards, not a Maildir folder: import it as vcard",
        ),
        (
            "linkedin",
            FIXTURES / "vcards" / "apple-contacts.vcf",
            "this is vCards, not a LinkedIn export: import it as vcard",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " not in value else None,
)
def test_a_wrong_kind_of_file_is_one_line_naming_both_kinds(
    gw: Goodwill, fmt: str, path: Path, message: str
) -> None:
    error = gw("import", fmt, str(path), "--me", ME, code=1)
    assert message in error
    assert len(error.strip().splitlines()) == 1
    assert gw.json("list") == []


def test_a_file_of_no_known_kind_says_what_it_is(gw: Goodwill, tmp_path: Path) -> None:
    pdf = tmp_path / "contacts.vcf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert "not vCards: this is a PDF document" in gw("import", "vcard", str(pdf), code=1)
    assert "cannot tell what to import: this is a PDF document" in gw("import", str(pdf), code=1)
    other = tmp_path / "Positions.csv"
    other.write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\nAcme,PM,,,2020,\n"
    )
    error = gw("import", "google-csv", str(other), code=1)
    assert (
        "not a Google Contacts CSV: this is a CSV file with columns goodwill does not know" in error
    )
    assert "Company Name, Title" in error


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("linkedin", "Connections.csv"),
        ("vcard", "contacts.vcf"),
        ("google-csv", "contacts.csv"),
        ("outlook-csv", "contacts.csv"),
        ("mbox", "mail.mbox"),
        ("ics", "calendar.ics"),
        (None, "anything.vcf"),
    ],
)
def test_an_empty_file_is_an_error(
    gw: Goodwill, tmp_path: Path, fmt: str | None, name: str
) -> None:
    empty = tmp_path / name
    empty.write_bytes(b"" if fmt else b"\n  \r\n")
    args = [fmt] if fmt else []
    error = gw("import", *args, str(empty), "--me", ME, code=1)
    assert f"{empty}: the file is empty: nothing to import" in error


def test_a_file_with_a_header_and_no_rows_imports_nothing_and_says_so(
    gw: Goodwill, tmp_path: Path
) -> None:
    only_header = tmp_path / "Connections.csv"
    only_header.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    error = gw("import", "linkedin", str(only_header), code=1)
    assert "found nothing to import in LinkedIn's Connections.csv" in error


@pytest.mark.parametrize("fmt", ["mbox", "maildir", "ics"])
def test_mail_and_calendars_need_my_address(gw: Goodwill, fmt: str) -> None:
    path = {
        "mbox": FIXTURES / "mail" / "takeout-sample.mbox",
        "maildir": FIXTURES / "mail" / "maildir",
        "ics": FIXTURES / "calendar" / "google-calendar.ics",
    }[fmt]
    error = gw("import", fmt, str(path), code=1)
    assert "needs your own address" in error and "--me you@example.com" in error
    assert "goodwill config set me" in error


def test_a_wrong_address_of_mine_is_an_error_not_zero_touches(gw: Goodwill) -> None:
    mbox = str(FIXTURES / "mail" / "takeout-sample.mbox")
    error = gw("import", "mbox", mbox, "--me", "someone.else@example.com", code=1)
    assert "no message in it is from or to your address" in error


@pytest.mark.parametrize(
    ("path", "fmt", "found"),
    [
        (LINKEDIN_ZIP, "linkedin", "a LinkedIn export"),
        (FIXTURES / "linkedin", "linkedin", "an unpacked LinkedIn export"),
        (FIXTURES / "linkedin" / "Connections.csv", "linkedin", "LinkedIn's Connections.csv"),
        (FIXTURES / "linkedin" / "german" / "Connections.csv", "linkedin", "Connections.csv"),
        (FIXTURES / "vcards" / "outlook-2.1.vcf", "vcard", "vCards"),
        (FIXTURES / "vcards" / "with-bom.vcf", "vcard", "vCards"),
        (FIXTURES / "csv" / "google-contacts.csv", "google-csv", "a Google Contacts CSV"),
        (FIXTURES / "csv" / "google-old-utf16.csv", "google-csv", "a Google Contacts CSV"),
        (FIXTURES / "csv" / "outlook-contacts.csv", "outlook-csv", "an Outlook contacts CSV"),
        (FIXTURES / "mail" / "takeout-sample.mbox", "mbox", "an mbox mail archive"),
        (FIXTURES / "mail" / "crlf-sample.mbox", "mbox", "an mbox mail archive"),
        (FIXTURES / "mail" / "maildir", "maildir", "a Maildir folder"),
        (FIXTURES / "calendar" / "google-calendar.ics", "ics", "an iCalendar file"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_import_without_a_format_detects_it_and_says_which(
    gw: Goodwill, path: Path, fmt: str, found: str
) -> None:
    gw("import", "linkedin", str(LINKEDIN_ZIP))  # people for the touches to land on
    gw("import", "google-csv", str(FIXTURES / "csv" / "google-contacts.csv"))
    out = gw("import", str(path), "--me", ME)
    first = out.splitlines()[0]
    assert found in first and first.endswith(f"read as {fmt}")
    report = gw.json("import", str(path), "--me", ME)
    assert isinstance(report, dict) and report["format"] == fmt and found in report["found"]


def test_skips_are_listed_with_file_line_and_why_and_counts_mean_one_thing(
    cli: Callable[..., Goodwill],
) -> None:
    gw = cli()
    gw("init")
    result = gw.runner.invoke(cli_app, ["import", "linkedin", str(LINKEDIN_ZIP)], env=gw.env)
    assert result.exit_code == 0
    summary = "8 created, 0 updated, 0 merged, 0 unchanged, 3 skipped, 6 touches, 1 gives"
    assert summary in result.stdout
    assert "2 invitations" in result.stdout
    assert f"{LINKEDIN_ZIP}:Connections.csv:11: hidden profile" in result.stderr
    assert f"{LINKEDIN_ZIP}:messages.csv:7: draft" in result.stderr
    assert f"{LINKEDIN_ZIP}:messages.csv:8: spam" in result.stderr
    again = gw.json("import", str(LINKEDIN_ZIP))
    assert isinstance(again, dict)
    # Eight people, named by 8 connection rows and 7 message and recommendation rows.
    assert (again["unchanged"], again["touches"], again["already_recorded"]) == (8, 0, 7)
    assert again["invitations"] == 0 and len(gw.json("triage")) == 2  # type: ignore[arg-type]
    skips = {(s["line"], s["reason"]) for s in again["skips"]}
    assert (11, "hidden profile: LinkedIn gives only a date") in skips
    assert again["skip_reasons"] == {
        "hidden profile: LinkedIn gives only a date": 1,
        "draft": 1,
        "spam": 1,
    }


def test_a_meeting_skipped_at_each_occurrence_is_one_line_saying_how_often(gw: Goodwill) -> None:
    calendar = FIXTURES / "calendar" / "google-calendar.ics"
    # Nobody is in goodwill yet, so every occurrence of the monthly call (line 29, three
    # times, Raj and me as someone else's guests) is skipped for the same reason.
    result = gw.runner.invoke(
        cli_app, ["import", "ics", str(calendar), "--me", "someone@else.example"], env=gw.env
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if f"{calendar}:29:" in line]
    assert lines == [f"  skipped {calendar}:29: {UNKNOWN} (6 times)"]
    assert f"{calendar}:53: no other attendees\n" in result.stderr  # once: no count


def _big_connections(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for n in range(rows):
            out.write(
                f"Person{n},Surname{n},https://www.linkedin.com/in/person-{n},,"
                f"Company {n % 997},Engineer,08 Feb 2026\n"
            )


def test_ctrl_c_during_an_import_says_so_and_imports_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A real process, a real SIGINT, in the middle of writing."""
    environ = {**os.environ, **env, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "goodwill"]
    subprocess.run([*command, "init"], env=environ, check=True, capture_output=True)
    export = tmp_path / "Connections.csv"
    _big_connections(export, 200_000)
    wal = Path(env["GOODWILL_DATA_DIR"]) / "goodwill.db-wal"
    process = subprocess.Popen(
        [*command, "import", str(export)],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 1_000_000:  # writing people, uncommitted
            break
        time.sleep(0.05)
    assert process.poll() is None, "the import ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.strip() == "interrupted: nothing imported"
    assert "imported from" not in stdout
    listed = subprocess.run(
        [*command, "list", "--json"], env=environ, check=True, capture_output=True, text=True
    )
    assert listed.stdout.strip() == "[]"


def test_the_summary_says_which_card_was_left_out(gw: Goodwill) -> None:
    """The summary line alone (stdout, as a script or a log keeps it) counts and names the
    card that could not be read, as it counts the skips."""
    path = FIXTURES / "vcards" / "broken-unclosed-then-whole.vcf"
    summary = gw("import", "vcard", str(path)).splitlines()[0]
    assert summary == (
        "imported from broken-unclosed-then-whole.vcf: 1 created, 0 updated, 0 merged, "
        "0 unchanged, 0 skipped, 0 touches; "
        "1 card left out: line 1: truncated card: BEGIN:VCARD without END:VCARD"
    )


def test_a_dry_run_names_who_would_be_created_updated_and_merged(
    gw: Goodwill, tmp_path: Path
) -> None:
    """Counts alone do not let a user check a dry run: it names the people of each change,
    and for an update what would change."""
    connections = FIXTURES / "linkedin" / "Connections.csv"
    gw("import", "linkedin", str(connections))
    promoted = tmp_path / "Connections.csv"
    text = connections.read_text("utf-8").replace("Chief Operating Officer", "CEO")
    promoted.write_text(text + "Wei,Zhang,https://www.linkedin.com/in/weizhang,,,,01 Dec 2026\n")
    said = gw("import", "linkedin", str(promoted), "--dry-run")
    assert "  created: Wei Zhang\n" in said
    assert "  updated: Maya Goldberg (title)\n" in said
    report = gw.json("import", "linkedin", str(promoted), "--dry-run")
    assert isinstance(report, dict)
    assert report["people"] == {
        "created": ["Wei Zhang"],
        "updated": ["Maya Goldberg (title)"],
        "merged": [],
    }
