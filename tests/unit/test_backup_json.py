"""The backup's streaming writer and reader against the standard library's whole-text JSON."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goodwill.domain.errors import BadInput
from goodwill.exporters import backup_json

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
rows = st.dictionaries(st.text(min_size=1), scalars, max_size=5)
tables = st.dictionaries(st.text(min_size=1), st.lists(rows, max_size=4), max_size=4)
configs = st.dictionaries(st.text(), st.recursive(scalars, lambda inner: st.lists(inner)))


def written(schema: str, tables: dict[str, list[dict[str, Any]]], config: Any) -> str:
    sink = io.StringIO()
    backup_json.write(sink, schema, sorted(tables.items()), config)
    return sink.getvalue()


def read_back(text: str) -> dict[str, Any]:
    document: dict[str, Any] = {"tables": {}}
    for item in backup_json.read(io.StringIO(text)):
        if isinstance(item, backup_json.Field):
            document[item.key] = item.value
        elif isinstance(item, backup_json.TableStart):
            document["tables"][item.name] = []
        else:
            assert len(document["tables"][item.table]) == item.number - 1
            document["tables"][item.table].append(item.value)
    return document


@pytest.fixture(autouse=True)
def tiny_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read a few characters at a time, so values straddle every kind of boundary."""
    monkeypatch.setattr(backup_json, "READ_SIZE", 5)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1), tables, configs)
def test_the_stream_is_the_canonical_text_and_reads_back(
    schema: str, tables: dict[str, list[dict[str, Any]]], config: Any
) -> None:
    text = written(schema, tables, config)
    document = {
        "config": config,
        "format": backup_json.FORMAT,
        "schema": schema,
        "tables": tables,
        "version": backup_json.VERSION,
    }
    assert text == json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert read_back(text) == document


@settings(max_examples=100, deadline=None)
@given(tables, st.data())
def test_a_cut_text_is_refused_at_the_line_and_column_json_names(
    tables: dict[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    text = written("0011", tables, {})
    cut = data.draw(st.integers(min_value=0, max_value=len(text) - 3))
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text[:cut])
    with pytest.raises(BadInput, match="not valid JSON") as refused:
        read_back(text[:cut])
    where = re.search(r"at line (\d+) column (\d+)", str(refused.value))
    assert where is not None
    assert (int(where[1]), int(where[2])) == (expected.value.lineno, expected.value.colno)


def test_what_is_not_a_backup_is_refused_before_any_row() -> None:
    with pytest.raises(BadInput, match="not a goodwill backup"):
        read_back('["a", "list"]')
    with pytest.raises(BadInput, match="not a goodwill backup"):
        read_back('{"people": [' + '{"name": "x"},' * 10 + "{}]}")
    with pytest.raises(BadInput, match="Extra data"):
        read_back(written("0011", {}, {}) + "{}")
