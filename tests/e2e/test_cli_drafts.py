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


def test_path_drafts_greet_the_first_hop_by_given_name_and_are_signed(
    cli: Callable[..., Goodwill],
) -> None:
    gw = cli()
    gw("init")
    gw("import", str(FIXTURES / "csv" / "outlook-contacts.csv"))  # "Dr." Kwabena Asante
    gw("add", "Efua Mensah", "--company", "Korle Bu Teaching Hospital")
    gw("add", "Kofi Boateng", "--company", "Korle Bu Teaching Hospital")  # never in touch
    gw("knows", "Kwabena", "Kofi Boateng")
    gw("config", "set", "name", "Alex Morgan")
    for name in ("Kwabena", "Efua Mensah"):  # banked enough to ask them warmly
        gw("log", name, "--gave", "reference")
    found = gw.json("path", "Korle Bu Teaching Hospital")
    assert isinstance(found, dict)
    drafts = {p["first_hop"]["name"]: p["draft"] for p in found["paths"]}
    intro = drafts["Dr. Kwabena Asante"]
    assert intro.startswith("Hi Kwabena,\n\nI would love to meet Kofi Boateng"), intro
    assert intro.endswith("\n\nBest,\nAlex"), intro
    # She works there: one question about it.
    efua = drafts["Efua Mensah"]
    assert efua.startswith("Hi Efua,\n\nCould I ask you something about Korle Bu"), efua
    gw("config", "set", "signature", "Warmly,\nAlex Morgan")
    direct = gw.json("path", "Kwabena")
    assert isinstance(direct, dict)
    draft = direct["paths"][0]["draft"]
    assert draft.startswith("Hi Kwabena,") and draft.endswith("\n\nWarmly,\nAlex Morgan"), draft
    assert all("Hi Dr" not in p["draft"] for p in found["paths"] + direct["paths"])


def test_a_cold_first_hop_gets_the_deposit_to_make_first_not_a_request(
    cli: Callable[..., Goodwill],
) -> None:
    gw = cli()
    gw("init")
    gw("add", "Kwabena Asante", "--discipline", "medicine")
    gw("add", "Efua Mensah", "--company", "Korle Bu Teaching Hospital")
    gw("add", "Ama Owusu", "--discipline", "medicine", "--tier", "inner")
    gw("log", "Ama Owusu", "--gave", "reference")
    gw("knows", "Kwabena", "Efua Mensah")
    found = gw.json("path", "Efua Mensah")
    assert isinstance(found, dict)
    hop = next(p for p in found["paths"] if p["first_hop"]["name"] == "Kwabena Asante")
    assert hop["path"] == ["me", "Kwabena Asante", "Efua Mensah"]
    assert hop["first_hop"]["cold"] is True
    # Nothing banked with Kwabena: the draft gives (an introduction to Ama), never asks.
    assert hop["first_hop"]["give_first"] and "Ama Owusu" in hop["first_hop"]["give_first"]
    assert "would love to meet" not in hop["draft"] and "Could I ask" not in hop["draft"]
    text = gw("path", "Efua Mensah")
    assert "cold to ask for an introduction: give first" in text
    assert f"give first: {hop['first_hop']['give_first']}" in text
    # The one draft printed is path 1's, under it, before path 2 begins.
    assert text.index("   │ Hi") < text.index("\n2. me → ")
    assert "[Efua Mensah: balance +0.0, cold to ask a question: give first]" in text
