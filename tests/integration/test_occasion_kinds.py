"""Occasions from imports: a new connection to welcome, a recommendation to thank them for.

Both backends. The day is the fixed test day (2026-11-24): the fresh fixture has one
connection made on 12 Nov 2026, and Maya Goldberg's recommendation is of 10 Nov 2026.
"""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path

from goodwill.importers.records import InvitationRecord
from goodwill.services import importing, occasions, plan, triage
from goodwill.services.context import Context
from goodwill.services.importer import write_records

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
FRESH = LINKEDIN / "fresh" / "Connections.csv"
RECEIVED = LINKEDIN / "received" / "Recommendations_Received.csv"


def _import(app: Context, path: Path, on: date | None = None) -> dict[str, object]:
    return importing.import_path(app, "linkedin", path, on=on)


def _pick_for(app: Context, name: str, on: date | None = None) -> dict[str, object]:
    picks = plan.today(app, on=on, n=3)["picks"]
    [pick] = [p for p in picks if p["person"]["name"] == name]
    return pick  # type: ignore[no-any-return]


def test_a_fresh_connection_is_welcomed_first_in_the_next_plan(app: Context) -> None:
    report = _import(app, FRESH)
    assert report["created"] == 4 and report["occasions"] == 1
    [welcome] = occasions.occasions(app)
    assert welcome["person"]["name"] == "Lena Okafor"
    assert (welcome["kind"], welcome["on"]) == ("welcome", "2026-11-12")
    assert welcome["label"] == "new connection: welcome"

    first = plan.today(app, n=1)["picks"][0]
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
    done = plan.done(app, 1)
    assert done["kind"] == "welcomed"
    later = plan.today(app, on=date(2026, 12, 1), n=3)["picks"]
    assert all("new connection: welcome" not in p["reasons"] for p in later)


def test_an_accepted_invitation_is_welcomed_from_the_day_it_is_accepted(app: Context) -> None:
    invitation = InvitationRecord(
        "linkedin", "inv1", "f:2", "Noor Haddad", date(2026, 9, 1), True, "Hello!"
    )
    with app.db.write() as uow:
        write_records(app, uow, [invitation])
    [waiting] = triage.list_invitations(app)
    triage.decide(app, waiting["id"], accept=True, on=date(2026, 11, 20))
    [welcome] = occasions.occasions(app)
    assert (welcome["person"]["name"], welcome["kind"]) == ("Noor Haddad", "welcome")
    assert welcome["on"] == "2026-11-20"


def test_a_recommendation_they_wrote_is_an_occasion_to_thank_them(app: Context) -> None:
    _import(app, LINKEDIN / "Connections.csv")
    report = _import(app, RECEIVED)
    # Maya's is news; Raj's (2023) is not; Priya Raman is nobody goodwill knows.
    assert report["occasions"] == 1 and report["created"] == 0
    reasons = {skip["line"]: skip["reason"] for skip in report["skips"]}  # type: ignore[union-attr]
    assert reasons == {
        3: "more than 30 days old: no longer news",
        5: "not someone in goodwill (no matching email, profile or name)",
    }
    [thanks] = occasions.occasions(app)
    assert thanks["person"]["name"] == "Maya Goldberg"
    assert (thanks["kind"], thanks["on"]) == ("recommended", "2026-11-10")
    assert thanks["label"] == "recommended you: thank them"

    pick = _pick_for(app, "Maya Goldberg")
    assert "recommended you: thank them" in pick["reasons"]
    assert pick["suggested_kind"] == "recommendation-thanks"
    assert pick["done_kind"] == "thank-you"
    assert pick["draft"].startswith("Hi Maya,\n\nI just read the recommendation you wrote me")

    again = _import(app, RECEIVED)
    assert again["occasions"] == 0 and again["already_recorded"] == 1
    assert len(occasions.occasions(app)) == 1


def test_the_export_zip_brings_both_occasions(app: Context, tmp_path: Path) -> None:
    export = tmp_path / "Basic_LinkedInDataExport_11-24-2026.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(RECEIVED, "Recommendations_Received.csv")
        archive.write(FRESH, "Connections.csv")
    report = _import(app, export)
    assert report["occasions"] == 2
    found = {(o["person"]["name"], o["kind"]) for o in occasions.occasions(app)}
    assert found == {("Lena Okafor", "welcome"), ("Maya Goldberg", "recommended")}
    assert _import(app, export)["occasions"] == 0
    assert len(occasions.occasions(app)) == 2
