"""Slack's workspace export (a ZIP): direct messages and group direct messages.

`users.json` names everyone (with their email when the export has it); `dms.json` and
`mpims.json` list the direct conversations and their members; each conversation's folder
holds a JSON file per day of messages. Public channels are not conversations with one
person and are left out. People are found by email, then by name; me by `--me` (my
email, Slack user name or real name).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from goodwill.importers.chats import Message, fold, touches
from goodwill.importers.records import PersonKey, ReadOptions, Record, RecordError

SOURCE = "slack"
NOT_SLACK = "not a Slack workspace export: no users.json in it"
NO_DMS = "the export has no direct messages (dms.json or mpims.json): only admins of some plans can export them"
_ME = "\0me"


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    file = str(path)
    if not zipfile.is_zipfile(path):
        yield RecordError(file, None, "not a ZIP: a Slack export is the ZIP Slack sends")
        return
    options.advance(path.stat().st_size)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "users.json" not in names:
            yield RecordError(file, None, NOT_SLACK)
            return
        try:
            users = {u["id"]: u for u in _load(archive, "users.json") if isinstance(u, dict)}
            conversations = [
                c
                for listing in ("dms.json", "mpims.json")
                if listing in names
                for c in _load(archive, listing)
                if isinstance(c, dict) and c.get("id")
            ]
        except (ValueError, KeyError, TypeError) as error:
            yield RecordError(file, None, f"a listing is not Slack's JSON: {error}")
            return
        if not conversations:
            yield RecordError(file, None, NO_DMS)
            return
        me = {fold(m) for m in options.me if m.strip()}
        my_ids = {uid for uid, user in users.items() if me & _names(user)}
        if not my_ids:
            yield RecordError(file, None, "none of the export's users is you: pass --me")
            return
        keys = {_label(uid, user): _key(user) for uid, user in users.items()}
        by_folder: dict[str, list[str]] = {}
        for name in sorted(names):
            folder_name, _, day_name = name.partition("/")
            if day_name.endswith(".json"):
                by_folder.setdefault(folder_name, []).append(name)
        for conversation in conversations:
            folder = str(conversation.get("name") or conversation["id"])
            days = by_folder.get(folder, [])
            messages: list[Message] = []
            for day_file in days:
                try:
                    items = _load(archive, day_file)
                except ValueError as error:
                    yield RecordError(f"{file}:{day_file}", None, f"not JSON: {error}")
                    continue
                for item in items:
                    if not isinstance(item, dict) or item.get("subtype") or not item.get("user"):
                        continue  # joins, bots, edits: not someone writing
                    try:
                        on = datetime.fromtimestamp(float(item["ts"])).date()
                    except (KeyError, TypeError, ValueError):
                        continue
                    uid = item["user"]
                    sender = _ME if uid in my_ids else _label(uid, users.get(uid, {}))
                    messages.append(Message(folder, on, sender, str(item.get("text", "")), 0))
            yield from touches(
                SOURCE,
                f"{file}:{folder}",
                messages,
                frozenset({_ME}),
                keep_text=options.keep_text,
                key=lambda label: keys.get(label) or PersonKey(name=label),
                listed=[
                    _label(uid, users.get(uid, {}))
                    for uid in conversation.get("members") or ()
                    if uid not in my_ids
                ],
            )


def _load(archive: zipfile.ZipFile, name: str) -> list[Any]:
    data = json.loads(archive.read(name))
    if not isinstance(data, list):
        raise ValueError(f"{name} is not a list")
    return data


def _names(user: dict[str, Any]) -> set[str]:
    profile = user.get("profile") or {}
    found = {
        user.get("name"),
        user.get("real_name"),
        profile.get("email"),
        profile.get("real_name"),
    }
    return {fold(str(n)) for n in found if n}


def _label(uid: str, user: dict[str, Any]) -> str:
    profile = user.get("profile") or {}
    return str(user.get("real_name") or profile.get("real_name") or user.get("name") or uid)


def _key(user: dict[str, Any]) -> PersonKey:
    profile = user.get("profile") or {}
    email = profile.get("email")
    name = user.get("real_name") or profile.get("real_name") or user.get("name")
    return PersonKey(emails=(str(email).lower(),) if email else (), name=name)
