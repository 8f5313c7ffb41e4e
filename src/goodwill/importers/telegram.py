"""Telegram Desktop's "Export chat history" in JSON (`result.json`).

A whole-account export has `personal_information` (whose `user_id` tells my messages from
theirs) and `chats.list`; a one-chat export is that chat alone. Personal chats and groups
become touches (`importers.chats`); channels, bots and saved messages are not
conversations with people and are skipped, as are service messages (calls, joins, pins).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from goodwill.importers.chats import Message, fold, touches
from goodwill.importers.records import ReadOptions, Record, RecordError, SkippedRecord

SOURCE = "telegram"
CHAT_TYPES = frozenset(
    {"personal_chat", "private_group", "private_supergroup", "public_supergroup"}
)
NOT_TELEGRAM = "not a Telegram Desktop JSON export (no chats or messages in it)"
NEED_ME = "a one-chat Telegram export does not say who you are: pass --me with your name"
#: Stands for me as a sender: Telegram knows my messages by my user id.
_ME = "\0me"


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    file = str(path)
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        yield RecordError(file, None, f"not JSON: {error}")
        return
    options.advance(path.stat().st_size)
    if not isinstance(data, dict):
        yield RecordError(file, None, NOT_TELEGRAM)
        return
    chats = _chats(data)
    if chats is None:
        yield RecordError(file, None, NOT_TELEGRAM)
        return
    me = {fold(name) for name in options.me if name.strip()} | {_ME}
    mine = _my_id(data)
    if mine is None and len(me) == 1:
        yield RecordError(file, None, NEED_ME)
        return
    for number, chat in enumerate(chats, start=1):
        where = f"{file}:chat {number}"
        if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
            yield RecordError(file, None, f"chat {number}: no messages list")
            continue
        if chat.get("type") not in CHAT_TYPES:
            yield SkippedRecord(where, f"a Telegram {chat.get('type', 'chat')}, not people")
            continue
        messages = list(_messages(chat, where, mine))
        yield from touches(SOURCE, where, messages, frozenset(me), keep_text=options.keep_text)


def _chats(data: dict[str, Any]) -> list[Any] | None:
    listed = data.get("chats")
    if isinstance(listed, dict) and isinstance(listed.get("list"), list):
        return list(listed["list"])
    if isinstance(data.get("messages"), list) and "type" in data:
        return [data]
    return None


def _my_id(data: dict[str, Any]) -> str | None:
    info = data.get("personal_information")
    if isinstance(info, dict) and info.get("user_id") is not None:
        return f"user{info['user_id']}"
    return None


def _messages(chat: dict[str, Any], where: str, mine: str | None) -> Iterator[Message]:
    for item in chat["messages"]:
        if not isinstance(item, dict) or item.get("type") != "message":
            continue
        sender = item.get("from")
        try:
            on = date.fromisoformat(str(item.get("date", ""))[:10])
        except ValueError:
            continue
        if mine is not None and item.get("from_id") == mine:
            sender = _ME
        if not isinstance(sender, str) or not sender.strip():
            continue  # a deleted account
        yield Message(where, on, sender, _text(item.get("text")), int(item.get("id") or 0))


def _text(value: Any) -> str:
    """Telegram writes plain text as a string, formatted text as a list of parts."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            p if isinstance(p, str) else str(p.get("text", ""))
            for p in value
            if isinstance(p, str | dict)
        )
    return ""
