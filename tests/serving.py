"""A real `goodwill serve` process on a free loopback port, for tests of what only a
running server shows (its memory, the proxy headers uvicorn believes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db_url: str, env: dict[str, str], *options: str) -> Iterator[tuple[int, int]]:
    """(the server's pid, its port) while it runs; it is stopped on the way out."""
    port = free_port()
    goodwill = str(Path(sys.executable).with_name("goodwill"))
    process = subprocess.Popen(
        [goodwill, "--db", db_url, "serve", "--no-digests", "--port", str(port), *options],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        yield process.pid, port
    finally:
        process.terminate()
        process.communicate(timeout=60)
