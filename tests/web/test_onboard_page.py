"""Choosing your circles in the browser and through the API, over the service that
`goodwill onboard` uses."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from websupport import Site

from goodwill.domain.model import Tier
from goodwill.services import accounts, ledger
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import show_person


def with_history(site: Site) -> dict[str, int]:
    """Ana often in touch lately, Bo now and then, Cy never."""
    ids = {
        name: site.add(name, tier=Tier.ACQUAINTANCE) for name in ("Ana Núñez", "Bo Chen", "Cy Diaz")
    }
    today = site.ctx.today()
    for days, names in ((3, ("Ana Núñez",)), (10, ("Ana Núñez", "Bo Chen")), (20, ("Ana Núñez",))):
        for name in names:
            ledger.log(
                site.ctx,
                LogRequest(people=(name,), action=Action.TOUCH, on=today - timedelta(days=days)),
            )
    return ids


def rows(page: str) -> dict[int, str]:
    """person id -> the tier selected for them on the page."""
    found = re.findall(
        r'name="person" value="(\d+)">.*?<option value="(\w+)" selected>', page, re.S
    )
    return {int(pid): tier for pid, tier in found}


def test_the_page_proposes_circles_and_saves_what_is_chosen(site: Site) -> None:
    ids = with_history(site)
    page = site.client.get("/onboard").text
    assert 'href="/onboard" aria-current="page">Circles' in page
    proposed = rows(page)
    assert ids["Ana Núñez"] in proposed and ids["Cy Diaz"] not in proposed
    # Keep Ana's proposal, put Bo among acquaintances anyway, leave nobody else changed.
    people = list(proposed)
    tiers = [proposed[pid] if pid == ids["Ana Núñez"] else "" for pid in people]
    if ids["Bo Chen"] in proposed:
        tiers[people.index(ids["Bo Chen"])] = "acquaintance"
    saved = site.post("/onboard", {"person": people, "tier": tiers})
    assert saved.url.path == "/onboard" and "Saved: 1 person changed." in saved.text
    assert show_person(site.ctx, "Ana").tier == proposed[ids["Ana Núñez"]] != "acquaintance"
    assert show_person(site.ctx, "Cy Diaz").tier == "acquaintance"


def test_today_points_to_the_circles_until_someone_is_closer(site: Site) -> None:
    assert 'data-testid="choose-circles"' not in site.client.get("/").text  # nobody yet
    ids = with_history(site)
    today = site.client.get("/").text
    assert 'data-testid="choose-circles"' in today and 'href="/onboard"' in today
    site.post("/onboard", {"person": [ids["Ana Núñez"]], "tier": ["inner"]})
    assert 'data-testid="choose-circles"' not in site.client.get("/").text


def test_a_bad_choice_is_a_message_and_changes_nothing(site: Site) -> None:
    ids = with_history(site)
    ana = ids["Ana Núñez"]
    htmx = {"HX-Request": "true"}
    bad = site.post("/onboard", {"person": [ana], "tier": ["closest"]}, headers=htmx)
    assert bad.status_code == 400 and "tier: &#39;closest&#39; is not one of" in bad.text
    gone = site.post("/onboard", {"person": [ana, 2**40], "tier": ["inner", "inner"]}, headers=htmx)
    assert gone.status_code == 400 and "nothing was changed" in gone.text
    uneven = site.post("/onboard", {"person": [ana], "tier": []}, headers=htmx)
    assert uneven.status_code == 400
    assert show_person(site.ctx, "Ana").tier == "acquaintance"
    refused = site.client.post("/onboard", data={"person": [ana], "tier": ["inner"]})
    assert refused.status_code == 403  # no CSRF token
    assert show_person(site.ctx, "Ana").tier == "acquaintance"


def test_the_api_proposes_and_applies_as_the_cli_does(site: Site) -> None:
    ids = with_history(site)
    token = accounts.create_token(site.ctx, "tests").token
    headers = {"Authorization": f"Bearer {token}"}

    def api(method: str, path: str, **kwargs: Any) -> Any:
        return site.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    proposal = api("GET", "/onboard", params={"inner": 1, "active": 1}).json()
    assert [c["person"]["name"] for c in proposal["inner"]] == ["Ana Núñez"]
    applied = api("POST", "/onboard", json={"choices": {str(ids["Ana Núñez"]): "inner"}})
    assert applied.json()["changed"] == 1
    assert show_person(site.ctx, "Ana").tier == "inner"
    assert api("POST", "/onboard", json={"choices": {"1": "closest"}}).status_code == 422
    assert api("POST", "/onboard", json={"choices": {str(2**40): "inner"}}).status_code == 422
    assert api("POST", "/onboard", json={"choices": {"99999": "inner"}}).status_code == 400
