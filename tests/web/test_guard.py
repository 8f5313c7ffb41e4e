"""Requests that change something come from this site; sign-in cannot be forged; a refused
input is named, never echoed back."""

from __future__ import annotations

from fastapi.testclient import TestClient
from websupport import BASE_URL, LOGIN_TOKEN, make_site

from goodwill.services import accounts, people
from goodwill.services.context import Context
from goodwill.web.server import ServerSettings, create_app

PASSWORD = "correct horse battery"
EVIL = "https://evil.example"


def team_client(ctx: Context) -> TestClient:
    accounts.add_user(ctx, "mallory", PASSWORD)
    app = create_app(ctx, ServerSettings(multi_user=True, send_digests=False))
    return TestClient(app, base_url=BASE_URL, follow_redirects=False)


def login_form(client: TestClient) -> dict[str, str]:
    found = LOGIN_TOKEN.search(client.get("/login").text)
    assert found
    return {"username": "mallory", "password": PASSWORD, "csrf_token": found.group(1)}


def test_a_sign_in_posted_from_another_site_signs_nobody_in(sqlite_app: Context) -> None:
    with team_client(sqlite_app) as client:
        form = login_form(client)
        for headers in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            refused = client.post("/login", data=form, headers=headers)
            assert refused.status_code == 403
            assert "goodwill_session" not in refused.headers.get("set-cookie", "")
        same_site = client.post("/login", data=form, headers={"Origin": BASE_URL})
        assert same_site.status_code == 303 and "goodwill_session" in same_site.cookies


def test_a_sign_in_needs_the_forms_own_token(sqlite_app: Context) -> None:
    """A forged form (no Origin, as from an old browser) cannot know the cookie's token."""
    with team_client(sqlite_app) as client:
        no_cookie = client.post("/login", data={"username": "mallory", "password": PASSWORD})
        assert no_cookie.status_code == 403
        form = login_form(client)
        wrong = client.post("/login", data={**form, "csrf_token": "guessed"})
        assert wrong.status_code == 403 and "goodwill_session" not in wrong.cookies
        missing = client.post("/login", data={k: v for k, v in form.items() if k != "csrf_token"})
        assert missing.status_code == 403
        assert client.post("/login", data=form).status_code == 303


def test_every_changing_request_must_come_from_this_site(sqlite_app: Context) -> None:
    site = make_site(sqlite_app)
    token = accounts.create_token(sqlite_app, "origin").token
    api = {"Authorization": f"Bearer {token}"}
    with site.client:
        form = {"csrf_token": site.csrf(), "name": "Forged Person"}
        assert site.client.post("/people", data=form, headers={"Origin": EVIL}).status_code == 403
        forged = site.client.post(
            "/api/v1/people", json={"name": "Forged Person"}, headers={**api, "Origin": EVIL}
        )
        assert forged.status_code == 403
        assert people.list_people(sqlite_app) == []
        same = site.client.post(
            "/people", data={**form, "name": "Ada"}, headers={"Origin": BASE_URL}
        )
        assert same.status_code == 200
        from_script = site.client.post("/api/v1/people", json={"name": "Bo"}, headers=api)
        assert from_script.status_code == 201  # no Origin: not a browser, the token guards
    assert sorted(p["name"] for p in people.list_people(sqlite_app)) == ["Ada", "Bo"]


def test_a_refused_input_is_named_and_never_echoed(sqlite_app: Context) -> None:
    site = make_site(sqlite_app)
    token = accounts.create_token(sqlite_app, "echo").token
    huge = "x" * 100_000
    with site.client:
        refused = site.client.post(
            "/api/v1/people", json={"name": huge}, headers={"Authorization": f"Bearer {token}"}
        )
        assert refused.status_code == 422
        assert len(refused.content) < 2_000
        assert refused.json()["error"].startswith("name: ")
        page = site.client.post("/people/1/log", data={"csrf_token": site.csrf(), "channel": huge})
        assert page.status_code == 422 and huge not in page.text
