"""Done on a campaign's pick in the Today page: the campaign's move (the ask, through the
guard; or the thanks), as `goodwill campaign move` records it, never a catch-up."""

from __future__ import annotations

import re
from datetime import timedelta

from websupport import Site

from goodwill.domain.campaign import Stage
from goodwill.domain.model import Tier
from goodwill.services import campaigns, ledger, people, plan
from goodwill.services.ledger import Action, LogRequest

HTMX = {"HX-Request": "true"}


def campaign_pick(site: Site) -> int:
    """Ana, due and on the "Next role" campaign's to-ask list: a cold ask in today's plan."""
    site.add("Ana Núñez", tier=Tier.INNER, discipline="product")
    long_ago = site.ctx.today() - timedelta(days=90)
    ledger.log(site.ctx, LogRequest(people=("Ana",), action=Action.TOUCH, on=long_ago))
    campaigns.new_campaign(site.ctx, "Next role")
    campaigns.enrol(site.ctx, "Next role", ("Ana",))
    (pick,) = [p for p in plan.today(site.ctx).picks if p.person.name == "Ana Núñez"]
    return pick.position


def test_a_campaign_pick_offers_the_move_not_a_catch_up(site: Site) -> None:
    position = campaign_pick(site)
    page = site.client.get("/").text
    step = re.search(r'<form [^>]*data-testid="campaign-step">.*?</form>', page, re.S)
    assert step is not None
    assert f'action="/today/{position}/step"' in step.group(0)
    assert "I asked: move to asked" in step.group(0)
    assert "ask even if it is cold" in step.group(0)  # the guard's verdict: cold
    assert "Next role" in step.group(0)
    # Cold: Done gives first, its deposit chosen; the step is there, no longer the primary.
    assert "Give first: I gave" in page and 'class="primary">I asked' not in page
    deposit = plan.today(site.ctx).picks[0].ask
    assert deposit is not None and deposit.deposit_first is not None
    assert f'<option value="{deposit.deposit_first.kind}" selected>' in page
    assert '<option value="catch-up" selected>' not in page


def test_taking_the_step_moves_them_to_asked_and_logs_the_ask(site: Site) -> None:
    position = campaign_pick(site)
    cold = site.post(f"/today/{position}/step", {}, headers=HTMX)
    assert cold.status_code == 400
    assert 'data-field="anyway"' in cold.text and "cold ask to Ana Núñez" in cold.text
    assert len(people.show_person(site.ctx, "Ana").timeline) == 1  # nothing was logged

    taken = site.post(f"/today/{position}/step", {"anyway": "true"}, headers=HTMX)
    assert taken.status_code == 200
    assert "Moved Ana Núñez to asked in &#39;Next role&#39;, and logged asked-advice." in (
        taken.text
    )
    newest = people.show_person(site.ctx, "Ana").timeline[0]
    assert (newest.direction, newest.kind) == ("withdrawal", "asked-advice")
    shown = campaigns.show(site.ctx, "Next role")
    assert [p.stage for p in shown.people] == ["asked"]
    (pick,) = [p for p in plan.today(site.ctx).picks if p.person.name == "Ana Núñez"]
    assert pick.status == "done" and pick.done_kind == "asked-advice"
    again = site.post(f"/today/{position}/step", {"anyway": "true"}, headers=HTMX)
    assert again.status_code == 400 and "already done" in again.text


def test_after_the_conversation_the_step_is_the_thanks(site: Site) -> None:
    campaign_pick(site)
    campaigns.move(site.ctx, "Next role", "Ana", Stage.ASKED, anyway=True)
    campaigns.move(site.ctx, "Next role", "Ana", Stage.DONE)
    now = site.ctx.clock()
    site.ctx.clock = lambda: now + timedelta(days=8)  # past "touched in the last 7 days"
    (pick,) = [p for p in plan.today(site.ctx).picks if p.person.name == "Ana Núñez"]
    assert pick.campaign is not None and pick.campaign.move_to == "thanked"
    taken = site.post(f"/today/{pick.position}/step", {}, headers=HTMX)
    assert taken.status_code == 200 and "to thanked" in taken.text
    assert [p.stage for p in campaigns.show(site.ctx, "Next role").people] == ["thanked"]
