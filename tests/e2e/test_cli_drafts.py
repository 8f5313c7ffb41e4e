"""A first import's drafts, as `goodwill today` shows them: worth sending as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_runner import Goodwill

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_every_draft_after_a_first_import_greets_by_first_name_and_is_signed(
    cli: Callable[..., Goodwill],
) -> None:
    gw = cli()
    gw("init")
    gw("import", str(FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"))
    gw("import", str(FIXTURES / "csv" / "outlook-contacts.csv"))
    gw("config", "set", "name", "Alex Morgan")
    plan = gw.json("today", "--on", "2026-11-24", "--n", "10")
    assert isinstance(plan, dict)
    drafts = {pick["person"]["name"]: pick["draft"] for pick in plan["picks"]}
    assert "Dr. Kwabena Asante" in drafts and drafts["Dr. Kwabena Asante"].startswith("Hi Kwabena,")
    for name, draft in drafts.items():
        assert draft.endswith("\n\nBest,\nAlex"), name
        assert "Hi Dr" not in draft and "since we met" not in draft and "…" not in draft, draft
    assert "We connected on LinkedIn in 2012." in drafts["Grace Hopper"]  # never in touch
