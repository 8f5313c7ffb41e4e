"""`goodwill export`, `restore` and `backup` as a user runs them: files, exit codes, one-line errors."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Goodwill

ON = "2026-11-24"


def one_line_error(text: str) -> str:
    assert text.startswith("error: ") and text.count("\n") == 1, text
    return text


@pytest.fixture
def gw(cli: Callable[..., Goodwill], tmp_path: Path) -> Goodwill:
    goodwill = cli(GOODWILL_DB=str(tmp_path / "main.db"))
    goodwill("init")
    goodwill("add", "Ana María Núñez", "--email", "ana@example.org", "--tier", "inner")
    goodwill("add", "=1+2", "--company", "@evil", "--note", "line one\nline two")
    goodwill("log", "Ana", "--gave", "shared-article", "--on", "2026-09-01")
    return goodwill


def test_export_json_to_a_file_and_restore_it_elsewhere(gw: Goodwill, tmp_path: Path) -> None:
    printed = gw("export", "json")
    backup = tmp_path / "backup.json"
    said = gw("export", "json", "-o", str(backup))
    assert said.startswith("wrote json to ") and str(backup) in said
    assert backup.read_text(encoding="utf-8") == printed
    assert json.loads(printed)["format"] == "goodwill-backup"
    if os.name == "posix":
        assert backup.stat().st_mode & 0o777 == 0o600

    other = str(tmp_path / "restored.db")
    restored = gw("--db", other, "restore", str(backup))  # a missing database is created
    assert "restored 2 people and 1 ledger entries" in restored
    assert gw("--db", other, "export", "json") == printed
    error = one_line_error(gw("--db", other, "restore", str(backup), code=1))
    # What is there in the user's words, not the tables it is kept in.
    assert "already holds people and ledger entries, and a restore would mix" in error
    assert "interaction_people" not in error and "person_" not in error


def test_restore_errors_are_one_line(gw: Goodwill, tmp_path: Path) -> None:
    text = gw("export", "json")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[:300], encoding="utf-8")
    other = str(tmp_path / "other.db")
    error = one_line_error(gw("--db", other, "restore", str(truncated), code=1))
    assert "truncated.json: not valid JSON" in error and "line " in error and "column " in error
    error = one_line_error(gw("--db", other, "restore", str(tmp_path / "missing.json"), code=1))
    assert "missing.json: no such file" in error
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"people": []}', encoding="utf-8")
    error = one_line_error(gw("--db", other, "restore", str(foreign), code=1))
    assert "foreign.json: not a goodwill backup" in error
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(json.loads(text) | {"schema": "9999"}), encoding="utf-8")
    error = one_line_error(gw("--db", other, "restore", str(newer), code=1))
    assert "newer than this goodwill" in error
    good = tmp_path / "good.json"
    good.write_text(text, encoding="utf-8")
    result = json.loads(gw("--db", other, "restore", "--json", str(good)))
    assert result["people"] == 2 and result["tables"]["people"] == 2


def test_export_csv_and_ics(gw: Goodwill, tmp_path: Path) -> None:
    table = list(csv.DictReader(io.StringIO(gw("export", "csv", "--on", ON), newline="")))
    assert [row["name"] for row in table] == ["Ana María Núñez", "'=1+2"]
    assert table[1]["company"] == "'@evil" and table[1]["notes"] == "line one\nline two"
    feed = gw("export", "ics", "--on", "2027-06-01", "--days", "7")
    assert feed.startswith("BEGIN:VCALENDAR") and "SUMMARY:Reach out to Ana María Núñez" in feed
    assert "UID:goodwill-1-" in feed
    out = tmp_path / "feed.ics"
    gw("export", "ics", "--on", "2027-06-01", "--days", "7", "-o", str(out))
    written = out.read_bytes().decode("utf-8")
    assert written.count("\r\n") == written.count("\n")  # RFC 5545 line ends
    assert written == feed


def test_export_usage_errors(gw: Goodwill, tmp_path: Path) -> None:
    assert "FORMAT" in gw("export", "pdf", code=2)
    assert "--days" in gw("export", "ics", "--days", "0", code=2)
    error = one_line_error(gw("export", "json", "-o", str(tmp_path / "no" / "dir.json"), code=1))
    assert "no directory" in error
    folder = tmp_path / "exports"
    folder.mkdir()
    error = one_line_error(gw("export", "csv", "-o", str(folder), code=1))
    assert "is not a regular file" in error and folder.is_dir()
    if hasattr(os, "mkfifo"):  # a pipe (as a device) is written to, never replaced by a file
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        error = one_line_error(gw("export", "json", "-o", str(pipe), code=1))
        assert "is not a regular file" in error and not pipe.is_file() and pipe.exists()


def test_export_vcard(gw: Goodwill) -> None:
    if importlib.util.find_spec("goodwill.exporters.vcard") is None:
        one_line_error(gw("export", "vcard", code=1))
        return
    cards = gw("export", "vcard")
    assert cards.count("BEGIN:VCARD") == 2 and "VERSION:4.0" in cards
    assert "VERSION:3.0" in gw("export", "vcard", "--v3")


def test_backup(gw: Goodwill, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    said = gw("backup", str(copy))
    assert "backed up" in said and "(2 people" in said
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o600
    assert "exists: pass --force" in one_line_error(gw("backup", str(copy), code=1))
    gw("backup", str(copy), "--force")
    assert gw("--db", str(copy), "export", "json") == gw("export", "json")
    error = one_line_error(
        gw("--db", "postgresql+psycopg://nobody@localhost/none", "backup", str(copy), code=1)
    )
    assert "pg_dump" in error


def test_a_birthday_without_its_year_is_kept_shown_wished_and_restored(
    gw: Goodwill, tmp_path: Path
) -> None:
    gw("add", "Bo Chen", "--birthday", "--11-26", "--tier", "inner")
    assert "  birthday    --11-26\n" in gw("show", "Bo")
    assert "wish Bo a happy birthday (Nov 26)" in gw("today", "--on", ON)
    rows = list(csv.DictReader(io.StringIO(gw("export", "csv"))))
    # As Google Contacts writes it, made inert for a spreadsheet (which would add it up).
    assert [row["birthday"] for row in rows if row["name"] == "Bo Chen"] == ["'--11-26"]
    backup = tmp_path / "backup.json"
    gw("export", "json", "-o", str(backup))
    other = str(tmp_path / "restored.db")
    gw("--db", other, "restore", str(backup))
    assert "  birthday    --11-26\n" in gw("--db", other, "show", "Bo")
    refused = one_line_error(gw("edit", "Bo", "--birthday", "26.11.1990", code=1))
    assert "use YYYY-MM-DD, or --MM-DD when you do not know the year" in refused
