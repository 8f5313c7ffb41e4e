"""The Settings page: your name, signature, addresses and plan size written to the config
file as `goodwill config set` writes them, in effect at once, and a test mail."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from websupport import Site

from goodwill.config import DigestSettings
from goodwill.domain.model import Tier
from smtp_sink import Server, running, smtp_for


@pytest.fixture
def sink() -> Iterator[Server]:
    with running() as server:
        yield server


def test_settings_are_saved_to_the_config_and_used_at_once(site: Site) -> None:
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        site.add(name, tier=Tier.INNER)
    assert len(site.client.get("/").text.split('data-testid="pick"')) - 1 == 2
    saved = site.post(
        "/settings",
        {
            "name": "Alex Morgan",
            "signature": "Cheers,\r\nAlex",
            "me": "alex@example.com, alex@work.example",
            "plan_size": "3",
        },
    )
    assert saved.status_code == 200 and "Saved." in saved.text
    assert 'value="alex@example.com, alex@work.example"' in saved.text
    stored = tomllib.loads(site.ctx.config.config_path.read_text())
    assert stored["plan_size"] == 3 and stored["signature"] == "Cheers,\nAlex"
    assert stored["me"] == ["alex@example.com", "alex@work.example"]
    assert len(site.client.get("/").text.split('data-testid="pick"')) - 1 == 3  # at once
    assert (
        'name="me" value="alex@example.com, alex@work.example"' in site.client.get("/import").text
    )


def test_a_bad_setting_is_refused_and_nothing_is_written(site: Site) -> None:
    refused = site.post("/settings", {"plan_size": "lots"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400 and "plan_size must be a whole number" in refused.text
    assert not site.ctx.config.config_path.exists() or "lots" not in (
        site.ctx.config.config_path.read_text()
    )


def test_a_test_mail_goes_through_the_configured_server(site: Site, sink: Server) -> None:
    no_server = site.post("/settings/test-mail", headers={"HX-Request": "true"})
    assert no_server.status_code == 400 and "smtp" in no_server.text.lower()
    site.ctx.config = replace(
        site.ctx.config, smtp=smtp_for(sink), digest=DigestSettings(to="me@example.org")
    )
    sent = site.post("/settings/test-mail")
    assert "Sent to me@example.org." in sent.text
    assert len(sink.received) == 1


def test_a_new_signature_shows_in_the_drafts_already_shown(site: Site) -> None:
    site.add("Ada Lovelace", tier=Tier.INNER)
    assert "Warmly,\nAlex" not in site.client.get("/").text
    form = {"name": "", "signature": "Warmly,\r\nAlex", "me": "", "plan_size": "2"}
    assert site.post("/settings", form).status_code == 200
    assert "Warmly,\nAlex" in site.client.get("/").text  # the plan kept before is not reused
