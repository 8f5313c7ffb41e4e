"""Browser tests: Debian's Chromium, driven by Playwright, against a real `goodwill serve`.

Without /usr/bin/chromium (Debian's `chromium` package) the browser tests skip locally with
the reason; in CI (`CI` set to anything true, as `.ci/run` sets it) a skip would hide them,
so they fail instead. A browser is never downloaded: `.ci/run` installs the distribution's
package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, Tabs
from served import Server, serving

from ci import in_ci

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        problem = f"no browser at {CHROMIUM}: install Debian's chromium package (.ci/run does)"
        if in_ci():
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    """Tabs for one test; whatever it does, no page may report an error in the console."""
    opened = Tabs(browser)
    try:
        yield opened
    finally:
        opened.close()
    if opened.errors:
        pytest.fail("errors in the browser console:\n" + "\n".join(opened.errors), pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module's tests: each adds people of its own and looks only at them."""
    with serving(tmp_path_factory.mktemp("served")) as started:
        yield started


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own, for what depends on everyone in the database: today's
    plan is drawn from all the people due, and the streak counts the day as a whole."""
    with serving(tmp_path) as started:
        yield started


@pytest.fixture
def team_server(tmp_path: Path) -> Iterator[Server]:
    """A team server (`--multi-user`): sign-in, and a network per account."""
    with serving(tmp_path, "--multi-user") as started:
        yield started


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go: GOODWILL_TEST_ARTIFACTS, or build/test-artifacts in the repo."""
    directory = Path(os.environ.get("GOODWILL_TEST_ARTIFACTS") or REPO / "build" / "test-artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory
