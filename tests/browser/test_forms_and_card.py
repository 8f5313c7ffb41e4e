"""Forms that say what is wrong, and the Person page as a contact card, in a real browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from browsing import PHONE, Tabs, screenshot
from playwright.sync_api import expect
from served import Server

pytestmark = pytest.mark.browser


def test_a_bad_kind_and_a_bad_date_each_show_their_message_in_the_form(
    server: Server, tabs: Tabs
) -> None:
    person = server.add("Lise Meitner", company="Fission Ltd")
    page = tabs.open()
    url = f"{server.url}/people/{person}"
    page.goto(url)
    form = page.get_by_role("region", name="Log a give, an ask or a touch")
    form.get_by_label("What happened").select_option(label="I gave (a deposit)")
    form.get_by_label("Kind").fill("coffee")
    form.get_by_label("Note").fill("the note stays")
    form.get_by_role("button", name="Log it").click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text("coffee")
    expect(form.get_by_label("Note")).to_have_value("the note stays")  # nothing typed is lost
    expect(form.get_by_label("Kind")).to_have_value("coffee")
    tabs.expect_error(url, "400")  # the browser logs the refused request; nothing else

    form.get_by_label("Kind").fill("intro-made")
    form.get_by_label("On").fill("31/12/2026")
    form.get_by_role("button", name="Log it").click()
    expect(alert).to_contain_text("on: ")
    expect(alert).to_contain_text("31/12/2026")
    expect(form.get_by_label("On")).to_have_value("31/12/2026")
    tabs.expect_error(url, "400")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(0)  # nothing written

    # Fixed, with the keyboard alone: the entry is written and the message goes away.
    form.get_by_label("On").fill("")
    form.get_by_label("On").press("Enter")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(1)
    expect(page.get_by_role("alert")).to_have_count(0)


def test_the_kind_choices_come_from_the_catalogue(server: Server, tabs: Tabs) -> None:
    person = server.add("Chien-Shiung Wu")
    page = tabs.open()
    page.goto(f"{server.url}/people/{person}")
    kinds = page.locator("datalist#kinds option")
    values = kinds.evaluate_all("options => options.map(o => o.value)")
    assert {"intro-made", "asked-advice", "catch-up"} <= set(values)
    expect(page.get_by_label("Kind")).to_have_attribute("list", "kinds")


def test_the_contact_card_opens_mail_phone_and_profiles(
    server: Server, tabs: Tabs, artifacts: Path
) -> None:
    person = server.add(
        "Emmy Noether",
        emails=("emmy@example.org",),
        phones=("+49 551 39 0",),
        links=("https://example.org/emmy", "ftp://example.org/emmy"),
        add_tags=("algebra",),
        note="Symmetry.\nConservation.",
    )
    page = tabs.open(viewport=PHONE)
    page.goto(f"{server.url}/people/{person}")
    card = page.get_by_test_id("contact")
    expect(card.get_by_role("link", name="emmy@example.org")).to_have_attribute(
        "href", "mailto:emmy@example.org"
    )
    expect(card.get_by_role("link", name="+49551390")).to_have_attribute("href", "tel:+49551390")
    profile = card.get_by_role("link", name="https://example.org/emmy")
    expect(profile).to_have_attribute("rel", "noopener noreferrer")
    expect(card.get_by_role("link", name="ftp://example.org/emmy")).to_have_count(0)
    expect(card).to_contain_text("ftp://example.org/emmy")
    notes = card.get_by_test_id("notes")
    assert notes.inner_text() == "Symmetry.\nConservation."  # the line break is kept
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, artifacts / "person-phone.png")


def test_open_in_mail_carries_the_draft(own_server: Server, tabs: Tabs) -> None:
    (person,) = own_server.add_due("Vera Rubin")
    own_server.goodwill("edit", f"#{person}", "--email", "vera@example.org")
    page = tabs.open()
    page.goto(own_server.url)
    pick = page.get_by_test_id("pick").first
    draft = pick.get_by_label("Draft").input_value()
    link = pick.get_by_role("link", name="Open in mail")
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "vera@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] and query["body"][0].replace("\r\n", "\n") == draft
