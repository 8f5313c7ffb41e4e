"""Today's Done on a campaign's pick, in a real browser: the campaign's move, not a catch-up."""

from __future__ import annotations

import pytest
from browsing import Tabs
from playwright.sync_api import expect
from served import Server

from goodwill.services import campaigns, people

pytestmark = pytest.mark.browser


def test_a_campaign_pick_is_taken_as_its_move(own_server: Server, tabs: Tabs) -> None:
    (hedy,) = own_server.add_due("Hedy Lamarr")
    campaigns.new_campaign(own_server.ctx, "Into radio")
    campaigns.enrol(own_server.ctx, "Into radio", (f"#{hedy}",))
    page = tabs.open()
    page.goto(own_server.url)
    pick = page.get_by_test_id("pick").filter(has_text="Hedy Lamarr")
    step = pick.get_by_test_id("campaign-step")
    expect(step).to_contain_text("Into radio")
    step.get_by_role("button", name="I asked: move to asked").click()
    anyway = step.get_by_label("ask even if it is cold")
    expect(step.get_by_role("alert")).to_contain_text("cold ask to Hedy Lamarr")
    expect(anyway).to_have_attribute("aria-invalid", "true")  # the message is beside it
    tabs.expect_error(f"{own_server.url}/", "400")
    anyway.check()
    step.get_by_role("button", name="I asked: move to asked").click()
    expect(page.locator("#plan .message")).to_have_text(
        "Moved Hedy Lamarr to asked in 'Into radio', and logged asked-advice."
    )
    expect(pick.locator(".badge.done")).to_have_text("done")
    newest = people.show_person(own_server.ctx, f"#{hedy}").timeline[0]
    assert (newest.direction, newest.kind) == ("withdrawal", "asked-advice")
