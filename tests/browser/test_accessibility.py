"""axe-core on every page: no serious or critical accessibility violation.

axe-core comes from the npm registry (`npm pack axe-core`) and is vendored for the tests
only (tests/browser/vendor, MPL-2.0); the package never ships it. It is evaluated through
the DevTools protocol, which the pages' Content-Security-Policy does not govern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE, Tabs
from playwright.sync_api import Page
from served import Server

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
LINKEDIN_EXPORT = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "linkedin"
    / "Basic_LinkedInDataExport_11-20-2026.zip"
)
SERIOUS = ("serious", "critical")


def violations(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in found if v.get("impact") in SERIOUS]


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
    )


def test_no_page_has_a_serious_accessibility_violation(server: Server, tabs: Tabs) -> None:
    server.goodwill("import", "linkedin", str(LINKEDIN_EXPORT))
    (person,) = server.add_due("Joan Clarke")
    via = server.add("Mary Jackson", company="Langley", emails=("mary@example.org",))
    server.add("Christine Darden", company="Supersonic Co", met_via=f"#{via}", add_tags=("mach",))
    server.add("Christine Dardon", company="Supersonic Co")
    server.give(person, "advice-given", days_ago=3)
    server.goodwill("event", "add", "Bletchley reunion", "--met", "Joan Clarke")
    server.goodwill("campaign", "new", "Codebreaking")
    server.goodwill("campaign", "add", "Codebreaking", "Joan Clarke")
    paths = (
        "/",
        "/people",
        f"/people/{person}",
        f"/people/{via}",
        "/people/new",
        "/triage",
        "/events",
        "/help?need=mach",
        "/paths?target=Supersonic%20Co",
        "/dupes",
        "/campaigns",
        "/campaigns/Codebreaking",
        "/health",
        "/import",
        "/onboard",
        "/settings",
    )
    problems = []
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        page = tabs.open(viewport=viewport)
        for path in paths:
            page.goto(server.url + path)
            found = violations(page)
            if found:
                problems.append(f"{path} at {viewport['width']} px:\n{describe(found)}")
    assert not problems, "\n".join(problems)
