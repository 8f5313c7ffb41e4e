"""The task pages (triage, events, duplicates, who can help, paths) and their JSON API
operations, through an HTTP client, over the same services as the CLI."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from websupport import Site

from goodwill.services import accounts, imports, triage
from goodwill.services.context import Context
from goodwill.services.people import show_person

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
LINKEDIN_EXPORT = LINKEDIN / "Basic_LinkedInDataExport_11-20-2026.zip"


def seeded(ctx: Context) -> None:
    imports.import_path(ctx, "linkedin", LINKEDIN_EXPORT)


def test_triage_shows_messages_and_accepting_adds_the_person(site: Site) -> None:
    seeded(site.ctx)
    page = site.client.get("/triage").text
    assert "Great meeting you at the PMI chapter meetup last night!" in page
    assert "looks like a pitch" in page  # the lead-gen one
    lena = next(i for i in triage.list_invitations(site.ctx) if i.name == "Lena Park")
    site.post(f"/triage/{lena.id}/accept")
    assert "Lena Park" not in site.client.get("/triage").text
    decided = triage.list_invitations(site.ctx, include_done=True)
    accepted = next(i for i in decided if i.name == "Lena Park")
    assert accepted.status == "accepted"
    refused = site.post(f"/triage/{lena.id}/ignore", headers={"HX-Request": "true"})
    assert refused.status_code == 400 and "already accepted" in refused.text


def test_an_event_from_the_web_adds_whom_you_met_and_tracks_follow_ups(site: Site) -> None:
    known = site.add("Grace Hopper")
    site.post(
        "/events",
        {"name": "PyCon", "on": "2d", "location": "Lisbon", "met": "Grace Hopper\nLee Park\n"},
    )
    page = site.client.get("/events").text
    assert "PyCon" in page and "Lisbon" in page and "followed up 0 of 2" in page
    assert f'href="/people/{known}">Grace Hopper' in page and "Lee Park" in page
    bad = site.post("/events", {"name": "Later", "on": "31/12/2026"}, headers={"HX-Request": "1"})
    assert bad.status_code == 400 and "Date &#39;31/12/2026&#39;: use YYYY-MM-DD" in bad.text


def test_duplicates_side_by_side_and_merge(site: Site) -> None:
    first = site.add("Katherine Johnson", company="NASA", emails=("kj@nasa.example",))
    second = site.add("Katherine Jonson", company="NASA", anyway=True)
    page = site.client.get("/dupes").text
    assert "Katherine Johnson" in page and "Katherine Jonson" in page and "kj@nasa.example" in page
    merged = site.post("/merge", {"keep": first, "other": second})
    assert merged.url.path == f"/people/{first}"
    assert "Katherine Jonson" not in site.client.get("/dupes").text
    assert show_person(site.ctx, f"#{first}").name == "Katherine Johnson"


def test_who_can_help_ranks_people_with_advice(site: Site) -> None:
    site.add("Dorothy Vaughan", title="Fortran teacher", add_tags=("fortran",))
    page = site.client.get("/help", params={"need": "fortran"}).text
    assert "Dorothy Vaughan" in page
    # Never heard from: a deposit first.
    assert "Cold for an advice ask: give before you ask" in page
    nobody = site.client.get("/help", params={"need": "cobol"}).text
    assert "No one in your network matches cobol" in nobody


def test_paths_to_a_company_through_someone_you_know(site: Site) -> None:
    via = site.add("Mary Jackson", company="Langley")
    site.add("Christine Darden", company="Boeing", met_via=f"#{via}")
    page = site.client.get("/paths", params={"target": "Boeing"}).text
    assert "me → Mary Jackson → Christine Darden" in page
    assert "Draft to Mary Jackson" in page
    # Nothing banked with Mary yet: the page says what to give first, and the draft gives.
    assert "Give first: " in page and "would love to meet" not in page


def test_paths_to_nobody_known_is_said_once_and_calmly(site: Site) -> None:
    for headers in ({}, {"HX-Request": "true"}):  # a plain search, and htmx's
        response = site.client.get("/paths", params={"target": "Nobody Atall"}, headers=headers)
        assert response.status_code == 200
        page = html.unescape(response.text)
        assert "Something needs fixing" not in page
        assert page.count("no one named 'Nobody Atall'") == 1
        assert 'data-testid="nobody-found">Nobody found: no one named' in page


def test_the_api_has_the_cli_operations_for_these_tasks(site: Site) -> None:
    seeded(site.ctx)
    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}

    def api(method: str, path: str, **kwargs: Any) -> Any:
        return site.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    waiting = api("GET", "/triage").json()
    assert {i["name"] for i in waiting} >= {"Lena Park", "Chris Seller"}
    lena = next(i for i in waiting if i["name"] == "Lena Park")
    assert api("POST", f"/triage/{lena['id']}/accept").json()["status"] == "accepted"
    assert api("POST", f"/triage/{lena['id']}/maybe").status_code == 422
    event = api("POST", "/events", json={"name": "Meetup", "met": ["Lena Park", "Samuel Ortis"]})
    assert event.status_code == 201
    assert [e["name"] for e in api("GET", "/events").json()] == ["Meetup"]
    assert api("POST", "/events", json={"name": "x", "on": "31/12/2026"}).status_code == 400
    site.add("Samuel Ortiz")
    pairs = api("GET", "/dupes").json()
    assert any({p["a"]["name"], p["b"]["name"]} == {"Samuel Ortis", "Samuel Ortiz"} for p in pairs)
    merged = api("POST", "/merge", json={"keep": "Samuel Ortiz", "other": "Samuel Ortis"}).json()
    assert merged["merged"]["name"] == "Samuel Ortis"
    site.add("Mary Jackson", company="Langley")
    found = api("GET", "/path", params={"target": "Langley"}).json()
    assert [hop["path"] for hop in found["paths"]] == [["me", "Mary Jackson"]]
    assert isinstance(api("GET", "/connectors").json(), list)


def test_a_campaign_from_the_web_stages_as_columns_moves_and_the_guard(site: Site) -> None:
    ada = site.add("Ada Lovelace", company="Analytical")
    made = site.post("/campaigns", {"name": "Move into product", "goal": "5"})
    assert made.url.path == "/campaigns/Move into product"
    site.post("/campaigns/Move%20into%20product/add", {"people": "Ada Lovelace"})
    page = site.client.get("/campaigns/Move%20into%20product").text
    to_ask = page[page.index('id="stage-to-ask"') : page.index('id="stage-asked"')]
    assert "Ada Lovelace" in to_ask and "Draft to Ada Lovelace" in to_ask
    cold = site.post(
        "/campaigns/Move%20into%20product/move",
        {"person": ada, "stage": "asked"},
        headers={"HX-Request": "true"},
    )
    assert cold.status_code == 400 and "cold ask" in cold.text  # the guard refuses it
    site.post(
        "/campaigns/Move%20into%20product/move", {"person": ada, "stage": "asked", "anyway": "true"}
    )
    page = site.client.get("/campaigns/Move%20into%20product").text
    asked = page[page.index('id="stage-asked"') : page.index('id="stage-scheduled"')]
    assert "Ada Lovelace" in asked
    assert "Move into product" in site.client.get("/campaigns").text


def test_the_api_has_the_campaign_operations(site: Site) -> None:
    site.add("Grace Hopper")
    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        site.client.post(
            "/api/v1/campaigns", json={"name": "Compilers", "goal": 3}, headers=headers
        ).status_code
        == 201
    )
    added = site.client.post(
        "/api/v1/campaigns/Compilers/add", json={"people": ["Grace Hopper"]}, headers=headers
    )
    assert added.json()["added"][0]["name"] == "Grace Hopper"
    cold = site.client.post(
        "/api/v1/campaigns/Compilers/move",
        json={"person": "Grace Hopper", "stage": "asked"},
        headers=headers,
    )
    assert cold.status_code == 409
    shown = site.client.get("/api/v1/campaigns/Compilers", headers=headers).json()
    assert [(p["name"], p["stage"]) for p in shown["people"]] == [("Grace Hopper", "to-ask")]
