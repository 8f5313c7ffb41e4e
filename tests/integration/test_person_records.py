"""People as records (`list --json`, `export csv`), read by one ordered merge of five
statements, say on both backends exactly what each person's view says, with every filter;
and the text SQLite writes of them is the text Python writes of the records."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from goodwill.domain.listing import json_item
from goodwill.domain.model import PersonRecord, Tier
from goodwill.exporters.csv_export import to_csv
from goodwill.services import ledger, lists, people, transfer
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges

TODAY = date(2026, 6, 1)


def as_json(record: PersonRecord) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in zip(PersonRecord._fields, record, strict=True)
    }


@pytest.fixture
def network(app: Context) -> Context:
    """People with and without emails, phones, links and tags, in many tiers."""
    for number in range(30):
        people.add_person(
            app,
            PersonChanges(
                name=f"Person {29 - number:02d}",
                emails=tuple(f"p{number}.{n}@example.org" for n in range(number % 3)),
                phones=("+46 70 123 45 6" + str(number % 10),) if number % 4 == 0 else None,
                links=(f"https://example.org/z{number}", f"https://example.org/a{number}")
                if number % 5
                else None,
                tags=("mentor", "climbing") if number % 2 else None,
                tier=list(Tier)[number % 4],
                cadence_days=10 if number % 7 == 0 else None,
                company='Ümlaut "Co"' if number % 3 else None,
                birthday=date(1990, 1, 1) + timedelta(days=number),
            ),
            on=TODAY - timedelta(days=400),
        )
    request = LogRequest(people=("Person 03",), action=Action.GAVE, kind="intro-made", on=TODAY)
    ledger.log(app, request)
    return app


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"tier": Tier.INNER},
        {"tag": "mentor"},
        {"discipline": "nobody's"},
        {"due_on": TODAY + timedelta(days=200)},
        {"tag": "mentor", "limit": 4},
        {"due_on": TODAY + timedelta(days=400), "limit": 7},
    ],
)
def test_records_are_the_people_of_the_list(network: Context, filters: dict[str, Any]) -> None:
    records = list(lists.stream_records(network, on=TODAY, **filters))
    listed = people.list_people(network, on=TODAY, **filters)
    assert [as_json(record) for record in records] == listed
    if not filters:
        assert len(records) == 30 and any(record.phones for record in records)


def test_everyone_by_id_as_an_export_reads_them(network: Context) -> None:
    records = list(lists.stream_everyone(network, TODAY))
    assert [record.id for record in records] == sorted(record.id for record in records)
    by_id = {person["id"]: person for person in people.list_people(network, on=TODAY)}
    assert [as_json(record) for record in records] == [by_id[record.id] for record in records]


@pytest.mark.parametrize(
    "filters",
    [{}, {"tier": Tier.ACTIVE}, {"tag": "mentor", "limit": 4}, {"due_on": TODAY, "limit": 7}],
)
def test_json_items_are_the_records_as_json(network: Context, filters: dict[str, Any]) -> None:
    """On SQLite the store writes the items itself; they are what Python writes of the records."""
    items = list(lists.stream_json_items(network, on=TODAY, **filters))
    records = lists.stream_records(network, on=TODAY, **filters)
    assert items == [json_item(record) for record in records]
    assert json.loads("[" + ",".join(items) + "]") == people.list_people(
        network, on=TODAY, **filters
    )


def test_csv_export_is_the_records_as_csv(network: Context) -> None:
    """On SQLite the store writes the lines itself; they are what the exporter writes."""
    text = transfer.export(network, "csv", on=TODAY)
    assert text == to_csv(lists.stream_everyone(network, TODAY))
    assert "'+4670123456" in text and '"Ümlaut ""Co"""' in text
