"""The local web app's pages, as a user clicks through them (single user, no sign-in)."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import timedelta
from pathlib import Path

from websupport import Site, make_site

from goodwill.domain.model import Tier
from goodwill.services import events, ledger, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.web.jobs import UPLOADS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MBOX = FIXTURES / "mail" / "takeout-sample.mbox"
HOSTILE = "<img src=x onerror=alert(1)>"


def overdue_people(site: Site, *names: str) -> list[int]:
    """People last touched long ago, so that they are due today (each at their own
    company: the plan never picks two people at one company)."""
    ids = [site.add(name, tier=Tier.ACTIVE, company=f"{name.split()[-1]} Labs") for name in names]
    long_ago = site.ctx.today() - timedelta(days=400)
    for name in names:
        ledger.log(site.ctx, LogRequest(people=(name,), action=Action.TOUCH, on=long_ago))
    return ids


def test_today_shows_each_pick_with_why_what_to_give_and_a_draft(site: Site) -> None:
    overdue_people(site, "Ada Lovelace", "Grace Hopper")
    page = site.client.get("/").text
    assert "Ada Lovelace" in page and "Grace Hopper" in page
    assert page.count('data-testid="pick"') == 2
    assert "Why:" in page and "Give:" in page
    assert page.count("<textarea") == 2  # a draft to copy per pick
    assert "Copy draft" in page
    # Each box has a row for every line as it wraps on a phone, the sign-off's included.
    boxes = re.findall(r'<textarea id="draft-\d+" rows="(\d+)" readonly>([^<]*)', page)
    assert len(boxes) == 2
    for rows, draft in boxes:
        wrapped = sum(max(1, -(-len(line) // 40)) for line in html.unescape(draft).splitlines())
        assert int(rows) == min(wrapped, 16) and int(rows) > draft.count("\n") + 1


def test_marking_a_pick_done_logs_it_and_updates_the_plan_in_place(site: Site) -> None:
    ada, _grace = overdue_people(site, "Ada Lovelace", "Grace Hopper")
    page = site.client.get("/").text
    first = re.search(r'<a href="/people/(\d+)">', page)
    assert first is not None
    picked = int(first.group(1))
    response = site.post(
        "/today/1/done",
        {"gave": "shared-article", "via": "email"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.text
    assert fragment.startswith('<section id="plan"')  # only the plan is swapped, not the page
    assert "Done with " in fragment and ": you shared an article." in fragment
    assert "badge done" in fragment
    timeline = site.client.get(f"/people/{picked}").text
    assert "shared-article" in timeline
    assert picked in (ada, _grace)


def test_completing_the_plan_grows_the_streak(site: Site) -> None:
    overdue_people(site, "Ada Lovelace")
    before = site.client.get("/").text
    assert "No streak yet" in before and "<strong>0</strong>" not in before
    done = html.unescape(
        site.post("/today/1/done", {"gave": ""}, headers={"HX-Request": "true"}).text
    )
    assert "Today's plan is complete; streak 1 day." in done
    assert re.search(r"<strong>1</strong> day streak", site.client.get("/").text)


def test_a_streak_that_ended_says_when_the_last_plan_was_done(site: Site) -> None:
    overdue_people(site, "Ada Lovelace")
    two_days_ago = site.ctx.today() - timedelta(days=2)
    plan.today(site.ctx, two_days_ago)
    plan.done(site.ctx, 1, on=two_days_ago)
    ended = f"the last plan done was on {two_days_ago.isoformat()}"
    assert f"No streak: {ended}" in site.client.get("/").text
    assert f"no streak: {ended}" in site.client.get("/health").text


def test_skip_and_snooze_take_a_person_out_of_today(site: Site) -> None:
    ada, grace, alan = overdue_people(site, "Ada Lovelace", "Grace Hopper", "Alan Turing")
    site.ctx.config = dataclasses.replace(site.ctx.config, plan_size=2)
    before = site.client.get("/").text
    shown = [int(i) for i in re.findall(r'<h2><a href="/people/(\d+)">', before)]
    assert len(shown) == 2
    site.post("/today/1/skip")
    after_skip = [
        int(i) for i in re.findall(r'<h2><a href="/people/(\d+)">', site.client.get("/").text)
    ]
    assert shown[0] not in after_skip and len(after_skip) == 2
    site.post(f"/people/{after_skip[0]}/snooze", {"span": "2w", "back": "today"})
    person = site.client.get(f"/people/{after_skip[0]}").text
    until = (site.ctx.today() + timedelta(weeks=2)).isoformat()
    assert f"Snoozed until</span> {until}" in person
    assert {ada, grace, alan} >= set(after_skip)


def test_people_search_as_you_type_returns_only_the_rows(site: Site) -> None:
    site.add("Ana María Núñez", company="Acme", tier=Tier.INNER, add_tags=("mentor",))
    site.add("Bo Chen", company="Globex")
    fragment = site.client.get(
        "/people?q=nunez", headers={"HX-Request": "true", "HX-Target": "results"}
    ).text
    assert "Ana María Núñez" in fragment and "Bo Chen" not in fragment
    assert "<html" not in fragment
    by_company = site.client.get("/people?q=globex").text
    assert "Bo Chen" in by_company and "Ana María" not in by_company
    site.add("Olga Ivanova", company="Газпром")
    site.add("Eva Novak", company="Nestlé S.A.")
    for query, found in (("Газпром", "Olga"), ("газпром", "Olga"), ("Gazprom", "Olga"),
                         ("nestle", "Eva"), ("Nestlé S.A.", "Eva")):  # fmt: skip
        by_spelling = site.client.get("/people", params={"q": query}).text
        assert found in by_spelling and "Bo Chen" not in by_spelling, query
    by_tier = site.client.get("/people?tier=inner").text
    assert "Ana María Núñez" in by_tier and "Bo Chen" not in by_tier
    by_tag = site.client.get("/people?tag=mentor").text
    assert "Ana María Núñez" in by_tag and "Bo Chen" not in by_tag
    nobody = site.client.get("/people?q=zzz").text
    assert "No one matches." in nobody
    no_letters = site.client.get("/people", params={"q": "ъ"}).text
    assert "No one matches." in no_letters and "Bo Chen" not in no_letters


def test_person_page_logs_entries_and_shows_the_balance_breakdown(site: Site) -> None:
    ada = site.add("Ada Lovelace", company="Analytical Engines")
    response = site.post(
        f"/people/{ada}/log",
        {"action": "gave", "kind": "intro-made", "channel": "email", "note": "intro to Babbage"},
    )
    assert response.status_code == 200
    page = response.text
    assert "intro to Babbage" in page
    # The page after the post says what was logged, once.
    today = site.ctx.today().isoformat()
    said = f'data-testid="said">Logged on {today}: you made an introduction (intro-made). Undo'
    assert said in page
    assert said not in site.client.get(f"/people/{ada}").text
    assert 'data-testid="balance">+' in page  # a give puts the balance above zero
    assert "How the balance adds up" in page and "intro-made" in page


def test_the_ask_guard_warns_before_a_cold_ask(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    guard = site.client.get(
        f"/people/{ada}/guard", params={"action": "asked", "note": "an intro"}
    ).text
    assert "A cold ask" in guard and "Make a deposit first" in guard
    assert site.client.get(f"/people/{ada}/guard", params={"action": "gave"}).text == ""


def test_editing_a_person_changes_their_profile(site: Site) -> None:
    ada = site.add("Ada Lovelace", add_tags=("math",))
    site.post(
        f"/people/{ada}/edit",
        {"name": "Ada King", "company": "Analytical", "tier": "inner", "tags": "poetry"},
    )
    view = site.client.get(f"/people/{ada}").text
    assert "<h1>Ada King</h1>" in view and "Analytical" in view
    assert 'name="tags" value="poetry"' in view  # "math" was removed, "poetry" added


def test_a_birthday_without_its_year_is_shown_and_kept_through_an_edit(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    site.post(f"/people/{ada}/edit", {"name": "Ada Lovelace", "birthday": "--12-10"})
    view = site.client.get(f"/people/{ada}").text
    assert '<time datetime="--12-10">--12-10</time>' in view
    assert 'name="birthday" value="--12-10"' in view  # the edit form sends it back as it is
    site.post(f"/people/{ada}/edit", {"name": "Ada King", "birthday": "--12-10"})
    assert '<time datetime="--12-10">--12-10</time>' in site.client.get(f"/people/{ada}").text


def test_bad_form_input_is_one_line_on_the_page_not_a_crash(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    next_week = (site.ctx.today() + timedelta(days=7)).isoformat()
    response = site.post(f"/people/{ada}/log", {"action": "touch", "on": next_week})
    assert response.status_code == 400
    assert "in the future" in response.text
    assert site.client.get("/people/999999").status_code == 404


def test_posts_without_the_csrf_token_are_refused(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    response = site.client.post(f"/people/{ada}/log", data={"action": "touch"})
    assert response.status_code == 403
    forged = site.client.post(f"/people/{ada}/log", data={"action": "touch", "csrf_token": "x"})
    assert forged.status_code == 403
    assert "Nothing in the ledger yet" in site.client.get(f"/people/{ada}").text


def test_a_loopback_server_answers_only_to_its_own_host_names(site: Site) -> None:
    rebound = site.client.get("/", headers={"host": "attacker.example:8080"})
    assert rebound.status_code == 400


def test_health_page_draws_five_labelled_charts(site: Site) -> None:
    overdue_people(site, "Ada Lovelace", "Grace Hopper")
    site.add("Alan Turing", discipline="engineering", tier=Tier.INNER)
    page = site.client.get("/health").text
    assert page.count("<svg") == 5
    for title in (
        "Touches, gives and asks per week",
        "Twice-a-year coverage",
        "Gives per ask",
        "Disciplines spread",
        "Dormant ties by tier",
    ):
        assert "<title id=" in page and title in page
    assert page.count('role="img"') == 5 and page.count("<desc") == 5


def test_every_page_shows_a_hostile_name_as_text(site: Site) -> None:
    """A name from a contact file is data: it never becomes markup on any page."""
    hostile = site.add(HOSTILE, company=HOSTILE, tier=Tier.ACTIVE, note=HOSTILE)
    long_ago = site.ctx.today() - timedelta(days=400)
    ledger.log(
        site.ctx,
        LogRequest(people=(f"#{hostile}",), action=Action.TOUCH, on=long_ago, note=HOSTILE),
    )
    for url in ("/", "/people", f"/people?q={HOSTILE}", f"/people/{hostile}", "/health"):
        page = site.client.get(url).text
        assert HOSTILE not in page, url
        assert html.escape(HOSTILE, quote=False) in page or url == "/health", url
    guard = site.client.get(f"/people/{hostile}/guard", params={"action": "asked"}).text
    assert HOSTILE not in guard


def test_pages_carry_less_than_100_kb_of_javascript(site: Site) -> None:
    page = site.client.get("/").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts, "the page loads htmx and its own script"
    total = sum(len(site.client.get(src).content) for src in scripts)
    assert total < 100 * 1024
    assert not re.search(r'src="https?://', page)  # nothing from a CDN: works offline


def test_adding_a_person_from_the_web(site: Site) -> None:
    page = site.post("/people", {"name": "Katherine Johnson", "company": "NASA", "tier": "active"})
    assert "<h1>Katherine Johnson</h1>" in page.text
    assert "NASA" in page.text


def test_undo_from_the_web_reverts_the_last_write(site: Site) -> None:
    ada = site.add("Ada Lovelace")
    site.post(f"/people/{ada}/log", {"action": "gave", "kind": "helped", "note": "oops"})
    undone = site.post("/ledger/undo", {"back": f"/people/{ada}"}).text
    assert 'data-testid="said">Undone: log helped with Ada Lovelace.</p>' in undone
    assert "oops" not in site.client.get(f"/people/{ada}").text


def test_import_upload_dry_run_then_real(site: Site) -> None:
    sample = FIXTURES / "vcards" / "google-export.vcf"
    with sample.open("rb") as handle:
        preview = site.post(
            "/import",
            {"format": "vcard", "dry_run": "true"},
            files={"file": ("../../etc/passwd.vcf", handle, "text/vcard")},
        )
    assert preview.status_code == 200
    report = wait_for_report(site, preview)
    assert "What a real import would do" in report and "Nothing was imported yet." in report
    created = int(re.search(r"<dt>New people</dt><dd>(\d+)</dd>", report).group(1))  # type: ignore[union-attr]
    assert created > 0
    assert "No one matches." in site.client.get("/people").text
    uploads = site.ctx.config.data_dir / UPLOADS
    assert len(list(uploads.iterdir())) == 1  # the previewed file, kept for the real import
    action = re.search(r'action="(/import/jobs/[^"]+/for-real)"', report)
    assert action, "the preview offers to import the same file"
    real = site.post(action.group(1), {})
    assert "Imported" in wait_for_report(site, real)
    boosted = site.client.get(str(real.url), headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<nav" in boosted.text  # a boosted form's page is the whole page, not the fragment
    listed = site.client.get("/people").text
    assert listed.count("<tr>") == created + 1  # the header row, then one per person
    assert not list(uploads.iterdir())  # imported, the file is gone
    again = site.post(action.group(1), {})  # a second press of the button
    assert again.url == real.url, "the same import's page, not a second import or an error"
    assert site.client.get("/people").text.count("<tr>") == created + 1
    previewed = site.client.get(str(preview.url)).text
    assert "then imported for real" in previewed and "import-for-real" not in previewed
    # `undo` names the import by the file as uploaded, not the server's copy of it.
    assert ledger.undo(site.ctx).undone == "import vcard passwd.vcf"


def test_a_preview_with_your_addresses_is_imported_with_them(site: Site) -> None:
    """A mail archive previewed with the addresses typed in the form is imported with them:
    the real import is of the same file and the same choices, not a blank form."""
    site.add("Maya Goldberg", emails=("maya.goldberg@example.com",))
    with MBOX.open("rb") as handle:
        preview = site.post(
            "/import",
            {"format": "mbox", "me": "alex.morgan@example.com", "dry_run": "true"},
            files={"file": ("takeout.mbox", handle)},
        )
    report = wait_for_report(site, preview)
    touches = int(re.search(r"<dt>New touches</dt><dd>(\d+)</dd>", report).group(1))  # type: ignore[union-attr]
    assert touches > 0
    action = re.search(r'action="(/import/jobs/[^"]+/for-real)"', report)
    assert action
    real = wait_for_report(site, site.post(action.group(1), {}))
    assert "Imported" in real and f"<dt>New touches</dt><dd>{touches}</dd>" in real


def wait_for_report(site: Site, response: object) -> str:
    """Follow the import's progress page until the job has finished."""
    import time

    url = str(response.url)  # type: ignore[attr-defined]
    assert "/import/jobs/" in url
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        fragment = site.client.get(url, headers={"HX-Request": "true"}).text
        if "hx-trigger" not in fragment:
            return fragment
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_uploads_over_the_limit_are_refused(app: object) -> None:
    small = make_site(app, upload_limit=1024)  # type: ignore[arg-type]
    with small.client:
        response = small.post(
            "/import", {"format": "vcard"}, files={"file": ("big.vcf", b"x" * 5000)}
        )
    assert response.status_code == 400
    assert "larger than the" in response.text
    with small.client:
        huge = small.client.post(
            "/import",
            content=b"x" * (2 * 1024 * 1024 + 2048),
            headers={"content-type": "multipart/form-data; boundary=x"},
        )
    assert huge.status_code == 413  # refused from its Content-Length, before it is read


def test_a_broken_upload_reports_one_line_naming_the_file(site: Site) -> None:
    response = site.post(
        "/import", {"format": "linkedin"}, files={"file": ("export.zip", b"PK\x03\x04broken")}
    )
    report = wait_for_report(site, response)
    assert "export.zip" in report and "not a zip file" in report
    assert "goodwill-upload-" not in report  # the temporary name stays private


def test_today_page_works_on_an_empty_network(site: Site) -> None:
    page = site.client.get("/").text
    assert "Nobody to reach today" in page


def test_pages_show_what_the_cli_wrote_meanwhile(site: Site) -> None:
    """The server keeps its plan, due list and health between writes; a write by another
    process (here another context on the same database) shows at once."""
    from dataclasses import replace as replaced

    from goodwill.services import health, people
    from goodwill.services.people import PersonChanges
    from goodwill.store.database import Database

    overdue_people(site, "Ada Lovelace")
    before = site.client.get("/").text
    assert "Ada Lovelace" in before and "Grace Hopper" not in before
    assert health.health(site.ctx).people == 1
    elsewhere = replaced(site.ctx, db=Database(site.ctx.db.url))
    elsewhere.cache = type(site.ctx.cache)()
    people.add_person(elsewhere, PersonChanges(name="Grace Hopper", tier=Tier.ACTIVE))
    ledger.log(
        elsewhere,
        LogRequest(
            people=("Grace Hopper",),
            action=Action.TOUCH,
            on=site.ctx.today() - timedelta(days=400),
        ),
    )
    elsewhere.db.dispose()
    assert "Grace Hopper" in site.client.get("/").text
    assert health.health(site.ctx).people == 2
    assert "2</span> people" in site.client.get("/health").text


def test_a_person_page_shows_what_another_process_logged_meanwhile(site: Site) -> None:
    """A Person page is kept between writes (`person_page`); a write anywhere shows at once."""
    from goodwill.store.database import Database

    ada = site.add("Ada Lovelace", tier=Tier.ACTIVE)
    first = site.client.get(f"/people/{ada}").text
    assert first == site.client.get(f"/people/{ada}").text and "Sent the Q3 deck" not in first
    elsewhere = Context(config=site.ctx.config, db=Database(site.ctx.db.url), clock=site.ctx.clock)
    ledger.log(
        elsewhere,
        LogRequest(people=("Ada Lovelace",), action=Action.GAVE, note="Sent the Q3 deck"),
    )
    elsewhere.db.dispose()
    assert "Sent the Q3 deck" in site.client.get(f"/people/{ada}").text


def test_person_page_has_a_brief_section(site: Site) -> None:
    bo = site.add("Bo Chen")
    ada = site.add("Ada Lovelace", met_via=f"#{bo}", met_how="PMI meetup", add_tags=("math",))
    page = site.client.get(f"/people/{ada}").text
    assert 'data-testid="brief"' in page and "Before you meet" in page
    assert f'through <a href="/people/{bo}">Bo Chen</a>' in page
    assert "You both know" in page and "math" in page
    quiet = site.client.get(f"/people/{site.add('Cy Park')}").text
    assert "Before you meet" not in quiet  # nothing to say: no empty section


def test_the_brief_says_what_they_asked_in_words_as_the_cli_does(site: Site) -> None:
    """Their unanswered ask by its label ("asked for an introduction"), not its kind's id."""
    ada = site.add("Ada Lovelace")
    ledger.log(
        site.ctx,
        LogRequest(people=("Ada Lovelace",), action=Action.THEY_ASKED, kind="intro", note="CFO"),
    )
    page = site.client.get(f"/people/{ada}").text
    on = site.ctx.today().isoformat()
    owed = f'<span class="label">You owe them</span> they asked for an introduction on {on}'
    assert f"{owed}: CFO" in page
    assert "asked-intro" not in page.split('data-testid="brief"')[1].split("</section>")[0]


def test_person_page_names_the_day_to_follow_up_by_as_the_event_did(site: Site) -> None:
    recorded = events.add_event(site.ctx, "Meetup", met=("Ada Lovelace",))
    page = site.client.get(f"/people/{recorded.met[0].id}").text
    assert f'<span data-testid="follow-up-by">{recorded.follow_up_by}</span>' in page
    assert recorded.follow_up_by == (site.ctx.today() + timedelta(days=2)).isoformat()


def test_skipping_a_pick_says_whom_it_skipped(site: Site) -> None:
    overdue_people(site, "Ada Lovelace", "Grace Hopper")
    first = re.search(r'<h2><a href="/people/\d+">([^<]+)</a>', site.client.get("/").text)
    assert first is not None
    response = site.post("/today/1/skip", headers={"HX-Request": "true"})
    assert f"Skipped {first.group(1)}." in response.text and "Skipped pick" not in response.text
