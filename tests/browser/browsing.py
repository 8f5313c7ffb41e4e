"""Debian's Chromium under Playwright, and tabs that collect what goes wrong in the console."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

#: Debian's `chromium` package; never a browser downloaded by Playwright.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: How long a step may wait for the page (the default is 30 s: too long to learn of a failure).
STEP_MS = 10_000


@dataclass
class Tabs:
    """The test's browser tabs, each in a context of its own (its own cookies, as another
    browser would have). Every console error, a Content-Security-Policy violation included,
    and every uncaught exception on any of their pages is collected in `errors`."""

    browser: Browser
    errors: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def open(self, **options: Any) -> Page:
        context = self.browser.new_context(**{"viewport": DESKTOP, **options})
        context.set_default_timeout(STEP_MS)
        self.contexts.append(context)
        page = context.new_page()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def expect_error(self, url: str, text: str) -> None:
        """Take one error the test provoked on purpose out of the list; it must be there."""
        expected = [e for e in self.errors if e.startswith(f"{url}: ") and text in e]
        assert expected, f"no error with {text!r} at {url}: {self.errors}"
        self.errors.remove(expected[0])

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def screenshot(page: Page, path: Path) -> None:
    """The whole page as an artifact, the caret left as it is (Playwright would hide it by
    giving every input an inline style for a moment)."""
    page.screenshot(path=path, full_page=True, caret="initial")
