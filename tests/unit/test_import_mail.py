"""Mail archives: what a correct import of the sample Takeout, a CRLF copy and a maildir sees."""

from __future__ import annotations

import tracemalloc
from datetime import date
from email.utils import getaddresses
from pathlib import Path

import pytest

from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.importers import mail
from goodwill.importers.mail import _plain_addresses, read_maildir, read_mbox
from goodwill.importers.records import (
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
TAKEOUT = FIXTURES / "takeout-sample.mbox"
ME = "alex.morgan@example.com"
OPTIONS = ReadOptions(me=(ME,), today=date(2026, 11, 24))


def read(path: Path, options: ReadOptions = OPTIONS) -> list[Record]:
    return list(read_mbox(path, options))


def touches(records: list[Record]) -> list[tuple[str, date, Initiator, str]]:
    return [
        (r.person.emails[0], r.on, r.initiated_by, r.kind)
        for r in records
        if isinstance(r, TouchRecord)
    ]


def skipped(records: list[Record]) -> list[str]:
    return [r.reason for r in records if isinstance(r, SkippedRecord)]


def errors(records: list[Record]) -> list[RecordError]:
    return [r for r in records if isinstance(r, RecordError)]


def test_the_takeout_sample_gives_exactly_the_expected_touches() -> None:
    records = read(TAKEOUT)
    assert touches(records) == [
        ("maya.goldberg@example.com", date(2026, 1, 12), Initiator.ME, "catch-up"),
        ("maya.goldberg@example.com", date(2026, 1, 12), Initiator.THEM, "catch-up"),
        ("raj.malhotra@contoso.example", date(2026, 2, 3), Initiator.THEM, "asked-intro"),
        ("wei.zhang@example.com", date(2026, 4, 20), Initiator.ME, "catch-up"),
        ("aiko.tanaka@example.jp", date(2026, 4, 20), Initiator.ME, "catch-up"),
        ("soren@maersk.example", date(2026, 6, 9), Initiator.THEM, "catch-up"),
    ]
    assert errors(records) == []
    for touch in records:
        if isinstance(touch, TouchRecord):
            assert touch.source == "email"
            assert touch.channel is Channel.EMAIL
            assert touch.direction is Direction.TOUCH


def test_spam_trash_chat_and_the_newsletter_are_skipped_and_ten_messages_are_read() -> None:
    records = read(TAKEOUT)
    assert sorted(skipped(records)) == sorted(
        [
            "already counted: same thread, person, day and direction",  # Alex's second reply
            "spam (Gmail label)",
            "a chat log, not mail (Gmail label)",
            "in the trash (Gmail label)",
            "a newsletter or mailing list",
        ]
    )
    # Every message accounts for itself under its own file:line, the `>From` line splits nothing.
    wheres = {r.where for r in records if isinstance(r, TouchRecord | SkippedRecord)}
    assert len(wheres) == 10
    assert f"{TAKEOUT}:1" in wheres


def test_maya_is_one_thread_one_day_from_me_and_from_her() -> None:
    maya = [
        r
        for r in read(TAKEOUT)
        if isinstance(r, TouchRecord) and r.person.emails == ("maya.goldberg@example.com",)
    ]
    assert [r.source_id for r in maya] == [
        "1790000000000000001:2026-01-12:maya.goldberg@example.com:me",
        "1790000000000000001:2026-01-12:maya.goldberg@example.com:them",
    ]
    assert maya[0].note == "Article on ops scaling"
    assert maya[0].person.name == "Maya Goldberg"


def test_rajs_ask_is_marked_as_his_and_names_are_decoded() -> None:
    records = [r for r in read(TAKEOUT) if isinstance(r, TouchRecord)]
    raj = next(r for r in records if r.person.emails == ("raj.malhotra@contoso.example",))
    assert raj.person.name == "Raj Malhotra"  # RFC 2047 base64
    assert raj.by_them is True
    assert raj.initiated_by is Initiator.THEM
    assert raj.direction is Direction.TOUCH
    assert raj.note == "Could you introduce me to your CFO?"
    names = {r.person.emails[0]: r.person.name for r in records}
    assert names["soren@maersk.example"] == "Søren Kierkegaard-Jensen"  # quoted-printable
    assert names["wei.zhang@example.com"] == "Zhang, Wei"  # quoted comma in To
    assert names["aiko.tanaka@example.jp"] == "Aiko Tanaka"  # on Cc
    assert not any(r.by_them for r in records if r is not raj)


def test_the_crlf_file_gives_the_same_maya_touches() -> None:
    def key(records: list[Record]) -> list[tuple[str, date, Initiator]]:
        return [(r.source_id, r.on, r.initiated_by) for r in records if isinstance(r, TouchRecord)]

    crlf = read(FIXTURES / "crlf-sample.mbox")
    assert errors(crlf) == []
    assert key(crlf) == key(read(TAKEOUT))[:2]
    assert len({r.where for r in crlf if isinstance(r, TouchRecord | SkippedRecord)}) == 3


def test_rereading_yields_identical_source_ids() -> None:
    first = [r.source_id for r in read(TAKEOUT) if isinstance(r, TouchRecord)]
    second = [r.source_id for r in read(TAKEOUT) if isinstance(r, TouchRecord)]
    assert first == second
    assert len(set(first)) == len(first)


def test_progress_adds_up_to_the_file_size_and_reading_is_lazy() -> None:
    consumed: list[int] = []
    options = ReadOptions(me=(ME,), advance=consumed.append)
    stream = read_mbox(TAKEOUT, options)
    assert consumed == []  # Nothing happens before the first record is asked for.
    first = next(stream)
    assert isinstance(first, TouchRecord)
    assert 0 < sum(consumed) < TAKEOUT.stat().st_size
    list(stream)
    assert sum(consumed) == TAKEOUT.stat().st_size


def test_without_me_there_is_one_error_asking_for_it() -> None:
    records = read(TAKEOUT, ReadOptions())
    assert len(records) == 1
    assert isinstance(records[0], RecordError)
    assert "--me" in records[0].message
    assert records[0].line is None


def test_my_address_matches_whatever_its_case() -> None:
    records = read(TAKEOUT, ReadOptions(me=("Alex.Morgan@EXAMPLE.com",)))
    assert len(touches(records)) == 6


def test_an_unreadable_file_is_one_error_without_a_line(tmp_path: Path) -> None:
    missing = read(tmp_path / "nope.mbox")
    assert [(e.file, e.line) for e in errors(missing)] == [(str(tmp_path / "nope.mbox"), None)]
    assert len(missing) == 1
    text = tmp_path / "notes.txt"
    text.write_bytes(b"Just some notes.\n\nNothing here.\n")
    [problem] = read(text)
    assert isinstance(problem, RecordError)
    assert (problem.line, "not an mbox" in problem.message) == (None, True)
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    assert read(empty) == []


def test_a_truncated_file_keeps_what_came_before_and_reports_where_it_broke() -> None:
    path = FIXTURES / "truncated.mbox"
    records = read(path)
    assert [t[2] for t in touches(records)] == [Initiator.ME, Initiator.THEM]
    [problem] = errors(records)
    assert (problem.file, problem.line) == (str(path), 38)
    assert "truncated" in problem.message


def test_a_broken_date_is_an_error_on_its_line_and_the_rest_goes_on() -> None:
    path = FIXTURES / "broken-date.mbox"
    records = read(path)
    [problem] = errors(records)
    assert (problem.file, problem.line) == (str(path), 12)
    assert "Date" in problem.message
    found = [r for r in records if isinstance(r, TouchRecord)]
    assert [(r.person.emails[0], r.on) for r in found] == [
        ("maya.goldberg@example.com", date(2026, 3, 3)),
        # 23:30 in California: the day in the message's own offset, not UTC's 6 March.
        ("wei.zhang@example.com", date(2026, 3, 5)),
    ]
    assert found[1].note == "Late-night follow-up"  # folded Subject unfolded
    assert found[1].where == f"{path}:23"


def test_a_maildir_reads_cur_and_new_and_skips_trashed_mail() -> None:
    path = FIXTURES / "maildir"
    records = list(read_maildir(path, OPTIONS))
    assert errors(records) == []
    found = [r for r in records if isinstance(r, TouchRecord)]
    thread = "1790000000000000001.1768210200@mail.example.com"  # References point at the root
    assert [r.source_id for r in found] == [
        f"{thread}:2026-01-12:maya.goldberg@example.com:me",
        f"{thread}:2026-01-12:maya.goldberg@example.com:them",
        "soren-1@mail.example.com:2026-06-09:soren@maersk.example:them",
    ]
    assert found[2].person.name == "Søren Kierkegaard-Jensen"  # a CRLF file in new/
    assert skipped(records) == ["in the trash (maildir flag)"]
    assert [r.source_id for r in read_maildir(path, OPTIONS) if isinstance(r, TouchRecord)] == [
        r.source_id for r in found
    ]


def test_a_folder_that_is_not_a_maildir_is_one_error(tmp_path: Path) -> None:
    records = list(read_maildir(tmp_path, OPTIONS))
    assert [(type(r), getattr(r, "line", 0)) for r in records] == [(RecordError, None)]


def message(headers: str, body: str = "Hello.\n") -> str:
    return f"From x@xxx Mon Jan 12 09:30:00 +0000 2026\n{headers}\n\n{body}\n"


MAYA_TO_ME = (
    "Date: Mon, 12 Jan 2026 09:30:00 +0000\n"
    "From: Maya Goldberg <maya.goldberg@example.com>\n"
    "To: alex.morgan@example.com\n"
)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('X-Gmail-Labels: "Work, Stuff",Inbox,\n Spam', "spam (Gmail label)"),
        ("Precedence: bulk", "a newsletter or mailing list"),
        ("List-Id: <team.lists.example.com>", "a newsletter or mailing list"),
        ("Auto-Submitted: auto-replied", "an automatic reply"),
    ],
)
def test_folded_labels_bulk_mail_and_auto_replies_are_skipped(
    tmp_path: Path, extra: str, reason: str
) -> None:
    path = tmp_path / "one.mbox"
    path.write_text(message(MAYA_TO_ME + extra))
    assert [(type(r), getattr(r, "reason", "")) for r in read(path)] == [(SkippedRecord, reason)]


def test_mail_not_between_me_and_others_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "two.mbox"
    to_self = "Date: Mon, 12 Jan 2026 09:30:00 +0000\nFrom: alex.morgan@example.com\nTo: ME <ALEX.MORGAN@example.com>"
    overheard = "Date: Mon, 12 Jan 2026 09:30:00 +0000\nFrom: maya.goldberg@example.com\nTo: raj.malhotra@contoso.example"
    path.write_text(message(to_self) + message(overheard))
    assert skipped(read(path)) == ["sent to no one but me", "not between me and someone else"]


def test_threads_fall_back_to_message_ids_and_replies_are_not_asks(tmp_path: Path) -> None:
    path = tmp_path / "thread.mbox"
    ask = MAYA_TO_ME + "Subject: Quick favour?\nMessage-ID: <root@example.com>"
    reply = (
        MAYA_TO_ME.replace("12 Jan", "13 Jan")
        + "Subject: Re: Quick favour?\nIn-Reply-To: <root@example.com>"
    )
    no_ids = MAYA_TO_ME.replace("12 Jan", "14 Jan") + "Subject: Hello"
    # An unescaped body line starting "From " (no time of day) does not start a message.
    path.write_text(message(ask, "Hi,\n\nFrom what I hear you know people.\n") + message(reply))
    with path.open("a") as handle:
        handle.write(message(no_ids))
    found = [r for r in read(path) if isinstance(r, TouchRecord)]
    assert [(r.source_id.split(":")[0], r.kind, r.by_them) for r in found] == [
        ("root@example.com", "asked-favour", True),
        ("root@example.com", "catch-up", False),
        (found[2].source_id.split(":")[0], "catch-up", False),
    ]
    assert found[2].source_id.startswith("h")
    assert [r.source_id for r in read(path) if isinstance(r, TouchRecord)] == [
        r.source_id for r in found
    ]


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Could you introduce me to your CFO?", "asked-intro"),
        ("Quick favour?", "asked-favour"),
        ("Would you review my deck?", "asked-favour"),
        ("Referral for the PM role", "asked-job"),
        ("Can I pick your brain?", "asked-advice"),
        ("Intro: Priya <> Alex", "catch-up"),  # an introduction they made
        ("Would you like to grab coffee?", "catch-up"),
        ("Re: Could you introduce me?", "catch-up"),  # replies are not new asks
    ],
)
def test_asks_are_guessed_from_the_opening_subject(tmp_path: Path, subject: str, kind: str) -> None:
    path = tmp_path / "ask.mbox"
    path.write_text(message(MAYA_TO_ME + f"Subject: {subject}"))
    [touch] = [r for r in read(path) if isinstance(r, TouchRecord)]
    assert (touch.kind, touch.by_them) == (kind, kind != "catch-up")


def test_sent_mail_counts_its_bcc_recipients(tmp_path: Path) -> None:
    path = tmp_path / "sent.mbox"
    sent = (
        "Date: Mon, 12 Jan 2026 09:30:00 +0000\nFrom: Alex Morgan <alex.morgan@example.com>\n"
        "To: maya.goldberg@example.com\nBcc: Raj <raj.malhotra@contoso.example>, maya.goldberg@example.com"
    )
    path.write_text(message(sent))
    assert [(t[0], t[2]) for t in touches(read(path))] == [
        ("maya.goldberg@example.com", Initiator.ME),
        ("raj.malhotra@contoso.example", Initiator.ME),
    ]


def test_a_long_subject_is_trimmed_for_the_note(tmp_path: Path) -> None:
    path = tmp_path / "long.mbox"
    path.write_text(message(MAYA_TO_ME + "Subject: Re: " + "word " * 40))
    [touch] = [r for r in read(path) if isinstance(r, TouchRecord)]
    assert len(touch.note) <= 80
    assert touch.note.endswith("…")


def test_an_encoded_name_or_subject_in_an_unknown_charset_is_kept_as_written(
    tmp_path: Path,
) -> None:
    # Found by the importers' fuzz test: a mangled charset name ended the import.
    path = tmp_path / "charset.mbox"
    headers = MAYA_TO_ME.replace("Maya Goldberg", "=?utfé8?B?TWF5YQ==?=")
    path.write_text(message(headers + "Subject: =?utfé8?Q?Hello?="))
    [touch] = [r for r in read(path) if isinstance(r, TouchRecord)]
    assert (touch.person.name, touch.note) == ("=?utfé8?B?TWF5YQ==?=", "=?utfé8?Q?Hello?=")


PLAIN = [
    '"Zhang, Wei" <wei.zhang@example.com>',
    "Maya Goldberg <maya.goldberg@example.com>, raj@contoso.example",
    "  J. R.   Doe  <j.doe@example.com> ,<bare@example.com>,x@y.example",
    "=?UTF-8?B?UmFqIE1hbGhvdHJh?= <raj.malhotra@contoso.example>",
    '"=?UTF-8?Q?S=C3=B8ren?=" <soren@maersk.example>',
    '"maya@example.com" <maya@example.com>',
    "Søren Jensen <søren@example.dk>",
]
#: Forms only getaddresses handles: the fast path must decline them, not guess.
FANCY = [
    "undisclosed-recipients:;",
    "Team: a@example.com, b@example.com;",
    "a@example.com (Alice Example)",
    '"Doe \\"JD\\" John" <jd@example.com>',
    "Doe, John <jd@example.com>",
    "a@example.com,, b@example.com",
    "user@[192.0.2.1]",
    "<@route.example:a@example.com>",
    "not an address",
    "",
]


def _normalized(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(" ".join(name.split()), address.strip()) for name, address in pairs]


@pytest.mark.parametrize("value", PLAIN)
def test_the_plain_address_fast_path_agrees_with_getaddresses(value: str) -> None:
    fast = _plain_addresses(value)
    assert fast is not None
    assert _normalized(fast) == _normalized(getaddresses([value]))


@pytest.mark.parametrize("value", FANCY)
def test_the_plain_address_fast_path_leaves_the_rest_to_getaddresses(value: str) -> None:
    assert _plain_addresses(value) is None


@pytest.mark.parametrize("chunk", [1, 5, 64, 1000])
@pytest.mark.parametrize("name", ["takeout-sample.mbox", "crlf-sample.mbox", "truncated.mbox"])
def test_reading_in_small_chunks_finds_the_same_records_on_the_same_lines(
    monkeypatch: pytest.MonkeyPatch, name: str, chunk: int
) -> None:
    whole = read(FIXTURES / name)
    monkeypatch.setattr(mail, "READ_CHUNK", chunk)
    assert read(FIXTURES / name) == whole


def test_a_big_attachment_is_never_held_in_memory(tmp_path: Path) -> None:
    """Memory follows the read chunk: a 40 MB message costs what a small one does."""
    attachment = b"QUJD" * 19 + b"\n"
    path = tmp_path / "big.mbox"
    with path.open("wb") as out:
        out.write(
            b"From 1@xxx Mon Jan 12 09:30:00 +0000 2026\nDate: Mon, 12 Jan 2026 09:30:00 +0000\n"
            b"From: Maya <maya@example.com>\nTo: " + ME.encode() + b"\nSubject: the deck\n\n"
        )
        out.write(attachment * (40_000_000 // len(attachment)))
        out.write(
            b"\nFrom 2@xxx Tue Jan 13 09:30:00 +0000 2026\nDate: Tue, 13 Jan 2026 09:30:00 +0000\n"
            b"From: Raj <raj@example.com>\nTo: " + ME.encode() + b"\nSubject: thanks\n\nok\n"
        )
    tracemalloc.start()
    try:
        records = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert touches(records) == [
        ("maya@example.com", date(2026, 1, 12), Initiator.THEM, "catch-up"),
        ("raj@example.com", date(2026, 1, 13), Initiator.THEM, "catch-up"),
    ]
    assert [r.where.rpartition(":")[2] for r in records] == ["1", str(8 + 40_000_000 // 77)]
    assert peak < 4 * mail.READ_CHUNK
