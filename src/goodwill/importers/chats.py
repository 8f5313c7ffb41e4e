"""What chat readers share: messages in, one touch per person per conversation day out.

A reader turns an export into `Message`s (the chat, when, who wrote, what); `touches` folds
them into ledger touches. A day's conversation is one touch with each person in it,
initiated by whoever wrote first that day; the messages' text stays out of the ledger
unless the user asks to keep it. In a group, a day counts as a conversation with someone
only when both of you wrote; the members (up to a size limit) know each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from goodwill.domain.model import Channel, Initiator
from goodwill.importers.records import PersonKey, Record, TouchRecord

#: Larger groups are broadcasts more than acquaintances: their members get no ties.
MAX_GROUP_MEMBERS = 30
NOTE_LENGTH = 200
_PHONE = re.compile(r"^\+?[\d\s().\-]{7,}$")


@dataclass(frozen=True, slots=True)
class Message:
    chat: str
    on: date
    sender: str
    text: str
    line: int


@lru_cache(maxsize=4096)
def sender_key(sender: str) -> PersonKey:
    """A phone number when the sender is one (a contact not in the phone's address book),
    else a name; an email when the source gives one."""
    if _PHONE.match(sender) and sum(ch.isdigit() for ch in sender) >= 7:
        return PersonKey(phones=(sender,), name=None)
    if "@" in sender:
        return PersonKey(emails=(sender.lower(),), name=None)
    return PersonKey(name=sender)


@dataclass
class _Day:
    first_is_me: bool
    line: int
    i_wrote: bool = False
    #: sender → (line of their first message that day, texts kept for the note)
    written: dict[str, tuple[int, list[str]]] = field(default_factory=dict)


def touches(
    source: str,
    file: str,
    messages: Iterable[Message],
    me: frozenset[str],
    *,
    keep_text: bool,
    key: Callable[[str], PersonKey] | None = None,
    listed: Iterable[str] = (),
) -> list[Record]:
    """Touches from one chat's messages; `me` holds the user's own names, numbers and
    addresses, compared folded (case and spacing); `key` says how a sender is found in
    goodwill (default: a number by phone, else by name). Memory follows the days and people
    in the chat, not its messages. `listed` names members the source lists (besides me),
    whether or not they wrote."""
    key = key or sender_key
    days: dict[date, _Day] = {}
    members: dict[str, None] = dict.fromkeys(listed)
    for message in messages:
        mine = fold(message.sender) in me
        talk = days.get(message.on)
        if talk is None:
            talk = days[message.on] = _Day(first_is_me=mine, line=message.line)
        if mine:
            talk.i_wrote = True
            continue
        members.setdefault(message.sender, None)
        _line, texts = talk.written.setdefault(message.sender, (message.line, []))
        if keep_text and sum(map(len, texts)) < NOTE_LENGTH:
            texts.append(message.text)
    group = len(members) > 1
    found: list[Record] = []
    for day, talk in days.items():
        if group and not talk.i_wrote:
            continue  # others talking among themselves
        written = talk.written
        if not written and len(members) == 1:  # I wrote; they had not answered that day
            written = {next(iter(members)): (talk.line, [])}
        for sender, (line, texts) in written.items():
            found.append(
                TouchRecord(
                    source=source,
                    source_id=f"{day.isoformat()}:{fold(sender)}",
                    where=f"{file}:{line}",
                    on=day,
                    person=key(sender),
                    initiated_by=Initiator.ME if talk.first_is_me else Initiator.THEM,
                    channel=Channel.MESSAGE,
                    note=_note(texts) if keep_text else "",
                )
            )
    if group and found and len(members) <= MAX_GROUP_MEMBERS:
        last = found[-1]
        assert isinstance(last, TouchRecord)
        found[-1] = replace(last, members=tuple(key(m) for m in members))
    return found


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """A name or number as compared: case and spacing folded, a number's digits alone."""
    if _PHONE.match(name):
        return "".join(ch for ch in name if ch.isdigit() or ch == "+")
    return " ".join(name.casefold().split())


def _note(texts: list[str]) -> str:
    text = " / ".join(" ".join(t.split()) for t in texts)
    return text if len(text) <= NOTE_LENGTH else text[: NOTE_LENGTH - 1].rstrip() + "…"
