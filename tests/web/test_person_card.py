"""The Person page as a contact card: links that open the right app, notes as written, a
timeline that says who reached out, and a balance explained without reading the ledger."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from websupport import Site

from goodwill.services import ledger
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges, add_person, edit_person


def test_the_card_links_emails_phones_and_only_web_profiles(site: Site) -> None:
    via = site.add("Grace Hopper")
    ada = site.add(
        "Ada Lovelace",
        emails=("ada@example.org",),
        phones=("+44 20 7946 0958",),
        links=("https://example.org/ada", "javascript:alert(1)"),
        add_tags=("math",),
        title="Analyst",
        company="Analytical Engines",
        met_how="at a lecture",
        met_via=f"#{via}",
        note="Likes poetry.\nHates small talk.",
    )
    page = site.client.get(f"/people/{ada}").text
    assert '<a href="mailto:ada@example.org">ada@example.org</a>' in page
    assert re.search(r'<a href="tel:\+442079460958">', page)
    assert '<a href="https://example.org/ada" rel="noopener noreferrer"' in page
    assert 'href="javascript:' not in page
    assert '<span class="unlinked">javascript:alert(1)</span>' in page
    assert f'through <a href="/people/{via}">Grace Hopper</a>' in page
    assert "Analyst at Analytical Engines" in page
    notes = re.search(r'<p class="notes" data-testid="notes">(.*?)</p>', page, re.DOTALL)
    assert notes and html.unescape(notes.group(1)) == "Likes poetry.\nHates small talk."
    # The card comes first: before the balance, the timeline and the log form.
    assert (
        page.index("mailto:")
        < page.index("How the balance adds up")
        < page.index("Log a give, an ask or a touch")
    )


def test_the_timeline_says_who_reached_out(site: Site) -> None:
    bo = site.add("Bo Chen")
    for action in (Action.THEY_ASKED, Action.GAVE):
        ledger.log(site.ctx, LogRequest(people=(f"#{bo}",), action=action))
    items = re.findall(r'<li class="(\w+)"><time.*?</li>', site.client.get(f"/people/{bo}").text)
    page = site.client.get(f"/people/{bo}").text
    timeline = page[page.index('data-testid="timeline"') :]
    assert "you gave · you reached out" in timeline
    assert "they asked · they reached out" in timeline
    assert items, "the timeline has entries"
    ledger.log(site.ctx, LogRequest(people=(f"#{bo}",), action=Action.TOUCH))
    page = site.client.get(f"/people/{bo}").text
    assert "kept in touch 1 time;" in page


def test_last_touch_says_it_counts_yours_beside_their_contact(site: Site) -> None:
    cy = site.add("Cy Park")
    ledger.log(site.ctx, LogRequest(people=(f"#{cy}",), action=Action.THEY_ASKED))
    page = site.client.get(f"/people/{cy}").text
    fact = re.search(r'<div data-testid="last-touch">(.*?)</div>', page, re.DOTALL)
    assert fact is not None
    said = re.sub(r"<[^>]+>", "", fact.group(1))
    # Their message is contact, not a touch of yours: "never" says which it counts.
    today = site.ctx.today().isoformat()
    assert said == f"Last touch from you never · last contact {today}"


def test_a_long_ledger_is_explained_newest_first_and_summed_up(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    today = site.ctx.today()
    for days_ago in range(60, 0, -1):
        ledger.log(
            site.ctx,
            LogRequest(
                people=(f"#{ada}",),
                action=Action.GAVE,
                kind="shared-article",
                on=today - timedelta(days=days_ago),
                note=f"article {days_ago}",
            ),
        )
    page = site.client.get(f"/people/{ada}").text
    table = page[page.index('class="breakdown"') : page.index("<tfoot>")]
    assert table.count("shared-article") == 20
    older = re.search(r"40 older entries together</td><td class=\"num\">([+-][\d.]+)<", table)
    assert older, "the older entries are summed up in one line"
    shown = [float(v) for v in re.findall(r'<td class="num">([+-][\d.]+)</td></tr>', table)]
    balance = float(re.search(r'data-testid="balance">([+-][\d.]+)<', page).group(1))  # type: ignore[union-attr]
    assert abs(sum(shown) - balance) < 0.2  # 20 lines and the rest add up to the balance
    assert "article 1<" in page and "article 20<" in page and "article 21<" not in page
    assert "40 older entries: show more" in page
    more = site.client.get(f"/people/{ada}/timeline?offset=20", headers={"HX-Request": "true"})
    assert "article 21<" in more.text and "article 60<" in more.text
    assert "show more" not in more.text  # the last page


def test_a_refused_log_from_htmx_is_a_message_for_the_form(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    csrf = site.csrf()
    for field, value, message in (
        ("kind", "coffee", "coffee"),
        ("on", "31/12/2026", "Date &#39;31/12/2026&#39;: use YYYY-MM-DD"),
    ):
        response = site.client.post(
            f"/people/{ada}/log",
            data={"csrf_token": csrf, "action": "gave", field: value},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 400
        # The field it concerns comes with it: the page shows the message beside it.
        assert response.text.startswith(f'<p class="error" role="alert" data-field="{field}">')
        assert message in response.text


def test_editing_keeps_notes_as_written(site: Site) -> None:
    added = add_person(site.ctx, PersonChanges(name="Hedy Lamarr"))
    edit_person(site.ctx, f"#{added.id}", PersonChanges(note="line one\n\nline three"))
    page = site.client.get(f"/people/{added.id}").text
    assert "line one\n\nline three" in page
