"""The JSON API through an HTTP client: the CLI's operations, names and JSON shapes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from websupport import Site

from goodwill.domain.model import Tier
from goodwill.services import accounts
from shapes import PERSON_KEYS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


class Api:
    def __init__(self, site: Site, token: str) -> None:
        self.site = site
        self.headers = {"Authorization": f"Bearer {token}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.site.client.request(method, f"/api/v1{path}", headers=self.headers, **kwargs)


@pytest.fixture
def api(site: Site) -> Api:
    return Api(site, accounts.create_token(site.ctx, "tests").token)


def test_every_call_needs_a_valid_token(site: Site) -> None:
    assert site.client.get("/api/v1/today").status_code == 401
    bad = site.client.get("/api/v1/today", headers={"Authorization": "Bearer gw_nope"})
    assert bad.status_code == 401
    assert bad.json() == {"error": "this API token is not valid here"}


def test_a_revoked_token_stops_working(site: Site) -> None:
    made = accounts.create_token(site.ctx, "script")
    api = Api(site, made.token)
    assert api("GET", "/today").status_code == 200
    accounts.revoke_token(site.ctx, made.id)
    assert api("GET", "/today").status_code == 401


def test_people_add_list_show_edit_archive_and_delete(api: Api) -> None:
    created = api(
        "POST", "/people", json={"name": "Ana Núñez", "company": "Acme", "tags": ["Mentor"]}
    )
    assert created.status_code == 201
    person = created.json()
    assert set(person) >= PERSON_KEYS
    assert person["tags"] == ["mentor"]
    listed = api("GET", "/people", params={"q": "nunez"}).json()
    assert [p["name"] for p in listed] == ["Ana Núñez"]
    shown = api("GET", f"/people/{person['id']}").json()
    assert shown["timeline"] == [] and shown["name"] == "Ana Núñez"
    edited = api("PATCH", f"/people/{person['id']}", json={"title": "VP", "tags": []}).json()
    assert edited["title"] == "VP" and edited["tags"] == [] and edited["company"] == "Acme"
    assert api("POST", f"/people/{person['id']}/archive").json()["tier"] == "archived"
    assert api("DELETE", f"/people/{person['id']}").status_code == 204
    assert api("GET", f"/people/{person['id']}").status_code == 404


def test_log_balance_ask_and_undo(api: Api) -> None:
    ada = api("POST", "/people", json={"name": "Ada Lovelace"}).json()["id"]
    cold = api("GET", f"/people/{ada}/ask", params={"for": "an intro"}).json()
    assert cold["cold"] is True and "deposit" in cold["advice"]
    logged = api(
        "POST",
        "/ledger",
        json={"people": [f"#{ada}"], "action": "gave", "kind": "intro-made", "note": "to Bo"},
    )
    assert logged.status_code == 201
    assert logged.json()["entry"]["kind"] == "intro-made"
    balance = api("GET", f"/people/{ada}/balance").json()
    assert balance["balance"] > 0 and balance["lines"][0]["note"] == "to Bo"
    assert api("GET", f"/people/{ada}/ask").json()["cold"] is False
    assert api("POST", "/ledger/undo").json()["undone"].startswith("log intro-made")
    assert api("GET", f"/people/{ada}/balance").json()["balance"] == 0


def test_a_cold_ask_is_refused_with_the_deposit_to_make_first_unless_anyway(api: Api) -> None:
    ada = api("POST", "/people", json={"name": "Ada Lovelace", "discipline": "math"}).json()["id"]
    api("POST", "/people", json={"name": "Grace Hopper", "discipline": "math", "tier": "inner"})
    api("POST", "/ledger", json={"people": [f"#{ada}"], "action": "touch"})
    ask = {"people": [f"#{ada}"], "action": "asked", "kind": "job"}
    refused = api("POST", "/ledger", json=ask)
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"].startswith("cold ask to Ada Lovelace: ")
    assert body["override"] == {"anyway": True}
    (cold,) = body["cold_asks"]
    assert cold["credit"] == 0 and cold["needed"] == 3
    assert cold["suggested_deposit"] == {
        "kind": "intro-made",
        "text": "offer Ada an introduction to Grace Hopper (math)",
    }
    assert api("GET", f"/people/{ada}/balance").json()["lines"][0]["kind"] == "catch-up"
    again = api("POST", f"/people/{ada}/ask", json={"kind": "job"})
    assert again.status_code == 409
    recorded = api("POST", "/ledger", json={**ask, "anyway": True})
    assert recorded.status_code == 201 and recorded.json()["entry"]["kind"] == "asked-job"


def test_today_done_skip_due_and_health_have_the_cli_shapes(api: Api) -> None:
    long_ago = (api.site.ctx.today() - timedelta(days=400)).isoformat()
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        api("POST", "/people", json={"name": name, "tier": Tier.ACTIVE.value})
        api("POST", "/ledger", json={"people": [name], "on": long_ago})
    today = api("GET", "/today", params={"n": 2}).json()
    assert set(today) >= {"date", "picks", "streak"}
    assert len(today["picks"]) == 2
    assert set(today["picks"][0]) >= {"person", "reasons", "suggestion", "draft"}
    due = api("GET", "/due").json()
    assert {row["person"]["name"] for row in due} == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}
    assert all(row["days_overdue"] > 0 for row in due)
    done = api("POST", "/today/1/done", json={"kind": "shared-article", "channel": "call"}).json()
    assert (done["kind"], done["channel"]) == ("shared-article", "call")
    skipped = api("POST", "/today/2/skip").json()
    picked = {pick["person"]["name"] for pick in today["picks"]}
    # Three people are due and two were picked: the third replaces the skipped one.
    [left_out] = {"Ada Lovelace", "Grace Hopper", "Alan Turing"} - picked
    assert skipped["replacement"]["person"]["name"] == left_out
    health = api("GET", "/health").json()
    assert set(health) >= {
        "people",
        "by_tier",
        "coverage",
        "give_ask_ratio",
        "dormant",
        "disciplines",
        "streak",
        "capacity",
    }


def test_user_errors_are_one_line_json_with_4xx(api: Api) -> None:
    assert api("GET", "/people/424242").status_code == 404
    assert api("GET", "/people/424242").json() == {"error": "no person with id 424242"}
    future = (api.site.ctx.today() + timedelta(days=3)).isoformat()
    api("POST", "/people", json={"name": "Ada Lovelace"})
    wrong = api("POST", "/ledger", json={"people": ["Ada Lovelace"], "on": future})
    assert wrong.status_code == 400 and "in the future" in wrong.json()["error"]
    bad_day = api("GET", "/today", params={"on": "next thursday"})
    assert bad_day.status_code == 400 and bad_day.json() == {
        "error": "Date 'next thursday': use YYYY-MM-DD or a span like 3d, 2w, 6m",
        "field": "on",
    }
    api("POST", "/people", json={"name": "Ada Byron"})
    ambiguous = api("POST", "/ledger", json={"people": ["Ada"]})
    assert ambiguous.status_code == 400
    assert {c["label"] for c in ambiguous.json()["candidates"]} == {"Ada Lovelace", "Ada Byron"}
    assert api("POST", "/people", json={"name": "  "}).status_code == 400
    assert api("POST", "/people", json={"nom": "x"}).status_code == 422


def test_import_then_export_round_trip(api: Api) -> None:
    sample = FIXTURES / "vcards" / "google-export.vcf"
    with sample.open("rb") as handle:
        dry = api("POST", "/import/vcard", params={"dry_run": True}, files={"file": handle})
    assert dry.status_code == 200
    report = dry.json()
    assert set(report) >= {"created", "updated", "merged", "skipped", "errors"}
    assert report["created"] > 0 and report["dry_run"] is True
    assert api("GET", "/people").json() == []
    with sample.open("rb") as handle:
        real = api("POST", "/import/vcard", files={"file": ("google.vcf", handle)}).json()
    assert real["created"] == report["created"]
    exported = api("GET", "/export/vcard")
    assert exported.headers["content-type"].startswith("text/vcard")
    assert exported.text.count("BEGIN:VCARD") == report["created"]
    backup = api("GET", "/export/json").json()
    assert len(backup["tables"]["people"]) == report["created"]
    assert api("GET", "/export/pdf").status_code == 422


def test_a_broken_upload_names_the_uploaded_file(api: Api) -> None:
    response = api(
        "POST",
        "/import/vcard",
        params={"strict": True},
        files={"file": ("mine.vcf", b"BEGIN:VCARD\r\n")},
    )
    assert response.status_code == 400, response.text  # --strict: a truncated card refuses
    assert "mine.vcf" in response.json()["error"]
    assert "goodwill-upload-" not in response.text


def test_an_import_that_needs_my_address_names_the_me_parameter(api: Api) -> None:
    mbox = b"From a@example.com Mon Jan  5 10:00:00 2026\nFrom: a@example.com\n\nhi\n"
    response = api("POST", "/import/mbox", files={"file": ("mail.mbox", mbox)})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "me"
    assert "needs your own address" in response.json()["error"]


def test_openapi_lists_the_cli_operations_by_name(site: Site) -> None:
    schema = site.client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    for expected in (
        "/people",
        "/people/{person_id}",
        "/ledger",
        "/today",
        "/due",
        "/people/{person_id}/ask",
        "/people/{person_id}/balance",
        "/health",
        "/import/{fmt}",
        "/export/{fmt}",
    ):
        assert expected in paths


def test_openapi_describes_the_refusals_each_route_may_answer(site: Site, api: Api) -> None:
    """Besides a success, every route documents its 400, 401, 404 and 422 bodies; the routes
    that record an ask document the guard's 409, and a real one reads back through it."""
    from goodwill.web.api_errors import ColdAskRefusal, Refusal

    paths = site.client.get("/api/v1/openapi.json").json()["paths"]
    person = paths["/people/{person_id}"]["get"]["responses"]
    assert {"200", "400", "401", "404", "422"} <= set(person)
    assert person["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Refusal")
    assert "409" in paths["/ledger"]["post"]["responses"]
    assert "409" not in paths["/due"]["get"]["responses"]
    missing = api("GET", "/people/999")
    assert missing.status_code == 404 and Refusal.model_validate(missing.json())
    ana = api("POST", "/people", json={"name": "Ana"}).json()["id"]
    cold = api("POST", "/ledger", json={"people": [f"#{ana}"], "action": "asked", "kind": "job"})
    assert cold.status_code == 409
    assert ColdAskRefusal.model_validate(cold.json()).override == {"anyway": True}


def test_a_value_the_database_cannot_store_is_a_400(api: Api) -> None:
    response = api("POST", "/people", json={"name": "Ada\u0000Lovelace"})
    if api.site.ctx.db.url.startswith("sqlite"):  # SQLite stores a NUL in text
        assert response.status_code == 201, response.text
        assert api("GET", f"/people/{response.json()['id']}").json()["name"] == "Ada\u0000Lovelace"
    else:  # PostgreSQL refuses it: a 400 naming the problem, not a server error
        assert response.status_code == 400, response.text
        assert "cannot store" in response.json()["error"]


def test_a_brief_through_the_api(api: Api) -> None:
    bo = api("POST", "/people", json={"name": "Bo Chen"}).json()["id"]
    ana = api("POST", "/people", json={"name": "Ana Núñez", "tags": ["pricing"]}).json()["id"]
    api("POST", "/ledger", json={"people": [f"#{ana}", f"#{bo}"], "channel": "coffee"})
    api("POST", "/ledger", json={"people": [f"#{ana}"], "action": "they-asked", "them": True})
    brief = api("GET", f"/people/{ana}/brief").json()
    assert brief["person"]["name"] == "Ana Núñez" and brief["topics"] == ["pricing"]
    assert len(brief["last_interactions"]) == 2 and len(brief["owed"]) == 1
    assert [m["name"] for m in brief["mutual"]] == ["Bo Chen"]
    assert api("GET", "/people/999/brief").status_code == 404


def test_chat_exports_import_with_my_name_and_date_order(api: Api, site: Site) -> None:
    site.add("Ana Núñez")
    chat = b"03/02/26, 18:05 - Ana N\xc3\xba\xc3\xb1ez: hello\n03/02/26, 18:07 - Alex Morgan: hi\n"
    asked = api("POST", "/import/whatsapp", params={"me": "Alex Morgan"}, files={"file": chat})
    assert asked.status_code == 400 and "--date-order" in asked.json()["error"]
    params = {"me": "Alex Morgan", "date_order": "dmy"}
    report = api("POST", "/import/whatsapp", params=params, files={"file": chat}).json()
    assert report["touches"] == 1 and report["format"] == "whatsapp"
    with (FIXTURES / "chats" / "result.json").open("rb") as handle:
        telegram = api("POST", "/import/telegram", files={"file": handle}).json()
    assert telegram["format"] == "telegram" and telegram["touches"] > 0
    assert (
        api(
            "POST", "/import/whatsapp", params={"date_order": "ymd"}, files={"file": chat}
        ).status_code
        == 422
    )
