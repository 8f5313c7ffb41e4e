"""The Health page says one thing about gives per ask, and what it counts; a network without
disciplines gets a word on them, not an empty chart; without JavaScript a refused form
comes back as its page, the message beside its field."""

from __future__ import annotations

import re
from datetime import timedelta

from websupport import BASE_URL, Site

from goodwill.services import accounts, ledger
from goodwill.services.ledger import Action, LogRequest


def _log(site: Site, person: int, action: Action, days_ago: int) -> None:
    on = site.ctx.today() - timedelta(days=days_ago)
    request = LogRequest(people=(f"#{person}",), action=action, on=on, anyway=True)
    ledger.log(site.ctx, request)


def test_the_gives_per_ask_card_says_what_its_chart_says(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    for days_ago in (90, 91, 92, 93, 94, 95):  # long before the window: not counted
        _log(site, ada, Action.GAVE, days_ago)
    _log(site, ada, Action.GAVE, 1)
    _log(site, ada, Action.ASKED, 0)
    _log(site, ada, Action.ASKED, 0)
    page = site.client.get("/health").text
    card = re.search(r'data-testid="gives-per-ask"><span class="big">([^<]+)</span>([^<]+)', page)
    assert card, page
    assert card.group(1) == "0.5"  # one give, two asks in the last four weeks; not 7 / 2
    assert "gives per ask, last 4 weeks" in card.group(2)
    # The counts are a note of their own under the cards, not run into the card's phrase.
    assert "Gives per ask: 1 given, 2 asked by you since" in page
    assert "given" not in card.group(2)
    assert "now 0.5 gives per ask." in page  # the chart's summary: the same figure
    # The JSON API (and `goodwill health`, which is the same report) says the same.
    token = accounts.create_token(site.ctx, "tests").token
    report = site.client.get("/api/v1/health", headers={"Authorization": f"Bearer {token}"}).json()
    assert report["give_ask_ratio"] == 0.5
    assert {k: report["gives_per_ask"][k] for k in ("weeks", "gives", "asks")} == {
        "weeks": 4,
        "gives": 1,
        "asks": 2,
    }
    assert f"since {report['gives_per_ask']['since']}" in page


def test_without_disciplines_the_health_page_says_what_one_is(site: Site) -> None:
    site.add("Ada Lovelace")
    page = site.client.get("/health").text
    empty = re.search(r'data-testid="chart-disciplines-empty">([^<]+)<', page)
    assert empty, "an empty state, not an empty chart"
    assert "No one has a discipline yet" in empty.group(1)
    assert "goodwill edit NAME --discipline" in empty.group(1)
    assert 'id="chart-disciplines-t"' not in page  # no empty drawing
    site.add("Bo Builder", discipline="product")
    page = site.client.get("/health").text
    assert "chart-disciplines-empty" not in page and 'id="chart-disciplines-t"' in page


def test_without_javascript_a_refusal_shows_beside_its_field_in_its_page(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    form = {"action": "touch", "on": "31/12/2026", "note": "coffee & cake"}
    response = site.post(
        f"/people/{ada}/log", form, headers={"Referer": f"{BASE_URL}/people/{ada}"}
    )
    assert response.status_code == 400
    page = response.text
    assert "<h1>Ada Lovelace</h1>" in page  # the person's page, not an error page
    log_form = page[page.index(f'action="/people/{ada}/log"') :]
    log_form = log_form[: log_form.index("</form>")]
    on_label = re.search(r"<label>On <input[^>]*></label>", log_form)
    assert on_label, log_form
    assert 'aria-invalid="true"' in on_label.group(0)
    assert 'aria-describedby="field-error-0"' in on_label.group(0)
    assert 'value="31/12/2026"' in on_label.group(0)  # what was typed stays
    after = log_form[on_label.end() :]
    assert after.startswith('<p class="error field-error" id="field-error-0" data-field="on"')
    assert "31/12/2026" in after[: after.index("</p>")]
    assert 'value="coffee &amp; cake"' in log_form
    assert '<option value="touch" selected>' in log_form
    assert page.count('role="alert"') == 1  # once, beside the field, not at the top too


def test_without_javascript_a_refusal_whose_page_has_no_such_form_gets_the_error_page(
    site: Site,
) -> None:
    response = site.post("/ledger/undo", {"back": "/"}, headers={"Referer": f"{BASE_URL}/people"})
    assert response.status_code == 400
    assert "Something needs fixing" in response.text and "nothing to undo" in response.text
