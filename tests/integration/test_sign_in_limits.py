"""Failed sign-ins are counted per name and per address, by every server process alike,
and the address is the one the connection came from unless the operator names a proxy."""

from __future__ import annotations

import re

import httpx2 as httpx

from goodwill.services import accounts
from goodwill.services.context import Context
from serving import serving

PASSWORD = "correct horse battery"


class Browser:
    """A client of one server that loads the sign-in form (and its token) before posting."""

    def __init__(self, port: int) -> None:
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)

    def sign_in(self, username: str, password: str, forwarded_for: str | None = None) -> int:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/login").text)
        assert found
        headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
        form = {"username": username, "password": password, "csrf_token": found.group(1)}
        return self.client.post("/login", data=form, headers=headers).status_code


def test_sign_in_limits_are_shared_and_forwarded_addresses_need_a_named_proxy(
    sqlite_app: Context, env: dict[str, str]
) -> None:
    accounts.add_user(sqlite_app, "alice", PASSWORD)
    url = sqlite_app.db.url
    trusting = ("--multi-user", "--forwarded-allow-ips", "127.0.0.1")
    with (
        serving(url, env, "--multi-user") as (_, plain),
        serving(url, env, *trusting) as (_, proxied),
    ):
        direct, behind_proxy = Browser(plain), Browser(proxied)
        # Two processes, one count: 3 failures on one and 2 on the other lock the name out.
        assert [direct.sign_in("alice", "wrong password!") for _ in range(3)] == [401] * 3
        assert behind_proxy.sign_in("alice", "wrong password!", "10.2.0.1") == 401
        assert behind_proxy.sign_in("alice", "wrong password!", "10.2.0.2") == 401
        assert behind_proxy.sign_in("alice", PASSWORD, "10.2.0.3") == 429
        assert direct.sign_in("alice", PASSWORD) == 429
        # Without a named proxy, X-Forwarded-For is not believed: rotating it does not
        # dodge the count of the real address (127.0.0.1 has 3 failures plus the 429).
        for number in range(2):
            assert direct.sign_in(f"user{number}", "wrong password!", f"10.9.0.{number}") == 401
        assert direct.sign_in("user9", "wrong password!", "10.9.0.9") == 429
        # Behind the proxy the operator named, each forwarded address counts on its own.
        statuses = [
            behind_proxy.sign_in(f"other{n}", "wrong password!", f"10.3.0.{n}") for n in range(7)
        ]
        assert statuses == [401] * 7
        direct.client.close()
        behind_proxy.client.close()
