"""The API's declared response models describe what it sends: the JSON of every route that
declares one reads back, unchanged, through the model its OpenAPI schema is made from."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, get_args, get_origin

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from websupport import BASE_URL, Site

from goodwill.domain.model import Tier
from goodwill.importers.records import InvitationRecord
from goodwill.services import accounts, campaigns, ledger, paths
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.record_writer import write_records
from goodwill.services.views import Shape
from goodwill.web import api
from goodwill.web.server import ServerSettings, create_app

#: The routes that answer on a team server only, checked by the test that runs one.
TEAM_ROUTES = {("GET", "/team/knows")}


def is_shape(model: Any) -> bool:
    """A use case's typed result, or a list of them (not a plain `dict[str, Any]`)."""
    args = get_args(model)
    if get_origin(model) is list and args:
        model = args[0]
    return isinstance(model, type) and issubclass(model, Shape)


def typed_routes() -> dict[tuple[str, str], tuple[Any, int]]:
    """(method, path) → the response model and the status of a success, for every API
    route that declares a typed result."""
    found = {}
    for feature in api.ROUTERS:
        for route in feature.router.routes:
            if isinstance(route, APIRoute) and is_shape(route.response_model):
                for method in route.methods:
                    found[(method, route.path)] = (route.response_model, route.status_code or 200)
    return found


def reads_back(model: Any, body: Any) -> bool:
    """The body validates against the model, and dumping it again gives the same JSON
    text: no field missing, renamed, reordered, retyped (a float where the model says an
    integer reads back as `2`, not `2.0`), or sent beside the declared ones."""
    adapter = TypeAdapter(model)
    again = adapter.dump_python(adapter.validate_python(body), mode="json")
    return json.dumps(again) == json.dumps(body)


@pytest.fixture
def network(site: Site) -> dict[str, int]:
    """People enough for every typed route to answer with something: a cold ask in the
    plan (a campaign step), a dormant tie, an overdue acquaintance, a connector, an
    invitation to connect."""
    today = site.ctx.today()
    ids = {
        "ana": site.add("Ana Lima", tier=Tier.INNER, discipline="product", company="Acme"),
        "bo": site.add("Bo Chen", tier=Tier.ACTIVE, discipline="design", company="Globex"),
        "cy": site.add("Cy Diaz", tier=Tier.ACTIVE, company="Initech"),
        "di": site.add("Di Eze", tier=Tier.ACQUAINTANCE, emails=("di@example.org",)),
    }
    for name, days_ago in (("Ana Lima", 200), ("Di Eze", 800), ("Cy Diaz", 90)):
        ledger.log(
            site.ctx,
            LogRequest(
                people=(name,),
                action=Action.GAVE,
                kind="shared-article",
                on=today - timedelta(days=days_ago),
            ),
        )
    paths.knows(site.ctx, "Ana Lima", "Bo Chen")
    paths.knows(site.ctx, "Ana Lima", "Cy Diaz")
    campaigns.new_campaign(site.ctx, "Next role")
    campaigns.enrol(site.ctx, "Next role", ("Bo Chen",))
    invitation = InvitationRecord(
        "linkedin", "inv1", "f:1", "Gil Hart", today, True, "Great meeting you at PyCon!"
    )
    with site.ctx.db.write() as uow:
        write_records(site.ctx, uow, [invitation])
    return ids


def test_every_declared_model_reads_back_what_its_route_sends(
    site: Site, network: dict[str, int]
) -> None:
    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}
    ana = network["ana"]
    calls: list[tuple[str, str, str, dict[str, Any]]] = [
        ("GET", "/today", "/today", {}),
        ("GET", "/due", "/due", {}),
        ("GET", "/health", "/health", {}),
        ("GET", "/people/{person_id}/ask", f"/people/{ana}/ask", {"params": {"for": "an intro"}}),
        ("GET", "/people", "/people", {}),
        ("GET", "/people/{person_id}", f"/people/{ana}", {}),
        ("POST", "/people", "/people", {"json": {"name": "Eve Fox", "tags": ["mentor"]}}),
        ("PATCH", "/people/{person_id}", f"/people/{network['di']}", {"json": {"title": "CTO"}}),
        ("POST", "/people/{person_id}/archive", f"/people/{network['di']}/archive", {}),
        ("GET", "/people/{person_id}/brief", f"/people/{ana}/brief", {}),
        ("GET", "/help", "/help", {"params": {"need": "product"}}),
        ("GET", "/path", "/path", {"params": {"target": "Acme"}}),
        ("GET", "/connectors", "/connectors", {}),
        ("GET", "/people/{person_id}/balance", f"/people/{ana}/balance", {}),
        (
            "POST",
            "/ledger",
            "/ledger",
            {"json": {"people": ["Ana Lima", "Bo Chen"], "action": "gave", "kind": "helped"}},
        ),
        ("POST", "/ledger/undo", "/ledger/undo", {}),
        ("POST", "/today/{position}/skip", "/today/1/skip", {}),
        ("POST", "/today/{position}/done", "/today/2/done", {"json": {"kind": "helped"}}),
        (
            "POST",
            "/people/{person_id}/snooze",
            f"/people/{network['cy']}/snooze",
            {"json": {"for": "2w"}},
        ),
        (
            "POST",
            "/people/{person_id}/ask",
            f"/people/{ana}/ask",
            {"json": {"for": "advice", "kind": "advice", "anyway": True}},
        ),
        ("GET", "/campaigns", "/campaigns", {}),
        ("POST", "/campaigns", "/campaigns", {"json": {"name": "New field", "goal": 5}}),
        (
            "POST",
            "/campaigns/{name}/add",
            "/campaigns/Next role/add",
            {"json": {"people": ["Di Eze"]}},
        ),
        (
            "POST",
            "/campaigns/{name}/move",
            "/campaigns/Next role/move",
            {"json": {"person": "Bo Chen", "stage": "asked", "anyway": True}},
        ),
        ("GET", "/campaigns/{name}", "/campaigns/Next role", {}),
        ("GET", "/onboard", "/onboard", {}),
        (
            "POST",
            "/onboard",
            "/onboard",
            {"json": {"choices": {str(network["cy"]): "inner"}}},
        ),
        ("GET", "/triage", "/triage", {}),
        ("POST", "/triage/{invitation_id}/{decision}", "/triage/1/accept", {}),
        # Ana met again, and someone new whose name is hers but for a letter: a duplicate.
        (
            "POST",
            "/events",
            "/events",
            {"json": {"name": "Meetup", "met": ["Ana Lima", "Ana Limas"], "location": "Lisbon"}},
        ),
        ("GET", "/events", "/events", {}),
        ("GET", "/dupes", "/dupes", {}),
        ("POST", "/merge", "/merge", {"json": {"keep": "Ana Lima", "other": "Ana Limas"}}),
    ]
    declared = typed_routes()
    assert {(method, route) for method, route, _, _ in calls} | TEAM_ROUTES == set(declared), (
        "every route with a response model is checked here"
    )
    for method, route, url, kwargs in calls:
        model, status = declared[(method, route)]
        response = site.client.request(method, f"/api/v1{url}", headers=headers, **kwargs)
        assert response.status_code == status, (url, response.text)
        body = response.json()
        assert body, url
        assert reads_back(model, body), (url, body)


def test_the_team_routes_read_back_what_they_send(app: Context) -> None:
    for name in ("alice", "bob"):
        accounts.add_user(app, name, "correct horse battery")
    accounts.set_sharing(app, "alice", True)
    client = TestClient(
        create_app(app, ServerSettings(multi_user=True, send_digests=False)), base_url=BASE_URL
    )
    alice, bob = (
        {"Authorization": f"Bearer {accounts.create_token(app, 'tests', name).token}"}
        for name in ("alice", "bob")
    )
    declared = typed_routes()
    with client:
        added = client.post(
            "/api/v1/people", headers=alice, json={"name": "Ada", "company": "Acme"}
        )
        assert added.status_code == 201
        for method, route in sorted(TEAM_ROUTES):
            response = client.request(
                method, f"/api/v1{route}", headers=bob, params={"company": "acme"}
            )
            assert response.status_code == 200, (route, response.text)
            body = response.json()
            assert body, route
            assert reads_back(declared[(method, route)][0], body), (route, body)


def test_the_schema_names_each_field_of_the_plan(site: Site) -> None:
    schema = site.client.get("/api/v1/openapi.json").json()
    plan = schema["components"]["schemas"]["Plan"]
    pick = schema["components"]["schemas"]["Pick"]
    assert set(plan["properties"]) >= {"date", "picks", "streak", "note", "choose_circles"}
    assert {"person", "reasons", "suggestion", "draft", "ask"} <= set(pick["properties"])
    assert set(plan["required"]) == set(plan["properties"])
