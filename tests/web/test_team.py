"""The team server (`serve --multi-user`): sign-in, sessions, and each user's data kept
apart through the pages and the API, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from websupport import BASE_URL, CSRF, sign_in

from goodwill.domain.model import Tier
from goodwill.services import accounts
from goodwill.services.context import Context
from goodwill.web.server import ServerSettings, create_app

PASSWORD = "correct horse battery"


@dataclass
class Member:
    name: str
    client: TestClient
    token: str

    def csrf(self) -> str:
        found = CSRF.search(self.client.get("/").text)
        assert found, "signed-in pages carry a CSRF token"
        return found.group(1)

    def post(self, url: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(url, data={"csrf_token": self.csrf(), **(data or {})})

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)


@dataclass
class Team:
    ctx: Context
    app: Any

    def client(self) -> TestClient:
        return TestClient(self.app, base_url=BASE_URL, follow_redirects=True)

    def sign_in(self, name: str) -> Member:
        client = self.client()
        response = sign_in(client, name, PASSWORD)
        assert response.status_code == 200, response.text
        return Member(name, client, accounts.create_token(self.ctx, "tests", name).token)


@pytest.fixture
def team(app: Context) -> Iterator[Team]:
    for name in ("alice", "bob"):
        accounts.add_user(app, name, PASSWORD)
    made = Team(app, create_app(app, ServerSettings(multi_user=True, send_digests=False)))
    yield made


def add_people(member: Member, *names: str, company: str = "Acme") -> list[int]:
    ids = []
    for name in names:
        response = member.api(
            "POST",
            "/people",
            # `anyway`: near-identical names are added on purpose (a pair for Duplicates).
            json={"name": name, "company": company, "tier": Tier.INNER.value, "anyway": True},
        )
        assert response.status_code == 201
        ids.append(response.json()["id"])
    return ids


def test_pages_need_a_sign_in(team: Team) -> None:
    anonymous = team.client()
    for url in ("/", "/people", "/health", "/import", "/people/1"):
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "Sign in" in anonymous.get("/").text


def test_the_session_cookie_is_httponly_and_samesite(team: Team) -> None:
    response = sign_in(team.client(), "alice", PASSWORD, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    secure = create_app(
        team.ctx, ServerSettings(multi_user=True, secure_cookies=True, send_digests=False)
    )
    over_tls = TestClient(secure, base_url=BASE_URL.replace("http:", "https:"))
    behind_tls = sign_in(over_tls, "alice", PASSWORD, follow_redirects=False)
    assert "secure" in behind_tls.headers["set-cookie"].lower()


def test_wrong_passwords_are_refused_then_rate_limited(team: Team) -> None:
    client = team.client()
    for _ in range(5):
        wrong = sign_in(client, "alice", "nope nope nope")
        assert wrong.status_code == 401
        assert "do not match" in wrong.text
    blocked = sign_in(client, "alice", PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    unknown = sign_in(team.client(), "mallory", PASSWORD)
    assert unknown.status_code == 429  # the address is held back too, whatever the name


def test_each_user_sees_only_their_own_network(team: Team) -> None:
    alice, bob = team.sign_in("alice"), team.sign_in("bob")
    alice_ids = add_people(alice, "Ada Lovelace", "Grace Hopper")
    alice.api("POST", "/ledger", json={"people": ["Ada Lovelace"], "note": "secret plan"})
    for url in ("/", "/people", "/people?q=ada", "/health"):
        page = bob.client.get(url).text
        assert "Ada Lovelace" not in page and "Grace Hopper" not in page, url
    for person_id in alice_ids:
        assert bob.client.get(f"/people/{person_id}").status_code == 404
        assert bob.api("GET", f"/people/{person_id}").status_code == 404
        assert bob.api("GET", f"/people/{person_id}/balance").status_code == 404
        assert bob.api("DELETE", f"/people/{person_id}").status_code == 404
        written = bob.post(f"/people/{person_id}/log", {"action": "asked", "note": "from bob"})
        assert written.status_code == 404
    assert bob.api("GET", "/people").json() == []
    assert bob.api("GET", "/today").json()["picks"] == []
    assert bob.api("GET", "/health").json()["people"] == 0
    assert bob.api("POST", "/ledger", json={"people": [f"#{alice_ids[0]}"]}).status_code == 404
    for fmt in ("json", "csv", "vcard", "ics"):
        exported = bob.api("GET", f"/export/{fmt}").text
        assert "Ada Lovelace" not in exported and "secret plan" not in exported
    ada = alice.api("GET", f"/people/{alice_ids[0]}").json()
    assert [entry["note"] for entry in ada["timeline"]] == ["secret plan"]


def test_the_same_number_in_another_namespace_is_another_person(team: Team) -> None:
    """Ids count per owner: Bob's person 1 is Bob's, and nothing of Alice's shows through."""
    alice, bob = team.sign_in("alice"), team.sign_in("bob")
    [ada] = add_people(alice, "Ada Lovelace")
    [bo] = add_people(bob, "Bo Chen")
    page = bob.client.get(f"/people/{bo}").text
    assert "Bo Chen" in page and "Ada Lovelace" not in page
    assert alice.api("GET", f"/people/{ada}").json()["name"] == "Ada Lovelace"


def test_a_form_token_from_another_session_is_refused(team: Team) -> None:
    alice, bob = team.sign_in("alice"), team.sign_in("bob")
    [bo] = add_people(bob, "Bo Chen")
    stolen = alice.csrf()
    forged = bob.client.post(f"/people/{bo}/log", data={"action": "touch", "csrf_token": stolen})
    assert forged.status_code == 403
    assert bob.api("GET", f"/people/{bo}").json()["timeline"] == []


def test_tokens_work_only_on_the_server_they_belong_to(team: Team) -> None:
    local = accounts.create_token(team.ctx, "local script").token
    client = team.client()
    response = client.get("/api/v1/today", headers={"Authorization": f"Bearer {local}"})
    assert response.status_code == 401


def test_logout_and_logout_everywhere(team: Team) -> None:
    laptop, phone = team.sign_in("alice"), team.sign_in("alice")
    laptop.post("/logout")
    assert laptop.client.get("/", follow_redirects=False).status_code == 303
    assert phone.client.get("/", follow_redirects=False).status_code == 200
    tablet = team.sign_in("alice")
    tablet.post("/logout", {"everywhere": "true"})
    for member in (phone, tablet):
        assert member.client.get("/", follow_redirects=False).status_code == 303


def test_who_on_the_team_knows_someone_there_respects_opt_in(team: Team) -> None:
    alice, bob = team.sign_in("alice"), team.sign_in("bob")
    add_people(alice, "Ada Lovelace", company="Acme Corp")
    alice.api("POST", "/ledger", json={"people": ["Ada Lovelace"], "note": "private note"})
    assert bob.api("GET", "/team/knows", params={"company": "acme"}).json() == []
    accounts.set_sharing(team.ctx, "alice", True)
    answers = bob.api("GET", "/team/knows", params={"company": "acme"}).json()
    assert [(a["colleague"], a["person"]) for a in answers] == [("alice", "Ada Lovelace")]
    assert answers[0]["strength"] in {"strong", "medium", "weak"}
    assert "private note" not in str(answers) and "balance" not in answers[0]
    page = bob.client.get("/team", params={"company": "Acme"}).text
    assert re.search(r"<td>alice</td><td>Ada Lovelace", page)
    assert "private note" not in page


def test_the_task_pages_and_operations_show_only_your_own_network(team: Team) -> None:
    alice, bob = team.sign_in("alice"), team.sign_in("bob")
    add_people(alice, "Ada Lovelace", "Ada Lovelance", company="Analytical")
    alice.post("/events", {"name": "Alice's dinner", "met": "Ada Lovelace"})
    for path in ("/events", "/dupes", "/help?need=analytical", "/paths?target=Analytical"):
        assert "Ada Lovelace" in alice.client.get(path).text, path
        seen = bob.client.get(path)
        assert seen.status_code in (200, 404) and "Ada Lovelace" not in seen.text, path
    assert "Alice's dinner" not in bob.client.get("/events").text
    assert bob.api("GET", "/events").json() == []
    assert bob.api("GET", "/dupes").json() == []
    no_path = bob.api("GET", "/path", params={"target": "Analytical"})
    assert no_path.status_code == 404 and "Ada" not in no_path.text
    merged = bob.api("POST", "/merge", json={"keep": "#1", "other": "#2"})
    assert merged.status_code == 404
    assert bob.post("/merge", {"keep": 1, "other": 2}).status_code == 404
    assert alice.api("GET", "/dupes").json() != []  # nothing of Alice's was merged
    alice.post("/campaigns", {"name": "Alice's move"})
    assert "Alice" not in bob.client.get("/campaigns").text
    assert bob.client.get("/campaigns/Alice's%20move").status_code == 404
    assert bob.api("GET", "/campaigns").json() == []
    refused = bob.api("POST", "/campaigns/Alice's move/add", json={"people": ["#1"]})
    assert refused.status_code == 404
    # The server's config file is not a member's to change.
    assert bob.client.get("/settings").status_code == 400
    assert bob.post("/settings", {"plan_size": "9"}).status_code == 400
    assert 'href="/settings"' not in bob.client.get("/").text
