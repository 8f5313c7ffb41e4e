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
    expect(alert).to_have_text("Date '31/12/2026': use YYYY-MM-DD or a span like 3d, 2w, 6m")
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


def test_an_error_shows_beside_its_field_and_marks_it_invalid(server: Server, tabs: Tabs) -> None:
    page = tabs.open()
    url = f"{server.url}/people/new"
    page.goto(url)
    page.get_by_label("Name").fill("Marie Curie")
    page.get_by_label("Birthday").fill("7 Nov")
    page.get_by_role("button", name="Add").click()
    birthday = page.get_by_label("Birthday")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(
        "Birthday '7 Nov': use YYYY-MM-DD, or --MM-DD when you do not know the year"
    )
    expect(alert).to_have_count(1)
    expect(birthday).to_have_attribute("aria-invalid", "true")
    described = birthday.get_attribute("aria-describedby")
    assert described and alert.get_attribute("id") == described
    # Beside the field: right after its label, not at the top of the form.
    label = alert.evaluate("error => error.previousElementSibling.textContent.trim()")
    assert label.startswith("Birthday")
    assert page.get_by_label("Name").get_attribute("aria-invalid") is None
    tabs.expect_error(url, "400")

    # Another field's error moves the message there and clears the first mark.
    birthday.fill("1967-11-07")
    page.get_by_label("Cadence (days)").fill("often")
    page.get_by_role("button", name="Add").click()
    cadence = page.get_by_label("Cadence (days)")
    expect(cadence).to_have_attribute("aria-invalid", "true")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("cadence: 'often' is not a number")
    assert birthday.get_attribute("aria-invalid") is None
    assert birthday.get_attribute("aria-describedby") is None
    tabs.expect_error(url, "400")

    cadence.fill("")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marie Curie")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_a_cold_ask_refused_shows_beside_ask_anyway(server: Server, tabs: Tabs) -> None:
    person = server.add("Rosalind Franklin")
    page = tabs.open()
    url = f"{server.url}/people/{person}"
    page.goto(url)
    form = page.get_by_role("region", name="Log a give, an ask or a touch")
    form.get_by_label("What happened").select_option(label="I asked (a withdrawal)")
    anyway = form.get_by_label("Ask anyway")
    expect(anyway).to_be_visible()  # the guard speaks first
    form.get_by_role("button", name="Log it").click()
    refusal = form.locator("p.field-error")
    expect(refusal).to_contain_text("cold ask to Rosalind Franklin")
    expect(anyway).to_have_attribute("aria-invalid", "true")
    expect(anyway).to_have_attribute("aria-describedby", str(refusal.get_attribute("id")))
    # Said once: the refusal takes the place of the guard's note, which said the same.
    expect(form.get_by_text("This ask would be cold").locator("visible=true")).to_have_count(0)
    expect(form.get_by_text("make a deposit first").locator("visible=true")).to_have_count(1)
    # A box like the app's others: beside its words, no taller than them, not a text field.
    box = anyway.bounding_box()
    words = form.locator("label.check", has_text="Ask anyway").bounding_box()
    assert box and words and box["width"] < 24 and box["height"] <= words["height"]
    assert abs((box["y"] + box["height"] / 2) - (words["y"] + words["height"] / 2)) < 4
    tabs.expect_error(url, "400")


def test_an_error_about_no_field_shows_at_the_top_of_the_form(
    own_server: Server, tabs: Tabs
) -> None:
    person = own_server.add("Dorothy Hodgkin")
    url = f"{own_server.url}/people/{person}"
    first = tabs.open()
    first.goto(url)
    first.get_by_role("region", name="Log a give, an ask or a touch").get_by_role(
        "button", name="Log it"
    ).click()
    expect(first.get_by_test_id("timeline").locator("li")).to_have_count(1)
    second = tabs.open()
    second.goto(url)
    first.get_by_role("button", name="Undo the last ledger write").click()
    expect(first.get_by_test_id("timeline").locator("li")).to_have_count(0)
    undo = second.locator("form").filter(
        has=second.get_by_role("button", name="Undo the last ledger write")
    )
    undo.get_by_role("button").click()
    alert = undo.get_by_role("alert")
    expect(alert).to_have_text("nothing to undo")
    assert undo.evaluate("form => form.firstElementChild.matches('[data-errors]')")
    expect(second.locator("[aria-invalid]")).to_have_count(0)
    tabs.expect_error(url, "400")


def test_adding_a_known_name_says_so_beside_the_name(server: Server, tabs: Tabs) -> None:
    known = server.add("Lise Known")
    page = tabs.open()
    url = f"{server.url}/people/new"
    page.goto(url)
    page.get_by_label("Name").fill("LISE known")
    page.get_by_role("button", name="Add").click()
    name = page.get_by_label("Name")
    expect(page.get_by_role("alert")).to_contain_text(f"Lise Known already exists (#{known})")
    expect(name).to_have_attribute("aria-invalid", "true")
    tabs.expect_error(url, "409")
    page.get_by_label("Add them anyway").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LISE known")
