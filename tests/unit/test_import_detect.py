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


CHATS = FIXTURES / "chats"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip", "linkedin"),
        (FIXTURES / "linkedin" / "Connections.csv", "linkedin"),
        (FIXTURES / "linkedin" / "german" / "Connections.csv", "linkedin"),
        (FIXTURES / "linkedin" / "pre-2023" / "messages.csv", "linkedin"),
        (FIXTURES / "vcards" / "with-bom.vcf", "vcard"),
        (FIXTURES / "vcards" / "outlook-2.1.vcf", "vcard"),
        (FIXTURES / "csv" / "google-contacts.csv", "google-csv"),
        (FIXTURES / "csv" / "google-old-utf16.csv", "google-csv"),
        (FIXTURES / "csv" / "outlook-contacts.csv", "outlook-csv"),
        (FIXTURES / "mail" / "takeout-sample.mbox", "mbox"),
        (FIXTURES / "mail" / "crlf-sample.mbox", "mbox"),
        (FIXTURES / "calendar" / "google-calendar.ics", "ics"),
        (CHATS / "WhatsApp Chat with Ana Núñez.txt", "whatsapp"),
        (CHATS / "_chat.txt", "whatsapp"),
        (CHATS / "WhatsApp Chat - Product Circle.zip", "whatsapp"),
        (CHATS / "result.json", "telegram"),
        (CHATS / "slack-export.zip", "slack"),
    ],
)
def test_every_export_is_told_apart(path: Path, expected: str) -> None:
    assert detect(path).format == expected


@pytest.mark.parametrize(
    "text",
    [
        # Android (US): a narrow no-break space before PM, as WhatsApp writes it since 2023.
        "12/31/25, 10:15\u202fPM - Messages and calls are end-to-end encrypted. No one outside "
        "of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "12/31/25, 10:16\u202fPM - Ana Núñez: Happy new year!\n",
        # Android (UK/Europe): day first, 24-hour clock, with a BOM.
        "\ufeff31/12/2025, 22:15 - Ana Núñez: Happy new year!\n",
        # Android (German): dots in the date.
        "31.12.25, 22:15 - \u2068Ana Núñez\u2069: Frohes neues Jahr!\n",
        # iOS: brackets and seconds; a left-to-right mark before a system line.
        "\u200e[31/12/2025, 22:15:03] Product Circle: \u200eMessages and calls are "
        "end-to-end encrypted.\n[31/12/2025, 22:16:10] Bo Chen: Happy new year!\n",
        # iOS (US): a BOM, then month first with AM/PM.
        "\ufeff[12/31/25, 10:15:03\u202fPM] Bo Chen: Happy new year!\n",
    ],
)
def test_a_whatsapp_chat_is_known_by_its_first_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "WhatsApp Chat with Ana.txt"
    path.write_text(text, "utf-8")
    assert detect(path).format == "whatsapp"


@pytest.mark.parametrize(
    "text",
    [
        "[2025-12-31 22:15:03] INFO server started\n",  # a log file
        "12/31/25,10:15,Ana,hello\n",  # a CSV with a date first
        "Notes from 12/31/25, 10:15 PM - call Ana\n",
        "Date,Time,Name\n12/31/25, 10:15 PM - x,1,2\n",
    ],
)
def test_text_that_only_looks_like_a_chat_is_not_one(tmp_path: Path, text: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(text, "utf-8")
    assert detect(path).format != "whatsapp"


def test_a_whatsapp_zip_is_known_by_its_chat_file(tmp_path: Path) -> None:
    android = tmp_path / "WhatsApp Chat with Ana Núñez.zip"
    with zipfile.ZipFile(android, "w") as archive:
        archive.writestr("WhatsApp Chat with Ana Núñez.txt", "1/15/26, 9:02 AM - Ana: hi\n")
        archive.writestr("IMG-20260115-WA0001.jpg", b"\xff\xd8\xff")
    assert detect(android).format == "whatsapp"
    ios = tmp_path / "chat.zip"
    with zipfile.ZipFile(ios, "w") as archive:
        archive.writestr("_chat.txt", "[15/01/2026, 09:02:11] Ana: hi\n")
    assert detect(ios).format == "whatsapp"
    notes = tmp_path / "notes.zip"
    with zipfile.ZipFile(notes, "w") as archive:
        archive.writestr("chat-notes.txt", "not a chat\n")
    assert detect(notes).format is None


def _telegram_export(contacts: int) -> str:
    """A whole-account export as Telegram Desktop writes it: the contacts come before the
    chats, so in a big address book the chats lie far beyond the head."""
    listed = ",\n".join(
        f'   {{\n    "first_name": "Contact {n}",\n    "last_name": "",\n'
        f'    "phone_number": "+1 415 555 {n:04d}",\n    "date": "2024-03-01T10:00:00",\n'
        f'    "date_unixtime": "1709287200"\n   }}'
        for n in range(contacts)
    )
    return (
        '{\n "about": "Here is the data you requested. Remember: Telegram is ad free, it '
        "doesn't sell your data and makes no money from it.\",\n"
        ' "personal_information": {\n  "user_id": 5127834501,\n  "first_name": "Alex",\n'
        '  "last_name": "Morgan",\n  "phone_number": "+1 415 555 0100",\n'
        '  "username": "@alexmorgan",\n  "bio": ""\n },\n'
        ' "contacts": {\n  "about": "This is your contact list.",\n  "list": [\n'
        f"{listed}\n  ]\n }},\n"
        ' "chats": {\n  "about": "This page lists all chats from this export.",\n'
        '  "list": []\n }\n}\n'
    )


def test_a_telegram_export_is_known_from_its_head(tmp_path: Path) -> None:
    whole = tmp_path / "result.json"
    text = _telegram_export(2000)
    assert len(text) > 40 * HEAD_BYTES
    whole.write_text(text[: len(text) // 2], "utf-8")  # cut short: only the head is read
    assert detect(whole).format == "telegram"
    without_me = tmp_path / "no-account.json"
    without_me.write_text(
        '{\n "chats": {\n  "about": "This page lists all chats from this export.",\n'
        '  "list": [\n   {\n    "name": "Ana",\n',
        "utf-8",
    )
    assert detect(without_me).format == "telegram"
    one_chat = tmp_path / "one-chat.json"
    one_chat.write_text(
        '{\n "name": "Ana Núñez",\n "type": "personal_chat",\n "id": 5004417721,\n'
        ' "messages": [\n  {\n   "id": 1,\n   "type": "message",\n',
        "utf-8",
    )
    assert detect(one_chat).format == "telegram"


@pytest.mark.parametrize(
    "text",
    [
        '{"people": []}',
        '{"type": "personal_chat"}',  # no messages
        '{"users": [{"id": "U1"}], "messages": []}',
        '[{"name": "Ana", "type": "personal_chat", "messages": []}]',
    ],
)
def test_other_json_is_no_telegram_export(tmp_path: Path, text: str) -> None:
    path = tmp_path / "data.json"
    path.write_text(text, "utf-8")
    assert detect(path).format is None


def test_a_slack_export_needs_its_users_and_a_listing_at_the_top(tmp_path: Path) -> None:
    export = tmp_path / "Acme Slack export Jan 1 2026 - Jan 31 2026.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("users.json", '[{"id": "U01", "name": "alex"}]')
        archive.writestr("channels.json", '[{"id": "C01", "name": "general"}]')
        archive.writestr("general/2026-01-15.json", "[]")
    assert detect(export).format == "slack"
    nested = tmp_path / "backup.zip"
    with zipfile.ZipFile(nested, "w") as archive:
        archive.writestr("app/users.json", "[]")
        archive.writestr("app/channels.json", "[]")
    assert detect(nested).format is None
    users_only = tmp_path / "users.zip"
    with zipfile.ZipFile(users_only, "w") as archive:
        archive.writestr("users.json", "[]")
    assert detect(users_only).format is None
