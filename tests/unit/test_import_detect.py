"""Detection reads only a file's head, a ZIP's member names or a folder's entries."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from goodwill.importers.detect import HEAD_BYTES, detect

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_header_after_a_long_preamble_and_a_cut_character_is_still_found(
    tmp_path: Path,
) -> None:
    connections = (FIXTURES / "linkedin" / "Connections.csv").read_bytes()
    # Many rows of Ü: the head ends in the middle of a two-byte character.
    padded = connections + "Ü".encode() * HEAD_BYTES
    path = tmp_path / "export.csv"
    path.write_bytes(padded[: HEAD_BYTES + 1])
    assert detect(path).format == "linkedin"


def test_utf16_without_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    text = (FIXTURES / "csv" / "outlook-contacts.csv").read_bytes().decode("cp1252")
    path.write_bytes(text.encode("utf-16-le"))
    assert detect(path).format == "outlook-csv"


def test_a_zip_is_judged_by_its_member_names(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("Basic_LinkedInDataExport/messages.csv", "CONVERSATION ID,FROM,TO,DATE\n")
    assert detect(export).format == "linkedin"
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8\xff")
    found = detect(other)
    assert found.format is None and "without LinkedIn's Connections.csv" in found.what


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b'{"people": []}', "a JSON file"),
        (b"<html><body>contacts</body></html>", "an HTML or XML file"),
        (b"Return-Path: <a@example.com>\nFrom: a@example.com\n\nhello\n", "a single email"),
        (b"just some notes\nabout people\n", "text goodwill does not know"),
        (b"SQLite format 3\x00\x10\x00", "a SQLite database"),
    ],
)
def test_files_that_are_no_export_say_what_they_are(
    tmp_path: Path, content: bytes, what: str
) -> None:
    path = tmp_path / "file"
    path.write_bytes(content)
    found = detect(path)
    assert found.format is None and what in found.what


def test_an_empty_folder_is_no_export(tmp_path: Path) -> None:
    assert detect(tmp_path).format is None
    (tmp_path / "Maya.VCF").write_text("BEGIN:VCARD\nFN:Maya\nEND:VCARD\n")
    assert detect(tmp_path).format == "vcard"
