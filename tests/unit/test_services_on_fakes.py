"""Service rules on a unit of work in memory (`tests/fakes.py`): no database, same rules."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from fakes import FakeDatabase
from goodwill.config import load_config
from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Person, PersonFields, TriageStatus
from goodwill.services import campaigns, triage
from goodwill.services.context import Context

DAY = date(2026, 7, 1)


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    config = load_config(
        {"GOODWILL_DATA_DIR": str(tmp_path), "GOODWILL_CONFIG": str(tmp_path / "c.toml")}
    )
    fake = FakeDatabase()
    for pid, name in ((1, "Ana Núñez"), (2, "Bo Chen")):
        fake.uow.people.by_id[pid] = Person(pid, PersonFields(name=name), DAY)
        fake.uow.campaigns.names[pid] = (name, None)
    return Context(config=config, db=fake, clock=lambda: datetime(2026, 7, 1, 9))  # type: ignore[arg-type]


def test_a_campaign_is_made_once_and_listed_with_its_progress(ctx: Context) -> None:
    made = campaigns.new_campaign(ctx, "  Next   role ", goal=4)
    assert made == campaigns.Campaign(id=1, name="Next role", goal=4, no_reply_days=10)
    with pytest.raises(BadInput, match="already exists"):
        campaigns.new_campaign(ctx, "Next role")
    campaigns.enrol(ctx, "Next role", ("#2", "#1"))
    [listed] = campaigns.list_campaigns(ctx)
    assert (listed.name, listed.people, listed.progress) == ("Next role", 2, 0.0)


def test_enrolling_someone_twice_writes_nobody(ctx: Context) -> None:
    campaigns.new_campaign(ctx, "Next role")
    campaigns.enrol(ctx, "Next role", ("#1",))
    with pytest.raises(BadInput, match="Ana Núñez is already in 'Next role'"):
        campaigns.enrol(ctx, "Next role", ("#2", "#1"))
    members = ctx.db.uow.campaigns.members(1)  # type: ignore[attr-defined]
    assert [m.name for m in members] == ["Ana Núñez"]  # Bo's enrolment rolled back


def test_bad_campaigns_are_refused_before_anything_is_written(ctx: Context) -> None:
    for name, goal in (("  ", 5), ("Big", 0), ("Bigger", 1001)):
        with pytest.raises(BadInput):
            campaigns.new_campaign(ctx, name, goal=goal)
    assert ctx.db.writes == 0  # type: ignore[attr-defined]
    with pytest.raises(NotFound, match="no campaign named 'Nope'"):
        campaigns.enrol(ctx, "Nope", ("#1",))


def test_invitations_are_listed_flagged_and_ignored_once(ctx: Context) -> None:
    fake = ctx.db.uow  # type: ignore[attr-defined]
    pitch = fake.triage.invite("Sam Sales", "Quick call about our lead-gen platform?", DAY)
    friend = fake.triage.invite("Lee Park", "Great meeting you at PyCon!", date(2026, 6, 30))
    listed = triage.list_invitations(ctx)
    assert [(i.name, i.looks_like_pitch) for i in listed] == [
        ("Lee Park", False),
        ("Sam Sales", True),
    ]
    assert triage.decide(ctx, pitch, accept=False).status == "ignored"
    assert fake.triage.rows[pitch].status == TriageStatus.IGNORED
    with pytest.raises(BadInput, match="already ignored"):
        triage.decide(ctx, pitch, accept=False)
    with pytest.raises(NotFound, match="no invitation #99"):
        triage.decide(ctx, 99, accept=True)
    assert [i.name for i in triage.list_invitations(ctx)] == ["Lee Park"]
    assert friend in fake.triage.rows
