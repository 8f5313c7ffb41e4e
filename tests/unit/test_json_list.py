"""`emit_person_records` writes, person by person, the very text `json.dumps` makes of the
whole list of their dictionaries: its own writing of a person must never drift from the
standard library's."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodwill.cli.render import emit_person_records
from goodwill.domain.listing import csv_balance, csv_cents, json_cents, json_number
from goodwill.domain.model import PersonRecord

texts = st.text()
maybe_text = st.none() | texts
maybe_int = st.none() | st.integers()
items = st.lists(texts, max_size=3).map(tuple)
records = st.builds(
    PersonRecord,
    id=st.integers(),
    name=texts,
    emails=items,
    phones=items,
    company=maybe_text,
    title=maybe_text,
    discipline=maybe_text,
    location=maybe_text,
    tier=texts,
    tags=items,
    cadence_days=maybe_int,
    cadence_override=maybe_int,
    birthday=maybe_text,
    met_on=maybe_text,
    met_how=maybe_text,
    met_via_id=maybe_int,
    notes=texts,
    created_on=maybe_text,
    last_touch=maybe_text,
    last_contact=maybe_text,
    next_due=maybe_text,
    snoozed_until=maybe_text,
    follow_up_on=maybe_text,
    balance=st.floats(),
    links=items,
)


def written(people: list[PersonRecord]) -> str:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        emit_person_records(iter(people))
    return out.getvalue()


def dumped(people: list[PersonRecord]) -> str:
    """The list as `json.dumps` writes the dictionaries of the JSON shape."""
    shapes: list[dict[str, Any]] = [
        {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in zip(PersonRecord._fields, person, strict=True)
        }
        for person in people
    ]
    return json.dumps(shapes, ensure_ascii=False, indent=2) + "\n"


@given(people=st.lists(records, max_size=4))
def test_the_text_is_json_dumps_of_the_whole_list(people: list[PersonRecord]) -> None:
    assert written(people) == dumped(people)


ANA = PersonRecord(
    7,
    'Ana "Q" \\ é 小明 \u2028 \x00\t\x7f',
    ("a@b.org", "ü"),
    (),
    None,
    "CTO",
    None,
    "Malmö",
    "inner",
    ("mentor", "\n"),
    30,
    None,
    "1990-02-03",
    None,
    None,
    3,
    "two\nlines",
    "2026-01-01",
    None,
    None,
    "2026-02-01",
    None,
    None,
    -0.0,
    (),
)


@pytest.mark.parametrize(
    "balance", [1.25, -4.0, -0.0, 1e300, 1e-7, float("nan"), float("inf"), float("-inf")]
)
def test_edges(balance: float) -> None:
    person = ANA._replace(balance=balance)
    assert written([person, person]) == dumped([person, person])


def test_an_empty_list() -> None:
    assert written([]) == "[]\n"


CENTS_EDGES = [
    0.0,
    -0.0,
    -0.001,
    0.005,
    1.005,
    2.675,
    -2.675,
    0.125,
    123456.785,
    9_999_999_999_999.99,
    -9_999_999_999_999.99,
    1e13,
    -1e13,
    1.5e16,
    1e300,
    1e-7,
    float("nan"),
    float("inf"),
    float("-inf"),
]


@given(
    st.one_of(st.floats(), st.floats(min_value=-1e6, max_value=1e6), st.sampled_from(CENTS_EDGES))
)
def test_a_balance_to_the_cent_is_written_as_rounding_writes_it(value: float) -> None:
    """The lists write a balance straight from the unrounded value: the text of the float
    `round` makes, in JSON and in the spreadsheet."""
    assert json_cents(value) == json_number(round(value, 2))
    assert csv_cents(value) == csv_balance(round(value, 2))
