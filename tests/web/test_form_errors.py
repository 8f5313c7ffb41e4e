"""Every web form gets the server's one-line error with the field it concerns, so that the
page can show it beside that field; an error about no field says so (shown at the top)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from websupport import Site

from goodwill.services import accounts, campaigns, plan

HTMX = {"HX-Request": "true"}
FIELD = re.compile(r'<p class="error" role="alert"(?: data-field="([^"]+)")?>')


def refused(site: Site, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    """A form sent as htmx sends it, refused: its status, its field and its message."""
    if method == "GET":
        response = site.client.get(url, headers=HTMX)
    else:
        response = site.post(url, data or {}, headers=HTMX)
    assert 400 <= response.status_code < 500, response.text
    found = FIELD.match(response.text)
    assert found, f"not the one-line error fragment: {response.text!r}"
    return found.group(1), response.text


@pytest.fixture
def ada(site: Site) -> int:
    return site.add("Ada Lovelace", company="Analytical")


def test_each_form_names_the_field_its_error_concerns(site: Site, ada: int) -> None:
    next_week = (site.ctx.today() + timedelta(days=7)).isoformat()
    campaigns.new_campaign(site.ctx, "Next role", 20)
    long_need = "x" * 600
    cases: list[tuple[str, str, dict[str, Any] | None, str, str]] = [
        ("POST", "/people", {"name": " "}, "name", "name"),
        ("POST", "/people", {"name": "Bo", "birthday": "31/31/2020"}, "birthday", "Birthday"),
        ("POST", "/people", {"name": "Bo", "cadence_days": "often"}, "cadence_days", "cadence"),
        ("POST", "/people", {"name": "Bo", "cadence_days": "0"}, "cadence_days", "cadence"),
        ("POST", "/people", {"name": "Bo", "tier": "vip"}, "tier", "tier"),
        ("POST", "/people", {"name": "Bo", "emails": "not-an-email"}, "emails", "email"),
        ("POST", "/people", {"name": "Bo", "phones": "12"}, "phones", "bad phone"),
        ("POST", "/people", {"name": "Bo", "birthday": next_week}, "birthday", "future"),
        ("POST", f"/people/{ada}/edit", {"met_on": next_week}, "met_on", "future"),
        ("POST", f"/people/{ada}/edit", {"met_on": "yesterday-ish"}, "met_on", "Met on"),
        ("POST", f"/people/{ada}/log", {"action": "gave", "kind": "coffee"}, "kind", "coffee"),
        ("POST", f"/people/{ada}/log", {"action": "touch", "on": "31/12/2026"}, "on", "Date &#39;"),
        ("POST", f"/people/{ada}/log", {"action": "touch", "on": next_week}, "on", "future"),
        ("POST", f"/people/{ada}/snooze", {"span": "forever"}, "span", "forever"),
        ("POST", "/events", {"name": ""}, "name", "name"),
        ("POST", "/events", {"name": "Meetup", "on": "soon"}, "on", "Date &#39;soon&#39;"),
        ("POST", "/campaigns", {"name": " "}, "name", "name"),
        ("POST", "/campaigns", {"name": "Next role"}, "name", "already exists"),
        ("POST", "/campaigns", {"name": "Pivot", "goal": "lots"}, "goal", "goal"),
        ("POST", "/campaigns/Next%20role/add", {"people": "Nobody Atall"}, "people", "Nobody"),
        ("POST", "/settings", {"plan_size": "many"}, "plan_size", "plan_size"),
        ("POST", "/import", None, "file", "file"),
        ("GET", f"/help?need={long_need}", None, "need", "need"),
    ]
    for method, url, data, field, words in cases:
        named, text = refused(site, method, url, data)
        assert named == field, (url, data, text)
        assert words in text, (url, data, text)


@pytest.mark.parametrize(
    ("url", "data", "said"),
    [
        ("/log", {"action": "touch", "on": "31/12/2026"}, "Date '31/12/2026': use YYYY-MM-DD"),
        ("/edit", {"met_on": "2026-02-30"}, "Met on '2026-02-30': there is no such day"),
        ("/edit", {"birthday": "1066-10-14"}, "Birthday '1066-10-14': out of range, use a date"),
    ],
)
def test_a_bad_date_is_said_in_words_beside_its_field(
    site: Site, ada: int, url: str, data: dict[str, str], said: str
) -> None:
    """Not "on: bad date ...": the field's name in words, the text as typed, the reason."""
    _field, text = refused(site, "POST", f"/people/{ada}{url}", data)
    message = html.unescape(text.split(">", 1)[1])
    assert message.startswith(said), message


def test_the_import_form_names_its_format_field(site: Site) -> None:
    response = site.client.post(
        "/import",
        data={"csrf_token": site.csrf(), "format": "papyrus"},
        files={"file": ("notes.txt", b"hello", "text/plain")},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert 'data-field="format"' in response.text and "papyrus" in response.text


def test_the_done_menu_is_the_field_of_a_bad_give(site: Site, ada: int) -> None:
    site.ctx.config  # noqa: B018 (the plan needs someone due: Ada, never contacted)
    today = plan.today(site.ctx)
    assert today.picks, "Ada is in today's plan"
    named, text = refused(site, "POST", "/today/1/done", {"gave": "a-pony"})
    assert named == "gave" and "a-pony" in text


def test_an_error_about_no_field_names_none(site: Site) -> None:
    named, text = refused(site, "POST", "/triage/4242/accept")
    assert named is None and "4242" in text


def test_without_javascript_the_error_page_still_says_it_in_one_line(site: Site, ada: int) -> None:
    response = site.post(f"/people/{ada}/log", {"action": "touch", "on": "31/12/2026"})
    assert response.status_code == 400
    assert "Date &#39;31/12/2026&#39;: use YYYY-MM-DD" in response.text


def test_the_api_adds_the_field_to_its_refusals(site: Site) -> None:
    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}
    no_name = site.client.post("/api/v1/people", json={"name": " "}, headers=headers)
    assert no_name.status_code == 400
    assert no_name.json() == {"error": "name: a person needs a name", "field": "name"}
    bad_email = site.client.post(
        "/api/v1/people", json={"name": "Bo", "emails": ["nope"]}, headers=headers
    )
    assert bad_email.json() == {"error": "bad email 'nope'", "field": "emails"}
    too_often = site.client.post(
        "/api/v1/people", json={"name": "Bo", "cadence_days": 0}, headers=headers
    )
    assert too_often.status_code == 422
    assert too_often.json()["field"] == "cadence_days"
    assert {"error", "detail"} <= set(too_often.json())
    unknown = site.client.get("/api/v1/people/4242", headers=headers)
    assert unknown.json() == {"error": "no person with id 4242"}  # no field: none added
    schema = site.client.get("/api/v1/openapi.json", headers=headers).json()
    refusal = schema["components"]["schemas"]["Refusal"]["properties"]
    assert {"error", "field", "candidates"} <= set(refusal)


def test_adding_a_known_name_is_refused_beside_the_name_unless_anyway(site: Site) -> None:
    jane = site.add("Jane Doe")
    named, text = refused(site, "POST", "/people", {"name": "JANE doe"})
    assert named == "name"
    assert f"Jane Doe already exists (#{jane})" in text
    assert "--anyway" not in text  # the page has its own way to say it: a checkbox
    new_form = site.client.get("/people/new").text
    assert 'name="anyway"' in new_form
    assert '<option value="active" selected>' in new_form  # as `goodwill add` does
    added = site.post("/people", {"name": "Jane Doe", "anyway": "true"})
    assert added.status_code == 200 and added.url.path != f"/people/{jane}"

    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}
    again = site.client.post("/api/v1/people", json={"name": "Jane Doe"}, headers=headers)
    assert again.status_code == 409
    assert again.json() == {
        "error": f"Jane Doe already exists (#{jane})",
        "field": "name",
        "existing": {"id": jane, "label": "Jane Doe"},
        "override": {"anyway": True},
    }
    forced = site.client.post(
        "/api/v1/people", json={"name": "Jane Doe", "anyway": True}, headers=headers
    )
    assert forced.status_code == 201
    schema = site.client.get("/api/v1/openapi.json", headers=headers).json()
    answers = schema["paths"]["/people"]["post"]["responses"]
    assert "409" in answers and "anyway" in answers["409"]["description"]
