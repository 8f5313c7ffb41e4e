"""The forms refuse what the API refuses, with one line and a 4xx, never a server error:
one set of limits (`goodwill.domain.limits`) behind the forms, the API and the CLI."""

from __future__ import annotations

import pytest
from websupport import Site

from goodwill.domain import limits
from goodwill.domain.errors import BadInput
from goodwill.services import accounts, people
from goodwill.services.people import PersonChanges


def test_a_search_too_long_for_the_database_is_a_user_error(site: Site) -> None:
    site.add("Ada Lovelace")
    for field in ("q", "tag", "discipline"):
        refused = site.client.get("/people", params={field: "a" * 60_000})
        assert refused.status_code == 400, field
        assert "at most" in refused.text
    assert site.client.get("/people", params={"q": "a" * limits.SEARCH}).status_code == 200


def test_forms_refuse_what_the_api_refuses(site: Site) -> None:
    token = accounts.create_token(site.ctx, "limits").token
    api = {"Authorization": f"Bearer {token}"}
    too_long = "N" * 100_000
    cases = [
        {"name": too_long},
        {"name": "Ada", "cadence_days": "99999999"},
        {"name": "Ada", "cadence_days": "9" * 5000},
        {"name": "Ada", "company": "C" * (limits.COMPANY + 1)},
        {"name": "Ada", "tags": ",".join(f"t{i}" for i in range(limits.ITEMS + 1))},
    ]
    for form in cases:
        refused = site.post("/people", form)
        assert refused.status_code == 400, form
        assert too_long not in refused.text
    assert people.list_people(site.ctx) == []
    assert (
        site.client.post("/api/v1/people", json={"name": too_long}, headers=api).status_code == 422
    )
    big_cadence = {"name": "Ada", "cadence_days": 99_999_999}
    assert site.client.post("/api/v1/people", json=big_cadence, headers=api).status_code == 422
    person = site.add("Ada")
    edit = site.post(f"/people/{person}/edit", {"name": "Ada", "cadence_days": "36501"})
    assert edit.status_code == 400 and "cadence" in edit.text
    note = site.post(f"/people/{person}/log", {"note": "x" * (limits.NOTE + 1)})
    assert note.status_code == 400 and "note: at most" in note.text


def test_the_services_hold_the_same_limits_for_the_cli(site: Site) -> None:
    with pytest.raises(BadInput, match="name: at most 300"):
        people.add_person(site.ctx, PersonChanges(name="N" * 301))
    with pytest.raises(BadInput, match="cadence"):
        people.add_person(site.ctx, PersonChanges(name="Ada", cadence_days=10**12))
    with pytest.raises(BadInput, match="search: at most"):
        people.list_people(site.ctx, text="a" * 60_000)
