"""Chat history logs itself: WhatsApp exports (Android and iOS, text or ZIP) as touches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill

CHATS = Path(__file__).resolve().parent.parent / "fixtures" / "chats"
ANDROID = CHATS / "WhatsApp Chat with Ana Núñez.txt"
IOS_ZIP = CHATS / "WhatsApp Chat - Product Circle.zip"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    goodwill = cli()
    goodwill("init")
    goodwill("add", "Ana Núñez", "--email", "ana@example.org")
    goodwill("add", "Bo Chen")
    goodwill("add", "Priya Shah", "--phone", "+1 415 555 0142", "--company", "Initech")
    return goodwill


def _import(gw: Goodwill, *args: str) -> dict[str, Any]:
    report = gw.json("import", "whatsapp", *args)
    assert isinstance(report, dict)
    return report


def _timeline(gw: Goodwill, name: str) -> list[dict[str, Any]]:
    shown = gw.json("show", name, "--all")
    assert isinstance(shown, dict)
    return list(shown["timeline"])


def test_an_android_chat_is_one_touch_per_conversation_day(gw: Goodwill) -> None:
    report = _import(gw, str(ANDROID), "--me", "Alex Morgan")
    assert report["touches"] == 4 and report["unmatched"] == []
    assert report["skip_reasons"] == {"a WhatsApp system message": 1}
    timeline = _timeline(gw, "Ana")
    assert [(e["on"], e["initiated_by"]) for e in timeline] == [
        ("2026-02-14", "them"),
        ("2026-02-03", "me"),  # only I wrote: still a touch from me
        ("2026-01-20", "them"),  # she wrote first that day
        ("2026-01-15", "me"),
    ]
    assert all(e["channel"] == "message" and e["note"] == "" for e in timeline)  # no text kept
    assert {e["source"] for e in timeline} == {"whatsapp"}
    # Importing it again changes nothing.
    again = _import(gw, str(ANDROID), "--me", "alex morgan")
    assert again["touches"] == 0 and again["already_recorded"] == 4


def test_my_name_in_a_chat_is_the_configs_name_or_asked_for(gw: Goodwill) -> None:
    error = gw("import", "whatsapp", str(ANDROID), code=1)
    assert "needs your name as the chat shows it" in error and '--me "Your Name"' in error
    assert _timeline(gw, "Ana") == []  # nothing written
    gw("config", "set", "name", "Alex Morgan")
    report = _import(gw, str(ANDROID))
    assert report["touches"] == 4 and report["unmatched"] == []
    assert [e["initiated_by"] for e in _timeline(gw, "Ana")] == ["them", "me", "them", "me"]


def test_keep_text_joins_multi_line_messages_into_the_note(gw: Goodwill) -> None:
    _import(gw, str(ANDROID), "--me", "Alex Morgan", "--keep-text")
    notes = {e["on"]: e["note"] for e in _timeline(gw, "Ana")}
    assert notes["2026-01-15"].startswith("Sure, how about Tuesday? Let me check the room first.")


def test_an_ios_group_zip_with_media_matches_phones_and_lists_strangers(gw: Goodwill) -> None:
    report = _import(gw, str(IOS_ZIP), "--me", "Alex Morgan")
    # 3 Feb: Bo and the number (Priya's, written another way) talked with me; 14 Feb I was
    # silent (not my conversation); 21 Feb Dana, whom goodwill does not know.
    assert report["touches"] == 2 and report["unmatched"] == ["Dana Reyes"]
    assert report["skip_reasons"]["a WhatsApp system message"] == 3
    assert [e["on"] for e in _timeline(gw, "Priya")] == ["2026-02-03"]
    assert [e["on"] for e in _timeline(gw, "Bo")] == ["2026-02-03"]
    assert "Dana" not in gw("list")  # never created silently
    # Group members know each other (weakly), as `brief` and `path` see it.
    brief = gw.json("brief", "Bo")
    assert isinstance(brief, dict)
    assert [(m["name"], m["how"]) for m in brief["mutual"]] == [("Priya Shah", ["group-chat"])]
    gw("add", "Dana Reyes")
    later = _import(gw, str(IOS_ZIP), "--me", "Alex Morgan")
    assert later["touches"] == 1 and later["already_recorded"] == 2


def test_the_date_order_is_asked_for_when_the_file_cannot_tell(
    gw: Goodwill, tmp_path: Path
) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "03/02/26, 18:05 - Ana Núñez: hello\n03/02/26, 18:07 - Alex Morgan: hi\n", "utf-8"
    )
    error = gw("import", "whatsapp", str(chat), "--me", "Alex Morgan", code=1)
    assert "--date-order dmy or mdy" in error and len(error.strip().splitlines()) == 1
    _import(gw, str(chat), "--me", "Alex Morgan", "--date-order", "dmy")
    assert [e["on"] for e in _timeline(gw, "Ana")] == ["2026-02-03"]


def test_bad_chat_input_is_one_line_and_writes_nothing(gw: Goodwill, tmp_path: Path) -> None:
    assert "--me" in gw("import", "whatsapp", str(ANDROID), code=1)
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n1/15/26, 9:02 AM - Ana Núñez: milk\n", "utf-8")
    error = gw("import", "whatsapp", str(notes), "--me", "Alex Morgan", code=1)
    assert f"{notes}:1: not a WhatsApp chat export" in error
    bad_day = tmp_path / "bad.txt"
    bad_day.write_text("13/02/26, 9:02 - Ana Núñez: hi\n31/02/26, 9:03 - Ana Núñez: hi\n", "utf-8")
    strict = gw("import", "whatsapp", str(bad_day), "--me", "Alex Morgan", "--strict", code=1)
    assert f"{bad_day}:2: not a date" in strict and "nothing was imported" in strict
    assert _timeline(gw, "Ana") == []


TELEGRAM = CHATS / "result.json"


def test_a_telegram_export_knows_me_by_my_user_id(gw: Goodwill) -> None:
    gw("add", "Dana Reyes")
    report = gw.json("import", "telegram", str(TELEGRAM))
    assert isinstance(report, dict)
    # Ana: 15 Jan (I wrote first) and 2 Feb (she did; the call is a service message);
    # the group on 3 Feb: Bo and Dana; the channel is no conversation.
    assert report["touches"] == 4
    assert report["skip_reasons"] == {"a Telegram public_channel, not people": 1}
    assert [(e["on"], e["initiated_by"]) for e in _timeline(gw, "Ana")] == [
        ("2026-02-02", "them"),
        ("2026-01-15", "me"),
    ]
    brief = gw.json("brief", "Bo")
    assert isinstance(brief, dict) and [m["name"] for m in brief["mutual"]] == ["Dana Reyes"]
    again = gw.json("import", "telegram", str(TELEGRAM))
    assert isinstance(again, dict) and again["touches"] == 0 and again["already_recorded"] == 4


def test_not_a_telegram_export_is_refused(gw: Goodwill, tmp_path: Path) -> None:
    other = tmp_path / "result.json"
    other.write_text('{"contacts": []}', "utf-8")
    error = gw("import", "telegram", str(other), code=1)
    assert "not a Telegram Desktop JSON export" in error
    one_chat = tmp_path / "chat.json"
    one_chat.write_text('{"name": "Ana", "type": "personal_chat", "messages": []}', "utf-8")
    assert "pass --me" in gw("import", "telegram", str(one_chat), code=1)


SLACK = CHATS / "slack-export.zip"


def test_slack_direct_messages_become_touches(gw: Goodwill) -> None:
    report = gw.json("import", "slack", str(SLACK), "--me", "alex.morgan@example.com")
    assert isinstance(report, dict)
    # Ana: 15 Jan (I started) and 16 Jan (she did; a join is no message); the group DM on
    # 20 Jan: Bo, found by name (no email in his profile); Zed is unknown; #general is out.
    assert report["touches"] == 3 and report["unmatched"] == ["Zed Quinn"]
    assert [(e["on"], e["initiated_by"]) for e in _timeline(gw, "Ana")] == [
        ("2026-01-16", "them"),
        ("2026-01-15", "me"),
    ]
    assert [e["on"] for e in _timeline(gw, "Bo")] == ["2026-01-20"]
    brief = gw.json("brief", "Bo")
    assert isinstance(brief, dict) and [m["name"] for m in brief["mutual"]] == ["Ana Núñez"]
    assert "--me" in gw("import", "slack", str(SLACK), "--me", "nobody@example.com", code=1)


def test_goodwill_import_file_detects_each_chat_export(gw: Goodwill) -> None:
    found = {}
    for path, me in (
        (ANDROID, "Alex Morgan"),
        (IOS_ZIP, "Alex Morgan"),
        (TELEGRAM, None),
        (SLACK, "alex.morgan@example.com"),
    ):
        report = gw.json("import", str(path), "--dry-run", *(("--me", me) if me else ()))
        assert isinstance(report, dict) and report["touches"] > 0, path
        found[path.name] = (report["format"], report["found"])
    assert found == {
        ANDROID.name: ("whatsapp", "a WhatsApp chat export"),
        IOS_ZIP.name: ("whatsapp", "a WhatsApp chat export"),
        TELEGRAM.name: ("telegram", "a Telegram Desktop export"),
        SLACK.name: ("slack", "a Slack workspace export"),
    }


def test_a_chat_format_refuses_another_known_export_in_one_line(gw: Goodwill) -> None:
    contacts = CHATS.parent / "csv" / "outlook-contacts.csv"
    error = gw("import", "whatsapp", str(contacts), "--me", "Alex Morgan", code=1)
    assert "this is an Outlook contacts CSV, not a WhatsApp chat export" in error
    assert "import it as outlook-csv" in error
    assert len(error.strip().splitlines()) == 1
    error = gw("import", "linkedin", str(ANDROID), code=1)
    assert "this is a WhatsApp chat export, not a LinkedIn export" in error
    assert "import it as whatsapp" in error
