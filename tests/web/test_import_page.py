"""Importing from the web as from the CLI: any format or detection, your addresses, a clear
error for a wrong kind of file, and a report that lists what was skipped and why."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from test_pages import wait_for_report
from websupport import Site, make_site

from goodwill.services.context import Context

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MBOX = FIXTURES / "mail" / "takeout-sample.mbox"


def upload(site: Site, path: Path, name: str | None = None, **fields: str) -> str:
    with path.open("rb") as handle:
        response = site.post("/import", fields, files={"file": (name or path.name, handle)})
    return wait_for_report(site, response)


def test_the_format_is_detected_when_none_is_chosen(site: Site) -> None:
    report = upload(site, FIXTURES / "vcards" / "google-export.vcf", format="", dry_run="true")
    assert "format detected from the file" in report
    assert "Read as " in report and int(re.search(r"New people</dt><dd>(\d+)", report).group(1))  # type: ignore[union-attr]


def test_a_mail_archive_uses_the_addresses_typed_in_the_form(site: Site) -> None:
    refused = upload(site, MBOX, format="mbox")
    assert "needs your own address to tell your messages from theirs" in refused
    # Advice the page's user can follow: the form's field, or Settings; not a CLI flag.
    assert "Your addresses" in refused and "Settings" in refused
    assert "--me" not in refused and "config set" not in refused
    calendar = upload(site, FIXTURES / "calendar" / "google-calendar.ics", format="ics")
    assert "importing a calendar needs your own address to find you among" in calendar
    assert "messages" not in calendar.split('data-testid="import-error"')[1].split("</p>")[0]
    strangers = upload(site, MBOX, format="mbox", me="alex.morgan@example.com", dry_run="true")
    skips = re.findall(r"<li>takeout-sample\.mbox:(\d+): ([^<]+)</li>", strangers)
    assert skips and all(int(line) > 0 for line, _why in skips)  # file:line and why
    site.add("Maya Goldberg", emails=("maya.goldberg@example.com",))
    report = upload(site, MBOX, format="mbox", me="alex.morgan@example.com")
    entries = re.search(r"New touches</dt><dd>(\d+)", report)
    assert entries and int(entries.group(1)) > 0


def test_your_addresses_are_prefilled_from_the_config(app: Context) -> None:
    config = dataclasses.replace(app.config, me=("alex.morgan@example.com", "alex@work.example"))
    site = make_site(dataclasses.replace(app, config=config))
    site.add("Maya Goldberg", emails=("maya.goldberg@example.com",))
    page = site.client.get("/import").text
    assert 'name="me" value="alex.morgan@example.com, alex@work.example"' in page
    report = upload(site, MBOX, format="", dry_run="true")  # detected, and the config's address
    assert int(re.search(r"New touches</dt><dd>(\d+)", report).group(1)) > 0  # type: ignore[union-attr]


def test_a_dry_run_names_the_people_each_change_would_touch(site: Site, tmp_path: Path) -> None:
    connections = FIXTURES / "linkedin" / "Connections.csv"
    upload(site, connections, format="linkedin")
    promoted = tmp_path / "Connections.csv"
    text = connections.read_text("utf-8").replace("Chief Operating Officer", "CEO")
    promoted.write_text(text + "Wei,Zhang,https://www.linkedin.com/in/weizhang,,,,01 Dec 2026\n")
    report = upload(site, promoted, format="linkedin", dry_run="true")
    assert re.search(
        r'data-testid="import-updated">.*Updated:</span> Maya Goldberg \(title\)', report
    )
    assert re.search(r'data-testid="import-created">.*New people:</span> Wei Zhang<', report)
    assert 'data-testid="import-merged"' not in report


def test_a_wrong_kind_of_file_is_an_error_not_zeros(site: Site) -> None:
    report = upload(site, FIXTURES / "calendar" / "google-calendar.ics", format="vcard")
    assert 'data-testid="import-error"' in report and "Nothing was imported" in report
    assert "google-calendar.ics" in report and "not " in report
    assert "Import it for real" not in report and "goodwill-upload-" not in report


CHATS = FIXTURES / "chats"


def test_chat_exports_are_offered_and_detected_with_your_name(site: Site) -> None:
    page = site.client.get("/import").text
    for value in ("whatsapp", "telegram", "slack"):
        assert f'<option value="{value}">' in page
    assert '<select name="date_order">' in page and '<option value="dmy">' in page
    site.add("Ana Núñez")
    chat = CHATS / "WhatsApp Chat with Ana Núñez.txt"
    report = upload(site, chat, format="", me="Alex Morgan, alex@example.com", dry_run="true")
    assert "Read as a WhatsApp chat export." in report  # detected; the name kept whole
    assert int(re.search(r"New touches</dt><dd>(\d+)", report).group(1)) == 4  # type: ignore[union-attr]
    telegram = upload(site, CHATS / "result.json", format="", dry_run="true")
    assert "Read as a Telegram Desktop export." in telegram
    slack = upload(site, CHATS / "slack-export.zip", format="slack", me="alex.morgan@example.com")
    assert "Nothing was imported" not in slack and "Slack workspace export" in slack


def test_a_chat_with_no_telling_date_takes_the_date_order_chosen(
    site: Site, tmp_path: Path
) -> None:
    site.add("Ana Núñez")
    chat = tmp_path / "WhatsApp Chat with Ana Núñez.txt"
    chat.write_text(
        "03/02/26, 18:05 - Ana Núñez: hello\n03/02/26, 18:07 - Alex Morgan: hi\n", "utf-8"
    )
    asked = upload(site, chat, me="Alex Morgan")
    assert "Nothing was imported" in asked and "date order" in asked.replace("-", " ")
    report = upload(site, chat, me="Alex Morgan", date_order="dmy")
    assert int(re.search(r"New touches</dt><dd>(\d+)", report).group(1)) == 1  # type: ignore[union-attr]
    refused = site.post(
        "/import", {"me": "Alex Morgan", "date_order": "ymd"}, files={"file": ("c.txt", b"x")}
    )
    assert refused.status_code == 400 and "date order" in refused.text


def test_a_zip_members_skips_are_named_by_the_uploaded_file(site: Site) -> None:
    export = FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"
    report = upload(site, export, format="", dry_run="true")
    assert "Basic_LinkedInDataExport_11-20-2026.zip:Connections.csv:11: hidden profile" in report
    assert "goodwill-upload-" not in report


def test_a_meeting_skipped_at_each_occurrence_is_listed_once_with_how_often(site: Site) -> None:
    calendar = FIXTURES / "calendar" / "google-calendar.ics"
    report = upload(site, calendar, format="ics", me="someone@else.example", dry_run="true")
    listed = re.findall(r"<li>google-calendar\.ics:29: ([^<]+)</li>", report)
    # The monthly call, three times with two guests nobody knows: one line, not six.
    assert listed == ["not someone in goodwill (no matching email, profile or name) (6 times)"]
