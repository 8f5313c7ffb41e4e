"""Occasions from imports: a new connection to welcome, a recommendation to thank them for.

Both backends. The day is the fixed test day (2026-11-24): the fresh fixture has one
connection made on 12 Nov 2026, and Maya Goldberg's recommendation is of 10 Nov 2026.
"""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from goodwill.importers.records import InvitationRecord
from goodwill.services import brief, digest, imports, ledger, occasions, people, plan, triage
from goodwill.services.context import Context
from goodwill.services.record_writer import write_records

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
FRESH = LINKEDIN / "fresh" / "Connections.csv"
RECEIVED = LINKEDIN / "received" / "Recommendations_Received.csv"


def _import(app: Context, path: Path, on: date | None = None) -> dict[str, object]:
    """The import, run on day `on` (the day it really is then), else today."""
    if on is not None:
        app = dataclasses.replace(app, clock=lambda: datetime.combine(on, time(9)))
    return imports.import_path(app, "linkedin", path)


def _pick_for(app: Context, name: str, on: date | None = None) -> dict[str, object]:
    picks = plan.today(app, on=on, n=3).to_json()["picks"]
    [pick] = [p for p in picks if p["person"]["name"] == name]
    return pick  # type: ignore[no-any-return]


def test_a_fresh_connection_is_welcomed_first_in_the_next_plan(app: Context) -> None:
    report = _import(app, FRESH)
    assert report["created"] == 4 and report["occasions"] == 1
    [welcome] = occasions.occasions(app)
    assert welcome.person.name == "Lena Okafor"
    assert (welcome.kind, welcome.on) == ("welcome", "2026-11-12")
    assert welcome.label == "new connection: welcome"

    first = plan.today(app, n=1).to_json()["picks"][0]
    assert first["person"]["name"] == "Lena Okafor"
    assert "new connection: welcome" in first["reasons"]
    assert first["suggested_kind"] == first["done_kind"] == "welcomed"
    assert first["suggestion"] == "welcome Lena as a new connection: offer help"
    assert first["draft"].startswith("Hi Lena,\n\nThanks for connecting")
    assert "the team at Tailspin Toys" in first["draft"]


def test_the_same_connections_again_welcome_nobody_twice(app: Context) -> None:
    _import(app, FRESH)
    again = _import(app, FRESH)
    assert again["occasions"] == 0 and again["already_recorded"] == 1
    assert len(occasions.occasions(app)) == 1


def test_a_first_import_of_old_connections_makes_no_occasion(app: Context) -> None:
    report = _import(app, LINKEDIN / "Connections.csv")
    assert report["created"] >= 5 and report["occasions"] == 0
    assert occasions.occasions(app, days=366) == []
    # A connection 31 days before the import's day is no longer news either.
    late = _import(app, FRESH, on=date(2026, 11, 12) + timedelta(days=31))
    assert late["occasions"] == 0
    assert occasions.occasions(app, days=366) == []


def test_a_welcome_answered_is_no_longer_news(app: Context) -> None:
    _import(app, FRESH)
    done = plan.done(app, 1).to_json()
    assert done["kind"] == "welcomed"
    later = plan.today(app, on=date(2026, 12, 1), n=3).to_json()["picks"]
    assert all("new connection: welcome" not in p["reasons"] for p in later)


def test_an_accepted_invitation_is_welcomed_from_the_day_it_is_accepted(app: Context) -> None:
    invitation = InvitationRecord(
        "linkedin", "inv1", "f:2", "Noor Haddad", date(2026, 9, 1), True, "Hello!"
    )
    with app.db.write() as uow:
        write_records(app, uow, [invitation])
    [waiting] = triage.list_invitations(app)
    triage.decide(app, waiting.id, accept=True, on=date(2026, 11, 20))
    [welcome] = occasions.occasions(app)
    assert (welcome.person.name, welcome.kind) == ("Noor Haddad", "welcome")
    assert welcome.on == "2026-11-20"


def test_a_recommendation_they_wrote_is_an_occasion_to_thank_them(app: Context) -> None:
    _import(app, LINKEDIN / "Connections.csv")
    report = _import(app, RECEIVED)
    # Maya's is news; Raj's (2023) is not; Priya Raman is nobody goodwill knows.
    assert report["occasions"] == 1 and report["created"] == 0
    # Maya's and Raj's are what they gave me, however old: neither touches nor skipped.
    assert (report["their_gives"], report["touches"]) == (2, 0)
    reasons = {skip["line"]: skip["reason"] for skip in report["skips"]}  # type: ignore[union-attr]
    assert reasons == {5: "not someone in goodwill (no matching email, profile or name)"}
    raj = people.show_person(app, "Raj Malhotra")
    assert (raj.counts.their_gives, raj.counts.touches) == (1, 0)
    assert (
        raj.reciprocity.summary == "too few to tell a pattern yet: they gave once and never asked"
    )
    assert [(e.kind, e.initiated_by) for e in raj.timeline if e.on == "2023-06-03"] == [
        ("reference", "them")
    ]
    [thanks] = occasions.occasions(app)
    assert thanks.person.name == "Maya Goldberg"
    assert (thanks.kind, thanks.on) == ("recommended", "2026-11-10")
    assert thanks.label == "recommended you: thank them"

    pick = _pick_for(app, "Maya Goldberg")
    assert "recommended you: thank them" in pick["reasons"]
    assert pick["suggested_kind"] == "recommendation-thanks"
    assert pick["done_kind"] == "thank-you"
    assert pick["draft"].startswith("Hi Maya,\n\nI just read the recommendation you wrote me")

    again = _import(app, RECEIVED)
    assert again["occasions"] == 0 and again["already_recorded"] == 3  # and the two gives
    assert len(occasions.occasions(app)) == 1


def test_the_export_zip_brings_both_occasions(app: Context, tmp_path: Path) -> None:
    export = tmp_path / "Basic_LinkedInDataExport_11-24-2026.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(RECEIVED, "Recommendations_Received.csv")
        archive.write(FRESH, "Connections.csv")
    report = _import(app, export)
    assert report["occasions"] == 2
    found = {(o.person.name, o.kind) for o in occasions.occasions(app)}
    assert found == {("Lena Okafor", "welcome"), ("Maya Goldberg", "recommended")}
    assert _import(app, export)["occasions"] == 0
    assert len(occasions.occasions(app)) == 2


def _connections(tmp_path: Path, name: str, company: str, title: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Ana,Souza,https://www.linkedin.com/in/ana-souza,,{company},{title},03 Feb 2019\n",
        encoding="utf-8",
    )
    return path


def test_a_known_role_start_returns_as_a_work_anniversary(app: Context, tmp_path: Path) -> None:
    _import(app, _connections(tmp_path, "then", "Acme", "Analyst"), on=date(2023, 1, 5))
    _import(app, _connections(tmp_path, "now", "Stripe", "Head of Data"), on=date(2024, 3, 1))
    # The role began (as goodwill learned) on 1 March 2024: two years on, within the window.
    day = date(2026, 2, 26)
    found = [o for o in occasions.occasions(app, on=day, days=7) if o.kind == "work-anniversary"]
    assert found == [
        occasions.Upcoming(
            found[0].person, "work-anniversary", "2026-03-01", "2 years at Stripe", 2
        )
    ]
    pick = _pick_for(app, "Ana Souza", on=day)
    assert "work anniversary: 2 years at Stripe" in pick["reasons"]
    assert pick["suggestion"] == "congratulate Ana on 2 years at Stripe"
    assert pick["done_kind"] == "congratulated"
    assert pick["draft"].startswith("Hi Ana,")
    assert "2 years at Stripe: congratulations!" in pick["draft"]
    # Outside the window, or in the year the role began, there is none.
    assert not [o for o in occasions.occasions(app, on=date(2026, 1, 1), days=30)
                if o.kind == "work-anniversary"]  # fmt: skip
    assert not [o for o in occasions.occasions(app, on=date(2024, 3, 1), days=30)
                if o.kind == "work-anniversary"]  # fmt: skip


def test_only_the_current_role_has_an_anniversary(app: Context, tmp_path: Path) -> None:
    _import(app, _connections(tmp_path, "a", "Acme", "Analyst"), on=date(2022, 1, 5))
    _import(app, _connections(tmp_path, "b", "Stripe", "Head of Data"), on=date(2023, 3, 1))
    _import(app, _connections(tmp_path, "c", "Globex", "VP Data"), on=date(2025, 6, 10))
    on_stripe_day = occasions.occasions(app, on=date(2026, 2, 27), days=7)
    assert [o for o in on_stripe_day if o.kind == "work-anniversary"] == []
    found = occasions.occasions(app, on=date(2026, 6, 8), days=7)
    assert [o.label for o in found if o.kind == "work-anniversary"] == ["1 year at Globex"]


def test_the_digest_and_the_person_page_show_the_occasions(app: Context, tmp_path: Path) -> None:
    _import(app, _connections(tmp_path, "a", "Acme", "Analyst"), on=date(2023, 1, 5))
    _import(app, _connections(tmp_path, "b", "Stripe", "Head of Data"), on=date(2024, 11, 26))
    # Touched yesterday: not in today's plan, but the occasion is still worth knowing.
    ledger.log(app, ledger.LogRequest(people=("Ana",), action=ledger.Action.TOUCH,
                                      on=date(2026, 11, 23)))  # fmt: skip
    composed = digest.compose(app)
    assert "Ana Souza" not in {p["person"]["name"] for p in composed["picks"]}
    [found] = [o for o in composed["occasions"] if o["person"]["name"] == "Ana Souza"]
    assert (found["on"], found["label"]) == ("2026-11-26", "2 years at Stripe")
    text = digest.preview(app)["text"]
    assert "OCCASIONS" in text and "2026-11-26  Ana Souza: 2 years at Stripe" in text

    page = brief.brief(app, "Ana")
    assert brief.Occasion("2026-11-26", "work-anniversary", "2 years at Stripe") in page.occasions


def test_the_person_page_lists_every_recent_occasion(app: Context, tmp_path: Path) -> None:
    _import(app, FRESH)
    received = tmp_path / "Recommendations_Received.csv"
    received.write_text(
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
        'Lena,Okafor,Tailspin Toys,Head of Partnerships,A great partner.,"11/20/26, 9:00 AM",VISIBLE\n',
        encoding="utf-8",
    )
    _import(app, received)
    found = brief.brief(app, "Lena Okafor").occasions
    assert [(o.kind, o.on) for o in found] == [
        ("recommended", "2026-11-20"),
        ("welcome", "2026-11-12"),
    ]
