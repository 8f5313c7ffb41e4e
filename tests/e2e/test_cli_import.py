"""A network brought in from every source, as a new user would: one person per real person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Goodwill

from goodwill.cli.app import app as cli_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ME = "alex.morgan@example.com"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    runner = cli()
    runner("init")
    return runner


def import_everything(gw: Goodwill) -> list[dict[str, object]]:
    reports = [
        gw.json(
            "import",
            "linkedin",
            str(FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"),
        ),
        gw.json("import", "google-csv", str(FIXTURES / "csv" / "google-contacts.csv")),
        gw.json("import", "outlook-csv", str(FIXTURES / "csv" / "outlook-contacts.csv")),
        gw.json("import", "mbox", str(FIXTURES / "mail" / "takeout-sample.mbox"), "--me", ME),
        gw.json("import", "ics", str(FIXTURES / "calendar" / "google-calendar.ics"), "--me", ME),
    ]
    return reports  # type: ignore[return-value]


def test_every_source_lands_on_one_person_per_real_person(gw: Goodwill) -> None:
    linkedin, google, outlook, mail, calendar = import_everything(gw)
    assert (linkedin["created"], linkedin["invitations"]) == (8, 2)
    # The recommendation Alex wrote Diego is a give, not a touch.
    assert (linkedin["touches"], linkedin["gives"]) == (6, 1)
    assert len(gw.json("triage")) == linkedin["invitations"]  # type: ignore[arg-type]
    assert google["created"] == 1 and google["merged"] == 2  # Wei is new; Maya and Diego merge
    assert outlook["created"] == 2  # Hélène and Kwabena
    assert mail["touches"] == 6 and calendar["touches"] == 4
    people = gw.json("list")
    assert isinstance(people, list)
    names = sorted(str(p["name"]) for p in people)
    assert len(names) == len(set(names)) == 11
    assert gw.json("dupes") == []

    maya = gw.json("show", "Maya")
    assert isinstance(maya, dict)
    assert {"2026-01-12", "2026-01-15", "2026-10-30", "2026-06-15"} <= {
        e["on"] for e in maya["timeline"]
    }
    raj = gw.json("show", "Raj")
    assert isinstance(raj, dict)
    meetings = [e["on"] for e in raj["timeline"] if e["channel"] == "meeting"]
    assert meetings == ["2026-05-01", "2026-04-01", "2026-03-01"]
    # On one mail with me, Aiko and Wei know each other; I ask Wei myself (`path`).
    wei = gw.json("brief", "Wei Zhang")
    assert isinstance(wei, dict)
    assert "Aiko Tanaka" in [m["name"] for m in wei["mutual"]]
    to_wei = gw.json("path", "Wei Zhang")
    assert isinstance(to_wei, dict)
    assert [p["path"] for p in to_wei["paths"]] == [["me", "Wei Zhang"]]
    diego = gw.json("show", "Diego")
    assert isinstance(diego, dict)
    assert any(e["kind"] == "reference" and e["on"] == "2026-04-12" for e in diego["timeline"])


def test_importing_everything_again_changes_nothing(gw: Goodwill) -> None:
    import_everything(gw)
    before = gw.json("list")
    for report in import_everything(gw):
        assert (report["created"], report["updated"], report["merged"], report["touches"]) == (
            0,
            0,
            0,
            0,
        )
    assert gw.json("list") == before


def test_invitations_wait_in_triage(gw: Goodwill) -> None:
    gw("import", "linkedin", str(FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"))
    waiting = gw.json("triage")
    assert isinstance(waiting, list) and len(waiting) == 2
    pitch = [item for item in waiting if item["looks_like_pitch"]]
    assert len(pitch) == 1
    meetup = next(item for item in waiting if not item["looks_like_pitch"])
    gw("triage", "accept", str(meetup["id"]))
    assert str(meetup["name"]) in gw("list")
    assert len(gw.json("triage")) == 1  # type: ignore[arg-type]


def test_invitations_imported_again_are_known_not_nothing(gw: Goodwill) -> None:
    invitations = str(FIXTURES / "linkedin" / "Invitations.csv")
    first = gw.json("import", "linkedin", invitations)
    counts = ("invitations", "invitations_sent", "invitations_known")
    assert tuple(first[key] for key in counts) == (2, 1, 0)  # 2 theirs, 1 mine
    again = gw.json("import", "linkedin", invitations)  # exit 0: the file was read
    assert tuple(again[key] for key in counts) == (0, 0, 3)
    assert "0 invitations to triage (3 already known)" in gw("import", "linkedin", invitations)
    assert len(gw.json("triage")) == 2  # type: ignore[arg-type]


def test_a_file_of_only_the_invitations_i_sent_imports_them(gw: Goodwill, tmp_path: Path) -> None:
    sent = tmp_path / "Invitations.csv"
    sent.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Alex Morgan,Omar Haddad,"11/19/26, 8:00 PM",,OUTGOING,'
        "https://www.linkedin.com/in/alexmorgan,https://www.linkedin.com/in/omarhaddad\n",
        encoding="utf-8",
    )
    assert "0 invitations to triage, 1 you sent" in gw("import", "linkedin", str(sent))
    assert gw.json("triage") == []


def test_a_dry_run_writes_nothing_and_bad_input_is_one_line(gw: Goodwill, tmp_path: Path) -> None:
    report = gw.json(
        "import", "linkedin", str(FIXTURES / "linkedin" / "Connections.csv"), "--dry-run"
    )
    assert isinstance(report, dict) and report["created"] == 8 and report["dry_run"] is True
    assert gw.json("list") == []
    error = gw(
        "import", "linkedin", str(FIXTURES / "linkedin" / "truncated.zip"), "--strict", code=1
    )
    assert "truncated.zip" in error and len(error.strip().splitlines()) == 1
    assert "no such file" in gw("import", "vcard", str(tmp_path / "nope.vcf"), code=1)
    assert "'palm' is not one of 'linkedin'" in gw("import", "palm", str(tmp_path), code=2)


@pytest.mark.parametrize(
    ("fmt", "name", "me", "code", "expected"),
    [
        ("mbox", "bad-encoded-word.mbox", "me@x.org", 0, "1 skipped"),
        ("ics", "two-organizers.ics", ME, 1, "two-organizers.ics:3: event 1:"),
        ("vcard", "latin1-in-utf8-qp.vcf", ME, 0, "1 created"),
        ("ics", "no-timezone-method.ics", ME, 1, "not a readable calendar"),
    ],
)
def test_files_broken_in_unforeseen_ways_never_raise(
    gw: Goodwill, fmt: str, name: str, me: str, code: int, expected: str
) -> None:
    """Found by fuzzing: each is read past its bad part, or refused in one line."""
    path = str(FIXTURES / "broken" / name)
    result = gw.runner.invoke(cli_app, ["import", fmt, path, "--me", me], env=gw.env)
    assert result.exit_code == code, result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    assert expected in result.output + result.stderr


def test_an_address_book_report_says_nothing_of_invitations(gw: Goodwill) -> None:
    report = gw("import", str(FIXTURES / "csv" / "google-contacts.csv"))
    assert "created" in report and "invitation" not in report


def test_an_import_or_a_triage_decision_on_a_day_to_come_is_refused(gw: Goodwill) -> None:
    connections = str(FIXTURES / "linkedin" / "Connections.csv")
    refused = gw("import", connections, "--on", "2099-06-01", code=1)
    assert refused.startswith("error: 2099-06-01 is in the future: an import records")
    assert gw.json("list", "--json") == []
    gw("import", str(FIXTURES / "linkedin" / "Invitations.csv"))
    waiting = gw.json("triage")
    assert isinstance(waiting, list) and waiting
    first = str(waiting[0]["id"])
    assert "is in the future" in gw("triage", "accept", first, "--on", "2099-06-01", code=1)


def test_undo_after_an_address_book_import_names_whom_it_removed(
    cli: Callable[..., Goodwill],
) -> None:
    gw = cli()
    gw("init")
    gw("import", "vcard", str(FIXTURES / "vcards" / "apple-contacts.vcf"))
    assert gw("undo").splitlines() == [
        "undone: import vcard apple-contacts.vcf",
        "  what it changed of people already there (a title, a phone) stays",
        "  removed 2 people it added: Maya Goldberg, Raj Malhotra",
    ]
    assert gw.json("list") == []
    assert "nothing to undo" in gw("undo", code=1)
