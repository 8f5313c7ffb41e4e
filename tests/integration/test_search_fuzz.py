"""Any text a user types into a search: full-text syntax, unbalanced quotes, control
characters and every script. `help` and the people search answer or refuse in one line;
they never raise a database error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.domain.errors import BadInput
from goodwill.services import people
from goodwill.services.context import Context
from goodwill.services.finder import who_can_help
from goodwill.services.people import PersonChanges

#: Pieces of FTS5 and tsquery syntax, to be mixed with arbitrary text.
SYNTAX = st.sampled_from(
    [
        '"',
        "*",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR(",
        "NEAR/2",
        "^",
        ":",
        "-",
        "+",
        "&",
        "|",
        "!",
        "<->",
        "'",
        "\\",
        "%",
        "_",
        "\x00",
        "{",
        "}",
        "col:",
        "a*b",
    ]
)
SEEDED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
QUERIES = st.lists(st.one_of(SYNTAX, st.text(max_size=12)), max_size=8).map(" ".join)


@pytest.fixture
def network(app: Context) -> Context:
    people.add_person(
        app,
        PersonChanges(name="Ana Núñez", company="Acme", title="CFO", note="pricing strategy"),
    )
    people.add_person(app, PersonChanges(name="王小明", company="深圳科技", note="hardware"))
    return app


@SEEDED
@given(query=QUERIES)
def test_any_text_is_a_need_or_a_one_line_refusal(network: Context, query: str) -> None:
    try:
        found = who_can_help(network, query).to_json()
    except BadInput as error:
        assert "\n" not in str(error)
        return
    assert isinstance(found["people"], list)


@SEEDED
@given(query=QUERIES)
def test_any_text_filters_the_people_list(network: Context, query: str) -> None:
    listed = people.list_people(network, text=query, limit=10)
    assert all(isinstance(person["name"], str) for person in listed)


def test_a_search_for_a_wildcard_matches_only_the_character(network: Context) -> None:
    assert people.list_people(network, text="%") == []
    assert people.list_people(network, text="_") == []
    assert [p["name"] for p in people.list_people(network, text="núñez")] == ["Ana Núñez"]
    assert [p["name"] for p in people.list_people(network, text="小明")] == ["王小明"]


@pytest.mark.parametrize("text", ["ъ", "\x00", "ъ\x00ь"], ids=["hard sign", "NUL", "both"])
def test_a_search_with_no_letters_matches_nobody(network: Context, text: str) -> None:
    """The lookups refuse such a text ('has no letters to look up'); a search box shows
    no one, rather than everyone (an empty key is in every name)."""
    assert people.list_people(network) != []
    assert people.list_people(network, text=text) == []
