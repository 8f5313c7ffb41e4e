"""The task pages in a real browser: reached from the menu on a phone, used with the mouse
and the keyboard, and drawn at phone width for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import PHONE, Tabs, screenshot
from playwright.sync_api import Page, expect
from served import Server

pytestmark = pytest.mark.browser

LINKEDIN_EXPORT = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "linkedin"
    / "Basic_LinkedInDataExport_11-20-2026.zip"
)
MENU = (
    ("Today", "/"),
    ("People", "/people"),
    ("Triage", "/triage"),
    ("Events", "/events"),
    ("Campaigns", "/campaigns"),
    ("Who can help", "/help"),
    ("Paths", "/paths"),
    ("Duplicates", "/dupes"),
    ("Health", "/health"),
    ("Import", "/import"),
    ("Circles", "/onboard"),
    ("Settings", "/settings"),
)


def press_tab_until(page: Page, target: str, presses: int = 60) -> None:
    """Tab through the page until the element `target` (a selector) has the focus."""
    element = page.locator(target)
    for _press in range(presses):
        page.keyboard.press("Tab")
        if element.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"Tab never reaches {target}")


def test_the_phone_menu_reaches_every_page_and_each_fits(
    server: Server, tabs: Tabs, artifacts: Path
) -> None:
    server.goodwill("import", "linkedin", str(LINKEDIN_EXPORT))
    server.add("Katherine Johnson", company="NASA")
    server.add("Katherine Jonson", company="NASA", anyway=True)  # a pair for Duplicates
    page = tabs.open(viewport=PHONE)
    page.goto(server.url)
    for label, path in MENU:
        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_hidden()  # folded away on a phone
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(server.url + path)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a phone"
        name = path.strip("/") or "today"
        screenshot(page, artifacts / f"{name}-phone.png")


def test_triage_by_keyboard_accepts_an_invitation(server: Server, tabs: Tabs) -> None:
    server.goodwill("import", "linkedin", str(LINKEDIN_EXPORT))
    page = tabs.open()
    page.goto(f"{server.url}/triage")
    lena = page.get_by_test_id("invitation").filter(has_text="Lena Park")
    expect(lena).to_contain_text("Great meeting you at the PMI chapter meetup")
    press_tab_until(page, "button:has-text('Accept Lena Park')")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("invitation").filter(has_text="Lena Park")).to_have_count(0)
    page.goto(f"{server.url}/people?q=lena")
    expect(page.locator("#results")).to_contain_text("Lena Park")


def test_an_event_with_the_mouse_and_a_bad_date_shown_in_the_form(
    server: Server, tabs: Tabs
) -> None:
    page = tabs.open()
    page.goto(f"{server.url}/events")
    form = page.get_by_role("region", name="Add an event")
    form.get_by_label("Event", exact=True).fill("Women in Tech")
    form.get_by_label("On", exact=True).fill("31/12/2026")
    form.get_by_label("Whom you met (one a line)").fill("Radia Perlman\nAnita Borg")
    form.get_by_role("button", name="Add the event").click()
    expect(form.get_by_role("alert")).to_contain_text("Date '31/12/2026': use YYYY-MM-DD")
    expect(form.get_by_label("Event", exact=True)).to_have_value("Women in Tech")
    tabs.expect_error(f"{server.url}/events", "400")
    form.get_by_label("On", exact=True).fill("")
    form.get_by_role("button", name="Add the event").click()
    event = page.get_by_test_id("event").filter(has_text="Women in Tech")
    expect(event).to_contain_text("followed up 0 of 2")
    expect(event.get_by_role("link", name="Anita Borg")).to_be_visible()


def test_who_can_help_and_paths_by_keyboard(server: Server, tabs: Tabs) -> None:
    via = server.add("Mary Jackson", company="Langley")
    server.add("Christine Darden", company="Supersonic Co", met_via=f"#{via}")
    server.add("Annie Easley", title="rocket scientist", add_tags=("centaur",))
    page = tabs.open()
    page.goto(f"{server.url}/help")
    page.get_by_label("What you need").fill("centaur")
    page.get_by_label("What you need").press("Enter")
    expect(page.get_by_test_id("helpers")).to_contain_text("Annie Easley")
    expect(page.get_by_test_id("helpers")).to_contain_text("give before you ask")
    page.goto(f"{server.url}/paths")
    page.get_by_label("To a person or a company").fill("Supersonic Co")
    page.get_by_label("To a person or a company").press("Enter")
    expect(page.get_by_test_id("paths")).to_contain_text("me → Mary Jackson → Christine Darden")


def test_duplicates_merge_with_the_mouse(server: Server, tabs: Tabs) -> None:
    keep = server.add("Gladys West", company="Dahlgren", emails=("gw@example.org",))
    other = server.add("Gladys Wset", company="Dahlgren")
    page = tabs.open()
    page.goto(f"{server.url}/dupes")
    pair = page.get_by_test_id("pair").filter(has_text="Gladys Wset")
    pair.get_by_role("button", name=f"Keep Gladys West #{keep}, merge #{other} into it").click()
    expect(page).to_have_url(f"{server.url}/people/{keep}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gladys West")


def test_people_on_a_phone_are_cards_with_every_column_visible(server: Server, tabs: Tabs) -> None:
    server.add_due("Evelyn Boyd Granville", company="IBM")
    page = tabs.open(viewport=PHONE)
    page.goto(f"{server.url}/people?q=evelyn")
    card = page.locator("#results tbody tr").first
    for label in ("Next due", "Balance"):
        cell = card.locator(f"td[data-label='{label}']")
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], label
    search = page.get_by_role("searchbox").bounding_box()
    tier = page.get_by_label("Tier").bounding_box()
    assert search and tier and tier["y"] - (search["y"] + search["height"]) < 60  # no blank band


def test_health_shows_capacity_and_chart_labels_readable_on_a_phone(
    server: Server, tabs: Tabs, artifacts: Path
) -> None:
    server.add_due("Katherine Coleman", "Mae Jemison")
    page = tabs.open(viewport=PHONE)
    page.goto(f"{server.url}/health")
    expect(page.get_by_test_id("capacity")).to_contain_text("a week) keeps")
    sizes = page.locator("figure.chart text.axis").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 9, f"tick labels {min(sizes):.1f} px tall on a phone"
    screenshot(page, artifacts / "health-phone.png")


def test_installable_and_today_shows_offline_when_the_server_is_gone(
    own_server: Server, tabs: Tabs, artifacts: Path
) -> None:
    own_server.add_due("Ida Rhodes")
    page = tabs.open(viewport=PHONE)
    page.goto(own_server.url)
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest is not None
    loaded = page.request.get(own_server.url + manifest).json()
    assert loaded["start_url"] == "/" and {i["sizes"] for i in loaded["icons"]} >= {"192x192"}
    for icon in loaded["icons"]:
        assert page.request.get(own_server.url + icon["src"]).ok, icon["src"]
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker, which keeps this Today
    expect(page.get_by_test_id("pick")).to_contain_text("Ida Rhodes")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(300)  # the worker stores the page after handing it over
    expect(page.get_by_test_id("offline")).to_have_count(0)

    own_server.stop()
    page.reload()
    expect(page.get_by_test_id("offline")).to_contain_text("cannot be reached")
    expect(page.get_by_test_id("pick")).to_contain_text("Ida Rhodes")
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # styles from cache
    screenshot(page, artifacts / "today-offline-phone.png")
    tabs.errors.clear()  # the browser reports the unreachable server, as it should


def test_a_campaign_by_mouse_and_keyboard_with_the_guard_on_asks(
    server: Server, tabs: Tabs, artifacts: Path
) -> None:
    server.add("Hedy Lamarr", company="Frequency Hopping")
    page = tabs.open()
    page.goto(f"{server.url}/campaigns")
    page.get_by_label("Name").fill("Into radio")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Into radio")
    page.get_by_label("Names, #ids or emails (one a line)").fill("Hedy Lamarr")
    page.get_by_role("button", name="Add to the campaign").click()
    member = page.get_by_test_id("member").filter(has_text="Hedy Lamarr")
    expect(page.get_by_role("region", name="to-ask 1")).to_contain_text("Hedy Lamarr")
    member.get_by_label("Move Hedy Lamarr to").select_option("asked")
    member.get_by_role("button", name="Move").click()
    expect(member.get_by_role("alert")).to_contain_text("cold ask")  # the guard speaks first
    tabs.expect_error(f"{server.url}/campaigns/Into%20radio", "400")
    member.get_by_label("ask even if it is cold").check()
    member.get_by_role("button", name="Move").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="asked 1")).to_contain_text("Hedy Lamarr")
    phone = tabs.open(viewport=PHONE)
    phone.goto(f"{server.url}/campaigns/Into%20radio")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, artifacts / "campaign-phone.png")


def test_circles_are_chosen_with_the_keyboard_and_saved(server: Server, tabs: Tabs) -> None:
    server.goodwill("import", "linkedin", str(LINKEDIN_EXPORT))
    page = tabs.open()
    page.goto(f"{server.url}/onboard")
    first = page.get_by_test_id("candidate").first
    name = first.get_by_role("link").inner_text()
    choice = first.get_by_role("combobox")
    choice.focus()
    choice.select_option("inner")
    page.get_by_role("button", name="Save these circles").press("Enter")
    expect(page.get_by_test_id("onboard-saved")).to_contain_text("changed")
    page.goto(f"{server.url}/people?q={name.split()[0]}")
    expect(page.locator("#results")).to_contain_text("inner")
