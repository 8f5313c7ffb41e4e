"""`goodwill serve --on DAY`: the pages and the API act as that day, but, as in the CLI,
nothing is recorded as done on a day that has not come yet.

A real server process, so that what is tested is what `serve` sets up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import httpx2 as httpx
import pytest

from goodwill.services import accounts, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from serving import serving

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def _serve(app: Context, env: dict[str, str], day: date) -> Iterator[httpx.Client]:
    token = accounts.create_token(app, "tests").token
    with (
        serving(app.db.url, env, "--on", day.isoformat()) as (_pid, port),
        httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ) as client,
    ):
        yield client


@pytest.fixture
def ada(sqlite_app: Context) -> int:
    return people.add_person(sqlite_app, PersonChanges(name="Ada Lovelace")).id


@pytest.fixture
def ahead(sqlite_app: Context, env: dict[str, str], ada: int) -> Iterator[httpx.Client]:
    """A server acting as a day a month from now (the real now: the process's clock)."""
    yield from _serve(sqlite_app, env, date.today() + timedelta(days=30))


def _days(app: Context, person_id: int) -> list[str]:
    """The days of the person's ledger entries, newest first."""
    return [entry.on for entry in people.timeline_page(app, f"#{person_id}", 0).entries]


def test_the_api_refuses_to_log_on_a_day_to_come(
    ahead: httpx.Client, sqlite_app: Context, ada: int
) -> None:
    assert ahead.get("/api/v1/today").status_code == 200  # reading that day is fine
    refused = ahead.post("/api/v1/ledger", json={"people": ["Ada Lovelace"]})
    assert refused.status_code == 400
    assert refused.json()["field"] == "on"
    assert "is in the future: the ledger records what happened" in refused.json()["error"]
    assert _days(sqlite_app, ada) == []


def test_the_log_form_says_so_beside_its_date(
    ahead: httpx.Client, sqlite_app: Context, ada: int
) -> None:
    found = CSRF.search(ahead.get(f"/people/{ada}").text)
    assert found
    refused = ahead.post(
        f"/people/{ada}/log",
        data={"csrf_token": found.group(1), "action": "touch"},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 400
    assert 'data-field="on"' in refused.text and "is in the future" in refused.text
    assert _days(sqlite_app, ada) == []


def test_a_day_gone_by_is_still_recorded_on_that_day(
    sqlite_app: Context, env: dict[str, str], ada: int
) -> None:
    before = date.today() - timedelta(days=2)
    for client in _serve(sqlite_app, env, before):
        logged = client.post("/api/v1/ledger", json={"people": ["Ada Lovelace"]})
        assert logged.status_code in (200, 201), logged.text
    assert _days(sqlite_app, ada) == [before.isoformat()]
