"""The web app in a real browser: what a user sees and does, with the mouse and the keyboard.

Every test also fails when any page it opens reports an error in the console (see `tabs`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, Tabs, screenshot
from playwright.sync_api import Page, expect
from served import Server

from goodwill.domain.model import Tier

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART_TITLES = (
    "Touches, gives and asks per week",
    "Twice-a-year coverage",
    "Gives per ask",
    "Disciplines spread",
    "Dormant ties by tier",
)


def mark_page(page: Page) -> None:
    """Leave a mark in the loaded document: a full page load would wipe it out."""
    page.evaluate("window.sameDocument = true")


def still_same_page(page: Page) -> bool:
    return bool(page.evaluate("window.sameDocument === true"))


def pick_names(page: Page) -> list[str]:
    return page.get_by_test_id("pick").locator("h2 a").all_inner_texts()


# -- Today ----------------------------------------------------------------------------


def test_marking_picks_done_with_the_mouse_updates_today_in_place(
    own_server: Server, tabs: Tabs
) -> None:
    own_server.add_due("Ada Lovelace", "Grace Hopper")
    page = tabs.open()
    page.goto(own_server.url)
    picks = page.get_by_test_id("pick")
    expect(picks).to_have_count(2)
    streak = page.get_by_test_id("streak")
    expect(streak).to_have_text("No streak yet")
    mark_page(page)

    first = picks.nth(0)
    name = first.locator("h2 a").inner_text()
    first.locator("select[name=gave]").select_option(label="made an introduction")
    first.get_by_role("button", name="Done").click()

    expect(first.locator(".badge.done")).to_have_text("done")
    expect(page.locator("#plan .message")).to_have_text(
        f"Done with {name}: you made an introduction."
    )
    expect(streak).to_have_text("No streak yet")  # one pick is still open
    picks.nth(1).get_by_role("button", name="Done").click()
    expect(streak).to_have_text("1 day streak")
    expect(page.locator("#plan .message")).to_contain_text("Today's plan is complete")
    assert still_same_page(page), "Done reloaded the whole page"

    first.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_test_id("timeline").locator("li").first).to_contain_text("intro-made")


def test_a_draft_resized_by_hand_survives_done_on_another_pick_without_a_csp_error(
    own_server: Server, tabs: Tabs
) -> None:
    """Dragging a textarea's corner gives it an inline style; htmx, settling the swapped
    plan, used to copy that style onto the new textarea with `setAttribute`, which the
    page's Content-Security-Policy refuses (an error in the console: see `tabs`)."""
    own_server.add_due("Ada Lovelace", "Grace Hopper")
    page = tabs.open()
    page.goto(own_server.url)
    picks = page.get_by_test_id("pick")
    expect(picks).to_have_count(2)
    draft = picks.nth(1).locator("textarea")
    draft.evaluate("area => { area.style.height = '300px'; }")  # what the drag handle does

    picks.nth(0).get_by_role("button", name="Done").click()

    badge = picks.nth(0).locator(".badge.done")
    expect(badge).to_have_text("done")
    # The badge is a pill beside the name, not a bar as tall as the name's heading.
    badge_height = badge.bounding_box()["height"]  # type: ignore[index]
    heading_height = picks.nth(0).locator("h2").bounding_box()["height"]  # type: ignore[index]
    assert badge_height < heading_height * 0.8, (badge_height, heading_height)
    expect(picks.nth(1).locator("textarea")).to_be_visible()


def test_skip_and_snooze_take_people_out_of_today(own_server: Server, tabs: Tabs) -> None:
    own_server.add_due("Ada Lovelace", "Grace Hopper", "Alan Turing")
    page = tabs.open()
    page.goto(own_server.url)
    expect(page.get_by_test_id("pick")).to_have_count(2)  # two a day
    first, second = pick_names(page)
    (third,) = {"Ada Lovelace", "Grace Hopper", "Alan Turing"} - {first, second}
    mark_page(page)

    page.get_by_test_id("pick").nth(0).get_by_role("button", name="Skip").click()
    expect(page.locator("#plan .message")).to_have_text(f"Skipped {first}.")
    assert sorted(pick_names(page)) == sorted([second, third])  # the next best took its place

    snoozed = page.get_by_test_id("pick").filter(has_text=second)
    snoozed.get_by_role("button", name="Snooze 2 weeks").click()
    expect(page.locator("#plan .message")).to_contain_text(f"Snoozed {second} until")
    expect(page.get_by_test_id("pick").locator("h2 a")).to_have_text([third])
    assert still_same_page(page), "Skip or Snooze reloaded the whole page"

    page.reload()  # the plan is saved: both stay out of today
    expect(page.get_by_test_id("pick").locator("h2 a")).to_have_text([third])


def test_copy_draft_puts_the_draft_on_the_clipboard(own_server: Server, tabs: Tabs) -> None:
    own_server.add_due("Ada Lovelace")
    page = tabs.open(permissions=["clipboard-read", "clipboard-write"])
    page.goto(own_server.url)
    pick = page.get_by_test_id("pick").first
    draft = pick.get_by_label("Draft").input_value()
    assert draft.startswith("Hi Ada,")
    copy = pick.locator("button.copy")
    expect(copy).to_have_text("Copy draft")
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == draft


def test_a_pick_can_be_done_with_the_keyboard_alone(own_server: Server, tabs: Tabs) -> None:
    own_server.add_due("Ada Lovelace")
    page = tabs.open()
    page.goto(own_server.url)
    done = page.get_by_test_id("pick").first.get_by_role("button", name="Done")
    for _press in range(40):
        page.keyboard.press("Tab")
        if done.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the pick's Done button")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("pick").first.locator(".badge.done")).to_have_text("done")
    expect(page.get_by_test_id("streak")).to_have_text("1 day streak")


# -- People ---------------------------------------------------------------------------


def test_people_search_narrows_the_table_as_you_type(server: Server, tabs: Tabs) -> None:
    for name in ("Isolde Varga", "Isidore Penn", "Oskar Varley"):
        server.add(name, company="Search Corp")
    page = tabs.open()
    page.goto(f"{server.url}/people")
    rows = page.locator("#results tbody tr")
    expect(rows.filter(has_text="Search Corp")).to_have_count(3)
    mark_page(page)

    page.get_by_role("searchbox").press_sequentially("var", delay=40)  # no Enter
    expect(rows.filter(has_text="Search Corp")).to_have_count(2)
    expect(rows.filter(has_text="Isidore Penn")).to_have_count(0)
    page.get_by_role("searchbox").press_sequentially("g")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Isolde Varga")
    assert still_same_page(page), "searching reloaded the whole page"
    assert re.search(r"[?&]q=varg\b", page.url), "the search is in the address, to share or reload"


# -- Person ---------------------------------------------------------------------------


def test_person_page_warns_before_an_ask_and_a_give_raises_the_balance(
    server: Server, tabs: Tabs
) -> None:
    person = server.add("Hedy Lamarr", company="Frequency Hopping")
    page = tabs.open()
    page.goto(f"{server.url}/people/{person}")
    balance = page.get_by_test_id("balance")
    assert float(balance.inner_text()) == 0  # nothing given or asked yet
    form = page.get_by_role("region", name="Log a give, an ask or a touch")
    what = form.get_by_label("What happened")

    what.select_option(label="I asked (a withdrawal)")
    guard = form.get_by_role("alert")
    expect(guard).to_contain_text("A cold ask")
    what.select_option(label="I gave (a deposit)")
    expect(guard).to_have_count(0)  # a give needs no warning

    form.get_by_label("Kind").fill("intro-made")
    form.get_by_label("Note").fill("introduced her to the orchestra")
    form.get_by_role("button", name="Log it").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("introduced her to the orchestra")
    assert float(balance.inner_text()) > 0


def test_the_ask_guard_weighs_the_kind_as_it_is_typed(server: Server, tabs: Tabs) -> None:
    person = server.add("Grace Hopper", company="Navy")
    page = tabs.open()
    page.goto(f"{server.url}/people/{person}")
    form = page.get_by_role("region", name="Log a give, an ask or a touch")
    form.get_by_label("What happened").select_option(label="I gave (a deposit)")
    form.get_by_label("Kind").fill("shared-article")  # credit 2
    form.get_by_role("button", name="Log it").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("shared-article")

    form = page.get_by_role("region", name="Log a give, an ask or a touch")
    form.get_by_label("What happened").select_option(label="I asked (a withdrawal)")
    guard = form.get_by_role("alert")
    form.get_by_label("Kind").fill("asked-advice")  # needs 1: warm
    expect(guard).to_contain_text("asked for advice")
    expect(guard).to_contain_text("Ask guard")
    form.get_by_label("Kind").fill("asked-job")  # needs 3: cold, and "ask anyway" is offered
    expect(guard).to_contain_text("A cold ask")
    expect(form.get_by_label("Ask anyway")).to_be_visible()


# -- Health ---------------------------------------------------------------------------


def test_health_charts_fit_a_phone_screen(server: Server, tabs: Tabs) -> None:
    server.add_due("Katherine Johnson", "Dorothy Vaughan")
    server.add("Mary Jackson", discipline="engineering")
    page = tabs.open(viewport=PHONE)
    page.goto(f"{server.url}/health")
    charts = page.locator("figure.chart")
    expect(charts).to_have_count(len(CHART_TITLES))
    for index, title in enumerate(CHART_TITLES):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.get_by_role("heading")).to_contain_text(title)
        expect(chart.locator("svg")).to_be_visible()
        box = chart.locator("svg").bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], title
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_health_cards_are_as_tall_as_their_figure_and_label(server: Server, tabs: Tabs) -> None:
    """The gives-per-ask card carried its counts too, which made it (and, in one grid
    row, every card) twice as tall as the others' content: its counts sit below."""
    page = tabs.open(viewport=DESKTOP)
    page.goto(f"{server.url}/health")
    heights = page.evaluate(
        """[...document.querySelectorAll('.tiles .tile')].map(tile => {
            const range = document.createRange();
            range.selectNodeContents(tile);
            return [tile.dataset.testid || '', range.getBoundingClientRect().height];
        })"""
    )
    card = dict(heights)["gives-per-ask"]
    assert card <= max(height for name, height in heights if name != "gives-per-ask") + 1
    expect(page.get_by_test_id("gives-per-ask-counts")).to_contain_text("asked by you since")


def _cut_placeholders(page: Page) -> list[str]:
    """The fields whose placeholder is wider than the room inside them."""
    return page.evaluate(
        """[...document.querySelectorAll('input[placeholder]')].filter(field => {
            if (!field.offsetParent) return false;
            const style = getComputedStyle(field);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = field.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return context.measureText(field.placeholder).width > room;
        }).map(field => field.name)"""
    )


def test_no_placeholder_is_cut_off(server: Server, tabs: Tabs) -> None:
    person = server.add("Chien-Shiung Wu")
    for viewport in (DESKTOP, PHONE):
        page = tabs.open(viewport=viewport)
        for path in (f"/people/{person}", "/events", "/people", "/help", "/paths"):
            page.goto(server.url + path)
            assert not _cut_placeholders(page), (viewport, path)


# -- Every page -----------------------------------------------------------------------


def test_every_page_fits_a_phone_screen(server: Server, tabs: Tabs) -> None:
    """Nothing makes the whole page scroll sideways on a phone (a wide table may scroll
    inside its own box)."""
    (person,) = server.add_due("Margaret Hamilton")
    server.give(person, "advice-given", days_ago=3)
    page = tabs.open(viewport=PHONE)
    for path in ("/", "/people", f"/people/{person}", "/import"):
        page.goto(server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide on a phone"
        sticking_out = page.evaluate(
            """[...document.querySelectorAll('.card select, .card input')].filter(field => {
                const card = field.closest('.card').getBoundingClientRect();
                return field.getBoundingClientRect().right > card.right + 0.5;
            }).map(field => field.name)"""
        )
        assert not sticking_out, f"{path}: {sticking_out} run past their card on a phone"


def test_no_page_reports_an_error_in_the_console(server: Server, tabs: Tabs) -> None:
    """Scripts, styles and htmx swaps all run under the Content-Security-Policy; anything it
    blocks, any missing file and any script error shows up in the console."""
    (person,) = server.add_due("Rosalind Franklin")
    page = tabs.open()
    for path in ("/", "/people", f"/people/{person}", "/health", "/import"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{server.url}/people")
    page.get_by_role("searchbox").press_sequentially("rosa")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.goto(f"{server.url}/people/{person}")
    page.get_by_label("What happened").select_option(label="I asked (a withdrawal)")
    expect(page.locator("#guard").get_by_role("alert")).to_be_visible()
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_test_id("streak")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert tabs.errors == []


# -- Team server ----------------------------------------------------------------------


def sign_in(tabs: Tabs, server: Server, username: str) -> Page:
    """A browser of the user's own (its own cookies), signed in."""
    page = tabs.open()
    page.goto(server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("streak")).to_be_visible()
    expect(page.locator(".whoami")).to_contain_text(username)
    return page


def test_team_members_see_only_their_own_network(team_server: Server, tabs: Tabs) -> None:
    for username in ("alice", "bob"):
        team_server.goodwill("user", "add", username, "--password-stdin", stdin=PASSWORD + "\n")
    alice = sign_in(tabs, team_server, "alice")
    alice.get_by_role("link", name="People").click()
    alice.get_by_role("link", name="Add a person").click()
    alice.get_by_label("Name").fill("Ada Lovelace")
    alice.get_by_label("Company").fill("Analytical Engines")
    alice.get_by_role("button", name="Add").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    adas_page = alice.url
    alice.get_by_role("link", name="Today").click()
    expect(alice.get_by_test_id("pick")).to_contain_text("Ada Lovelace")  # new, so due

    bob = sign_in(tabs, team_server, "bob")
    expect(bob.get_by_test_id("pick")).to_have_count(0)
    expect(bob.locator("main")).not_to_contain_text("Ada Lovelace")
    bob.get_by_role("link", name="People").click()
    expect(bob.locator("#results")).to_have_text("No one matches.")
    missing = bob.goto(adas_page)
    assert missing is not None and missing.status == 404
    expect(bob.locator("main")).to_contain_text("Something needs fixing")
    expect(bob.locator("main")).not_to_contain_text("Ada Lovelace")
    tabs.expect_error(adas_page, "404")  # the browser logs the page's status; nothing else

    bob.get_by_role("link", name="Back to today").click()
    bob.get_by_role("button", name="Log out", exact=True).click()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Sign in")
    bob.goto(team_server.url + "/people")
    expect(bob.get_by_role("heading", level=1)).to_have_text("Sign in")  # signed out for good
    alice.reload()
    expect(alice.get_by_test_id("pick")).to_contain_text("Ada Lovelace")  # Alice still is in


# -- Screenshots ----------------------------------------------------------------------


def test_screenshots_of_today_and_health_at_desktop_and_phone_width(
    own_server: Server, tabs: Tabs, artifacts: Path
) -> None:
    """For a person to look at: today's picks and the charts, as a browser draws them."""
    *_others, jean = own_server.add_due("Barbara Liskov", "Frances Allen", "Jean Sammet")
    own_server.give(jean, "reference", days_ago=30)
    own_server.add("Edsger Dijkstra", tier=Tier.INNER, discipline="engineering")
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = tabs.open(viewport=viewport)
        for name, path in (("today", "/"), ("health", "/health")):
            page.goto(own_server.url + path)  # waits for the styles and scripts to load
            shot = artifacts / f"{name}-{width}.png"
            shot.unlink(missing_ok=True)
            screenshot(page, shot)
            assert shot.read_bytes().startswith(PNG_SIGNATURE), shot
