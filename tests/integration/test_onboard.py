"""Onboarding on both backends: the proposal's queries, and choices applied all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.services import imports, onboard, people
from goodwill.services.context import Context

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ME = ("alex.morgan@example.com",)


def test_proposal_and_choices(app: Context) -> None:
    imports.import_path(app, "linkedin", FIXTURES / "linkedin")
    imports.import_path(app, "mbox", FIXTURES / "mail" / "takeout-sample.mbox", me=ME)
    imports.import_path(app, "ics", FIXTURES / "calendar" / "google-calendar.ics", me=ME)
    proposal = onboard.propose(app, date(2026, 11, 24))
    assert [c.person.name for c in proposal.inner] == ["Raj Malhotra", "Maya Goldberg"]
    raj = proposal.inner[0]
    assert (raj.evidence.meetings, raj.evidence.recent) == (3, 6)
    assert raj.evidence.messages == 1  # his two LinkedIn messages were on one day
    assert raj.evidence.known_since == "2021-09-02"  # connected on LinkedIn
    assert proposal.to_json()["inner"][0]["evidence"]["last_contact"] == "2026-05-01"
    maya = proposal.inner[1]
    result = onboard.apply(app, {raj.person.id: Tier.INNER, maya.person.id: Tier.ACTIVE})
    assert result.changed == 2
    assert people.show_person(app, "Raj").tier == "inner"
    assert people.show_person(app, "Raj").cadence_days == 30
    with pytest.raises(BadInput, match="no person #9999"):
        onboard.apply(app, {maya.person.id: Tier.INNER, 9999: Tier.INNER})
    assert people.show_person(app, "Maya Goldberg").tier == "active"  # all or nothing
