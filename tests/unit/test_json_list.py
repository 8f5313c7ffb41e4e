"""`emit_json_list` writes, item by item, the very text `json.dumps` makes of the whole list:
its own encoding of dictionaries of strings, numbers and lists of strings (a person) must
never drift from the standard library's."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodwill.cli.render import emit_json_list

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)
#: A person's shape: text keys, and strings, numbers, nulls and lists of strings.
flat = st.dictionaries(
    st.text(), scalars | st.lists(st.text(), max_size=3) | values, min_size=1, max_size=8
)


def written(items: list[Any]) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        emit_json_list(iter(items))
    return out.getvalue()


@given(items=st.lists(flat | values, max_size=4))
def test_the_text_is_json_dumps_of_the_whole_list(items: list[Any]) -> None:
    assert written(items) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "item",
    [
        {"name": 'Ana "Q" \\ é 小明 \u2028 \x00\t', "tags": [], "emails": ["a@b.org", "ü"]},
        {"balance": 1e300, "nan": float("nan"), "inf": float("-inf"), "big": 10**30},
        {"yes": True, "no": False, "none": None, "nested": {"a": [1, {"b": []}]}},
        {1: "a key that is no string", "x": 1},
        {},
        [],
        "text",
    ],
)
def test_edges_of_the_fast_path(item: Any) -> None:
    expected = json.dumps([item, item], ensure_ascii=False, indent=2) + "\n"
    assert written([item, item]) == expected


def test_an_empty_list() -> None:
    assert written([]) == "[]\n"
