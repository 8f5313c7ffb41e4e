"""The JSON backup format: a dump of every table as canonical text, and back.

Canonical means one text per database: keys sorted, one indentation, no
ASCII escaping, a final newline. So export -> restore -> export is
byte-identical, a backup diffs cleanly against the previous one, and two
backups of the same data compare equal with `cmp`.

This module is pure (text in, values out): the service reads the file and
the store writes the rows, both inside one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from goodwill.domain.errors import BadInput

FORMAT = "goodwill-backup"
VERSION = 1


@dataclass(frozen=True)
class Backup:
    """A parsed backup: the schema revision it was dumped at, its tables and the config."""

    schema: str
    tables: dict[str, Any]
    config: dict[str, Any]


def to_json(schema: str, tables: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "tables": tables,
        "config": config,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _where(error: json.JSONDecodeError) -> str:
    return f"{error.msg} at line {error.lineno} column {error.colno}"


def from_json(text: str) -> Backup:
    """Parse and check the envelope; BadInput says what is wrong in one line.

    The tables themselves are checked column by column when they are loaded.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"not valid JSON ({_where(error)}); is the file complete?") from None
    except RecursionError:
        raise BadInput("not a goodwill backup (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f'not a goodwill backup (no "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadInput("the backup has no format version")
    if version > VERSION:
        raise BadInput(
            f"backup format version {version} is newer than this goodwill reads ({VERSION}): "
            "upgrade goodwill"
        )
    schema = document.get("schema")
    if not isinstance(schema, str) or not schema:
        raise BadInput("the backup does not say its schema revision")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BadInput('the backup has no "tables" object')
    config = document.get("config", {})
    if not isinstance(config, dict):
        raise BadInput('the backup\'s "config" is not an object')
    return Backup(schema=schema, tables=tables, config=config)
