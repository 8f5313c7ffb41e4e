"""A running team server reads no body it has not authorised, and none past its limit.

Each request streams a large body chunked (no Content-Length, so nothing can be refused
from the headers) to a real `goodwill serve --multi-user` process; the server must answer
before the body ends, and its peak memory (VmHWM) must not follow the body's size.
"""

from __future__ import annotations

import re
import select
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from goodwill.services import accounts
from goodwill.services.context import Context
from serving import serving

PASSWORD = "correct horse battery"
#: Each attack streams this much, far past every limit (1 MB for forms and JSON).
BODY_BYTES = 150 * 2**20
#: What the server's peak memory may grow by over all the attacks together.
GROWTH_ALLOWED = 40 * 2**20
CHUNK = 64 * 1024
MULTIPART = (
    b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
    b"Content-Type: application/octet-stream\r\n\r\n"
)


@dataclass
class Server:
    pid: int
    port: int
    token: str

    def peak_bytes(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        assert found, "the kernel reports the server's peak memory"
        return int(found.group(1)) * 1024

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server(sqlite_app: Context, env: dict[str, str]) -> Iterator[Server]:
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc")
    accounts.add_user(sqlite_app, "alice", PASSWORD)
    token = accounts.create_token(sqlite_app, "bodies", "alice").token
    with serving(sqlite_app.db.url, env, "--multi-user") as (pid, port):
        yield Server(pid, port, token)


def stream_chunked(server: Server, path: str, headers: dict[str, str], prefix: bytes = b"") -> int:
    """POST `BODY_BYTES` chunked, stopping as soon as the server answers; its status."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
    head += "Transfer-Encoding: chunked\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    piece = b"%x\r\n%s\r\n" % (CHUNK, b"a" * CHUNK)
    first = b"%x\r\n%s\r\n" % (len(prefix), prefix) if prefix else b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head.encode() + b"\r\n" + first)
        sock.setblocking(False)
        view, offset, sent = memoryview(piece), 0, 0
        while sent < BODY_BYTES:
            readable, writable, _ = select.select([sock], [sock], [], 60)
            if readable:
                break
            assert writable, "the server neither read the body nor answered"
            try:
                written = sock.send(view[offset:])
            except (BrokenPipeError, ConnectionResetError):
                break
            offset, sent = (offset + written) % len(piece), sent + written
        assert sent < BODY_BYTES, f"{path}: the whole body was read before any answer"
        sock.setblocking(True)
        answer = b""
        while b"\r\n" not in answer:
            received = sock.recv(4096)
            assert received, "the server closed the connection without an answer"
            answer += received
    return int(answer.split(b" ", 2)[1])


def signed_in_cookies(server: Server) -> dict[str, str]:
    with httpx.Client(base_url=server.url(""), timeout=60) as client:
        form = client.get("/login").text
        found = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert found
        data = {"username": "alice", "password": PASSWORD, "csrf_token": found.group(1)}
        assert client.post("/login", data=data).status_code in (200, 303)
        return {name: value for name, value in client.cookies.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def test_bodies_without_authorisation_are_refused_before_they_are_read(server: Server) -> None:
    before = server.peak_bytes()
    json_body = {"Content-Type": "application/json"}
    assert stream_chunked(server, "/api/v1/people", json_body) == 401
    assert (
        stream_chunked(server, "/api/v1/ledger", {**json_body, "Authorization": "Bearer gw_x"})
        == 401
    )
    form = {"Content-Type": "multipart/form-data; boundary=x"}
    assert stream_chunked(server, "/login", form, MULTIPART) == 403  # no sign-in form token
    assert stream_chunked(server, "/people", form, MULTIPART) == 303  # to the sign-in page
    assert stream_chunked(server, "/import", form, MULTIPART) == 303
    assert server.peak_bytes() - before < GROWTH_ALLOWED


def test_authorised_bodies_are_cut_at_their_limit_while_streaming(server: Server) -> None:
    cookies = signed_in_cookies(server)
    before = server.peak_bytes()
    bearer = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
    assert stream_chunked(server, "/api/v1/people", bearer) == 413
    session = {
        "Cookie": cookie_header(cookies),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    assert stream_chunked(server, "/people", session) == 413
    form = {"Content-Type": "multipart/form-data; boundary=x"}
    login_form = {**form, "Cookie": "goodwill_login=anything"}
    assert stream_chunked(server, "/login", login_form, MULTIPART) == 413
    upload = {**form, "Cookie": cookie_header(cookies)}
    assert stream_chunked(server, "/import", upload, MULTIPART) == 411  # uploads need a length
    assert server.peak_bytes() - before < GROWTH_ALLOWED
    # The server is still well, and the cut requests wrote nothing.
    listed = httpx.get(
        server.url("/api/v1/people"), headers={"Authorization": f"Bearer {server.token}"}
    )
    assert listed.status_code == 200 and listed.json() == []
