"""Driving the web app through an HTTP client, as a browser would post its forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from goodwill.services import people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.web.server import ServerSettings, create_app

BASE_URL = "http://127.0.0.1:8080"
FIXED_NOW = datetime(2026, 11, 24, 9, 30)
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
LOGIN_TOKEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def sign_in(client: TestClient, username: str, password: str, **kwargs: Any) -> Any:
    """Sign in as a browser does: load the form (and its token), then post it."""
    found = LOGIN_TOKEN.search(client.get("/login").text)
    assert found, "the sign-in form carries a token"
    form = {"username": username, "password": password, "csrf_token": found.group(1)}
    return client.post("/login", data=form, **kwargs)


@dataclass
class Site:
    ctx: Context
    client: TestClient

    def csrf(self, page: str = "/") -> str:
        found = CSRF.search(self.client.get(page).text)
        assert found, f"{page} carries no CSRF token"
        return found.group(1)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """A form post as the browser sends it, with the page's CSRF token."""
        return self.client.post(url, data={"csrf_token": self.csrf(), **(data or {})}, **kwargs)

    def add(self, name: str, *, anyway: bool = False, **changes: Any) -> int:
        """Add someone; `anyway` adds a name near-identical to one already there."""
        person = people.add_person(self.ctx, PersonChanges(name=name, **changes), anyway=anyway)
        return person.id


def make_site(ctx: Context, **settings: Any) -> Site:
    app = create_app(ctx, ServerSettings(send_digests=False, **settings))
    return Site(ctx, TestClient(app, base_url=BASE_URL, follow_redirects=True))
