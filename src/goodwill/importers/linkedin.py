"""LinkedIn's data export: connections, messages, invitations and recommendations.

`read` takes the export ZIP, the folder it was unpacked into, or one of its CSV files,
and picks files by name (Connections.csv, messages.csv, Invitations.csv,
Recommendations_Given.csv, Recommendations_Received.csv); a single CSV under another name
is recognised by its header (the two recommendation files share one: a renamed file is
read as recommendations given).
Columns are mapped by name because LinkedIn adds and drops them between export versions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.domain.occasions import RECOMMENDED, RECOMMENDED_LABEL
from goodwill.importers.csvtext import (
    FileReader,
    Source,
    clean,
    clip,
    column_values,
    has_columns,
    load_cells,
    load_table,
    parse_date,
    read_export,
    where_of,
)
from goodwill.importers.records import (
    ContactRecord,
    InvitationRecord,
    OccasionRecord,
    PersonKey,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

SOURCE = "linkedin"

#: German headers of Connections.csv, as the canonical (English) column keys.
_GERMAN = {
    "vorname": "first name",
    "nachname": "last name",
    "e-mail-adresse": "email address",
    "unternehmen": "company",
    "verbunden am": "connected on",
}


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records from an export ZIP, an unpacked export folder, or a single export CSV."""
    return read_export(path, options, _READERS, _sniff, _EXPECTED)


_USUAL = "https://www.linkedin.com/"
_URL = re.compile(r"(?:([A-Za-z][A-Za-z0-9+.-]*)://)?([^/?#]*)([^?#]*)")


def profile_url(url: str) -> str:
    """A profile URL in one spelling: lowercase scheme and host, no query, no trailing slash.

    A regular expression rather than `urllib.parse`: this runs once per row of files with
    tens of thousands of rows, and urlsplit costs more than the rest of the row.
    """
    stripped = url.strip()
    if stripped.startswith(_USUAL) and "?" not in stripped and "#" not in stripped:
        return stripped.rstrip("/")  # already canonical: the common case, made cheap
    match = _URL.match(stripped)
    if match is None or not match[2]:
        return ""
    scheme = (match[1] or "https").lower()
    return f"{scheme}://{match[2].lower()}{match[3].rstrip('/')}"


# --- Connections.csv ---------------------------------------------------------------------


def _connections(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    """One contact per connection; a hidden profile (only the date) is skipped and reported.

    Exports before mid-2023 have no URL column: the uid then falls back to the name and
    the email or company, which is as stable as LinkedIn lets it be.
    """
    table = load_cells(
        file,
        data,
        _CONNECTIONS_HEADER,
        options.advance,
        _CONNECTION_COLUMNS,
        _GERMAN,
        "LinkedIn's Connections.csv",
    )
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, (first, last, connected_on, url_cell, email_cell, company_cell, position) = row
        given = clean(first)
        name = clean(f"{first} {last}")
        if not name:
            yield SkippedRecord(where_of(file, line), "hidden profile: LinkedIn gives only a date")
            continue
        try:
            met_on = parse_date(connected_on)
        except ValueError as exc:
            yield RecordError(file, line, f"{name}: Connected On: {exc}")
            continue
        url = profile_url(url_cell)
        email = email_cell.strip()
        company = clean(company_cell) or None
        yield ContactRecord(
            source=SOURCE,
            where=where_of(file, line),
            name=name,
            uid=url or f"name:{name}|{email.casefold() or company or ''}",
            emails=(email,) if email else (),
            company=company,
            title=clean(position) or None,
            links=(url,) if url else (),
            met_on=met_on,
            met_how="connected on LinkedIn",
            given_name=given or None,
            connected=True,
        )


_CONNECTIONS_HEADER = has_columns("first name", "last name", "connected on")
#: What a connection's record is made of, in the order `_connections` unpacks it.
_CONNECTION_COLUMNS = (
    "first name",
    "last name",
    "connected on",
    "url",
    "email address",
    "company",
    "position",
)


# --- messages.csv ------------------------------------------------------------------------

_MESSAGES_HEADER = has_columns("conversation id", "from", "to", "date")
_MESSAGES = "LinkedIn's messages.csv"
_TRUE = frozenset({"yes", "true", "1"})
_DRAFT_FOLDERS = frozenset({"DRAFT", "DRAFTS"})


#: Phrases that make a message a request even without a topic word.
_REQUEST = re.compile(
    r"\b(?:could you|can you|would you (?:mind|be (?:willing|able|open))|any chance|"
    r"i was wondering|do you know (?:anyone|someone|somebody|of)|is there any way)\b"
)
_ASK_TOPICS = (
    (
        "asked-job",
        re.compile(r"\b(?:refer(?:ral|rals)?|job|jobs|roles?|hiring|opening|resume|cv)\b"),
    ),
    ("asked-intro", re.compile(r"\b(?:introduc\w*|intro|put me in touch|connect me)\b")),
    ("asked-advice", re.compile(r"\b(?:advice|advise|pick your brain|feedback|tips?)\b")),
)
#: Topics that are asks on their own ("Any referral possible?").
_STRONG_ASK = re.compile(r"\b(?:referral|refer me|introduce me|intro to|pick your brain)\b")


def classify_ask(text: str) -> str | None:
    """The ask kind a message from them makes (`asked-job`, ...), or None for no ask.

    Deliberately simple keyword rules: an ask needs a request phrase ("could you ...") or
    a topic that is an ask by itself ("referral"); the topic picks the kind, and a request
    with no known topic is a favour. The user can re-file an entry that guessed wrong.
    """
    lowered = text.casefold()
    if not (_REQUEST.search(lowered) or _STRONG_ASK.search(lowered)):
        return None
    for kind, topic in _ASK_TOPICS:
        if topic.search(lowered):
            return kind
    return "asked-favour"


_Person = tuple[str, str]  # (profile URL, name), either may be empty
_PARTICIPANT_COLUMNS = ("sender profile url", "from", "recipient profile urls", "to")
#: What finding me reads of each row: the conversation and its participants.
_ME_COLUMNS = ("conversation id", *_PARTICIPANT_COLUMNS)


@functools.lru_cache(maxsize=4096)
def _parse_participants(
    sender_url: str, sender: str, urls_cell: str, names_cell: str
) -> tuple[_Person, tuple[_Person, ...]]:
    """(sender, recipients) of a message row, from its participant columns. Cached: a
    conversation repeats the same two or few participants row after row.

    `TO` joins names with ", " and names may themselves hold ", ", so names are paired
    with the (reliably comma-joined) URLs only when the counts agree.
    """
    urls = [url for url in map(profile_url, urls_cell.split(",")) if url]
    names = [clean(name) for name in names_cell.split(", ") if name.strip()]
    if not urls:
        recipients = tuple(("", name) for name in names)
    elif len(urls) != len(names):
        recipients = tuple((url, "") for url in urls)
    else:
        recipients = tuple(zip(urls, names, strict=True))
    return (profile_url(sender_url), clean(sender)), recipients


class _Me:
    """Who "me" is in messages.csv: by profile URL or by name, both compared case-folded."""

    def __init__(self, urls: set[str], names: set[str]) -> None:
        self.urls, self.names = urls, names

    def __contains__(self, person: _Person) -> bool:
        url, name = person
        if url and self.urls:  # a URL is unique, a name may be shared: the URL decides
            return url.casefold() in self.urls
        return name.casefold() in self.names


def _find_me(data: Source, options: ReadOptions) -> _Me | None:
    """Me from `options.me` (profile URLs or names), else the one person in every conversation.

    The inference reads the participant columns once, without keeping the rows; it fails
    (None) when several people are in every conversation, e.g. an export with one
    conversation.
    """
    given_urls = {profile_url(m).casefold() for m in options.me if "linkedin.com/" in m.casefold()}
    given_names = {clean(m).casefold() for m in options.me if "@" not in m and "/" not in m}
    given_names.discard("")
    urls_in: dict[str, set[str]] = {}
    names_in: dict[str, set[str]] = {}
    names_of: dict[str, set[str]] = {}  # the names a profile URL goes by, to know me by name
    conversations: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    for raw in column_values(data, _MESSAGES_HEADER, _ME_COLUMNS):
        if raw in seen:  # most rows of a conversation repeat its participants
            continue
        seen.add(raw)
        conversation = raw[0]
        conversations.add(conversation)
        sender, recipients = _parse_participants(*raw[1:])
        for person_url, name in (sender, *recipients):
            url = person_url.casefold()
            if url:
                urls_in.setdefault(url, set()).add(conversation)
                if name:
                    names_of.setdefault(url, set()).add(name.casefold())
            if name:
                names_in.setdefault(name.casefold(), set()).add(conversation)
    if given_urls & urls_in.keys() or given_names & names_in.keys():
        known = [names_of.get(url, set()) for url in given_urls]
        return _Me(given_urls, given_names.union(*known))
    everywhere_urls = {u for u, seen in urls_in.items() if len(seen) == len(conversations)}
    everywhere_names = {n for n, seen in names_in.items() if len(seen) == len(conversations)}
    if len(everywhere_urls) == 1:
        return _Me(everywhere_urls, names_of.get(next(iter(everywhere_urls)), set()))
    if len(everywhere_names) == 1:  # older exports name recipients without their URLs
        urls = {url for url, names in names_of.items() if names & everywhere_names}
        return _Me(urls, everywhere_names)
    return None


#: The people a message is a touch with: (what its source id names them by, their key).
_Others = tuple[tuple[str, PersonKey], ...]
_Roles = Callable[[str, str, str, str], tuple[_Person, bool, _Others]]


def _roles_given(me: _Me) -> _Roles:
    """For a row's participant columns: (sender, whether I sent it, the people it is a
    touch with: the recipients but me when I sent it, else the sender). Cached per
    participants, as `_parse_participants` is."""

    @functools.lru_cache(maxsize=4096)
    def roles(sender_url: str, sender: str, urls: str, names: str) -> tuple[_Person, bool, _Others]:
        sent_by, recipients = _parse_participants(sender_url, sender, urls, names)
        mine = sent_by in me
        people = [person for person in recipients if person not in me] if mine else [sent_by]
        keys = tuple(
            (url or name, PersonKey(link=url or None, name=name or None)) for url, name in people
        )
        return sent_by, mine, keys

    return roles


#: What a message's touch is made of, in the order `_messages` unpacks it.
_MESSAGE_COLUMNS = (
    "conversation id",
    "sender profile url",
    "from",
    "recipient profile urls",
    "to",
    "date",
    "subject",
    "content",
    "folder",
    "is message draft",
    "is conversation draft",
)


@functools.lru_cache(maxsize=256)
def _skip_reason(folder: str, message_draft: str, conversation_draft: str) -> str | None:
    """Why a message is left out ("draft", "spam"), or None. Cached: the three cells take
    a handful of values in a whole file."""
    folder = folder.strip().upper()
    if (
        message_draft.strip().casefold() in _TRUE
        or folder in _DRAFT_FOLDERS
        or conversation_draft.strip().casefold() in _TRUE
    ):
        return "draft"
    return "spam" if folder == "SPAM" else None


def _message_day(text: str) -> date | None:
    """The day of a message's DATE (`parse_date`). Its usual form, an ISO date and time,
    is parsed by its date alone: `parse_date` caches what it parses, and a file holds
    a few thousand days but nearly as many times as messages."""
    if len(text) > 10 and text[4] == "-" and text[7] == "-" and text[10] in " T":
        try:
            return parse_date(text[:10])
        except ValueError:
            pass  # the whole text, for the error to quote it
    return parse_date(text)


def _messages(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    """Touches, one per person per conversation-day per direction; drafts and spam skipped.

    A message from me is a touch I initiated with each recipient; a message from them is a
    touch they initiated, or, when it asks for something, their ask (by_them, direction
    touch: what they ask costs me nothing). Several messages the same day are one touch.
    """
    table = load_cells(
        file, data, _MESSAGES_HEADER, options.advance, _MESSAGE_COLUMNS, what=_MESSAGES
    )
    if not table.columns:  # unreadable: its rows are the one error that says so
        yield from (row for row in table.rows if isinstance(row, RecordError))
        return
    me = _find_me(data, options)
    if me is None:
        options.advance(data.size)
        yield RecordError(file, None, "cannot tell which participant is you: give --me")
        return
    roles = _roles_given(me)
    emitted: set[str] = set()
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, cells = row
        conversation, sender_url, sender_name, urls, names, when, subject, content = cells[:8]
        skipped = _skip_reason(*cells[8:])
        if skipped is not None:
            yield SkippedRecord(where_of(file, line), skipped)
            continue
        try:
            day = _message_day(when)
        except ValueError as exc:
            yield RecordError(file, line, f"DATE: {exc}")
            continue
        if day is None:
            yield RecordError(file, line, "DATE is empty")
            continue
        sender, mine, people = roles(sender_url, sender_name, urls, names)
        if sender == ("", ""):
            yield RecordError(file, line, "the message has no sender (FROM is empty)")
            continue
        who, kind = (Initiator.ME, None) if mine else (Initiator.THEM, classify_ask(content))
        prefix = f"{conversation.strip()}:{day.isoformat()}:"
        tag = "ask" if kind else who.value
        note: str | None = None
        for named, person in people:
            source_id = f"{prefix}{named}:{tag}"
            if source_id in emitted:
                continue
            emitted.add(source_id)
            if note is None:
                note = clip(subject) or clip(content)
            yield TouchRecord(
                source=SOURCE,
                source_id=source_id,
                where=where_of(file, line),
                on=day,
                person=person,
                initiated_by=who,
                channel=Channel.MESSAGE,
                kind=kind or "catch-up",
                by_them=kind is not None,
                note=note,
            )


# --- Invitations.csv ---------------------------------------------------------------------

_INVITATIONS_HEADER = has_columns("from", "to", "sent at", "direction")


def _invitations(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    """Invitations both ways, for triage: whether one is a pitch is decided later."""
    table = load_table(
        file, data, _INVITATIONS_HEADER, options.advance, what="LinkedIn's Invitations.csv"
    )
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, cells = row
        direction = cells.get("direction", "").strip().upper()
        if direction not in {"INCOMING", "OUTGOING"}:
            yield RecordError(file, line, f"Direction '{direction}' is not INCOMING or OUTGOING")
            continue
        incoming = direction == "INCOMING"
        name = clean(cells.get("from" if incoming else "to"))
        url = profile_url(cells.get("inviterprofileurl" if incoming else "inviteeprofileurl", ""))
        try:
            on = parse_date(cells.get("sent at", ""))
        except ValueError as exc:
            yield RecordError(file, line, f"Sent At: {exc}")
            continue
        yield InvitationRecord(
            source=SOURCE,
            source_id=f"invitation:{direction.lower()}:{url or name}:{on or ''}",
            where=where_of(file, line),
            name=name,
            on=on,
            incoming=incoming,
            message=cells.get("message", "").strip(),
            link=url or None,
        )


# --- Recommendations_Given.csv -----------------------------------------------------------

_RECOMMENDATIONS_HEADER = has_columns("first name", "last name", "text", "creation date")


def _recommendation_rows(
    file: str, data: Source, options: ReadOptions, what: str
) -> Iterator[RecordError | tuple[int, str, date, dict[str, str]]]:
    """Each row of a recommendations file as (line, name, creation date, cells), or the
    error that names what is wrong with it."""
    table = load_table(file, data, _RECOMMENDATIONS_HEADER, options.advance, what=what)
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, cells = row
        name = clean(f"{cells.get('first name', '')} {cells.get('last name', '')}")
        try:
            on = parse_date(cells.get("creation date", ""))
        except ValueError as exc:
            yield RecordError(file, line, f"Creation Date: {exc}")
            continue
        if on is None or not name:
            yield RecordError(file, line, "a recommendation needs a name and a Creation Date")
            continue
        yield line, name, on, cells


def _recommendations(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    """A recommendation I gave is a deposit of kind `reference` with that person.

    Every status counts, hidden ones too: hiding a recommendation on the profile does not
    undo having written it.
    """
    for row in _recommendation_rows(file, data, options, "LinkedIn's Recommendations_Given.csv"):
        if isinstance(row, RecordError):
            yield row
            continue
        line, name, on, cells = row
        yield TouchRecord(
            source=SOURCE,
            source_id=f"recommendation:{name}:{on.isoformat()}",
            where=where_of(file, line),
            on=on,
            person=PersonKey(name=name),
            initiated_by=Initiator.ME,
            channel=Channel.SOCIAL,
            direction=Direction.DEPOSIT,
            kind="reference",
            note=clip(cells.get("text", "")),
        )


# --- Recommendations_Received.csv --------------------------------------------------------

_RECEIVED = "LinkedIn's Recommendations_Received.csv"


def _recommendations_received(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    """A recommendation someone wrote me is something they gave me (a `reference` from
    them, as a recommendation I wrote is mine to them), and an occasion to thank them.
    Whether the import keeps the occasion (a known person, written within the last month)
    is the importer's call.

    Every status counts (VISIBLE, HIDDEN, PENDING): they wrote it whether or not it shows
    on the profile, and that is what the thank-you is for.
    """
    for row in _recommendation_rows(file, data, options, _RECEIVED):
        if isinstance(row, RecordError):
            yield row
            continue
        line, name, on, cells = row
        where, person = where_of(file, line), PersonKey(name=name)
        given = TouchRecord(
            source=SOURCE,
            source_id=f"recommendation-received:{name}:{on.isoformat()}",
            where=where,
            on=on,
            person=person,
            initiated_by=Initiator.THEM,
            channel=Channel.SOCIAL,
            # What they gave me draws on my account with them (`goodwill log --they-gave`).
            direction=Direction.WITHDRAWAL,
            kind="reference",
            by_them=True,
            note=clip(cells.get("text", "")),
        )
        yield OccasionRecord(SOURCE, where, person, RECOMMENDED, on, RECOMMENDED_LABEL, given)


#: The files read, in the order they are read: people before what refers to them.
_READERS: dict[str, FileReader] = {
    "connections.csv": _connections,
    "messages.csv": _messages,
    "invitations.csv": _invitations,
    "recommendations_given.csv": _recommendations,
    "recommendations_received.csv": _recommendations_received,
}
_EXPECTED = (
    "a LinkedIn export file: Connections.csv, messages.csv, Invitations.csv,"
    " Recommendations_Given.csv or Recommendations_Received.csv"
)
_HEADERS = (
    ("Connections.csv", _CONNECTIONS_HEADER, _connections),
    ("messages.csv", _MESSAGES_HEADER, _messages),
    ("Invitations.csv", _INVITATIONS_HEADER, _invitations),
    ("Recommendations_Given.csv", _RECOMMENDATIONS_HEADER, _recommendations),
)


def header_kind(keys: Sequence[str]) -> str | None:
    """Which export file a header row (normalised keys) starts: `Connections.csv`, ..."""
    german = tuple(_GERMAN.get(key, key) for key in keys)
    for name, accept, _reader in _HEADERS:
        if accept(german if name == "Connections.csv" else keys):
            return name
    return None


def _sniff(data: Source) -> FileReader | None:
    """Which reader a renamed export file needs, judged by its header."""
    for name, accept, reader in _HEADERS:
        translate = _GERMAN if name == "Connections.csv" else None
        if load_table("", data, accept, lambda _n: None, translate).columns:
            return reader
    return None
