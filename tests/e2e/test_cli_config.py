"""`goodwill config set KEY VALUE` writes the config file, keeps what the user wrote in it,
and refuses a bad value with the file left as it was."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from cli_runner import Goodwill


def test_config_set_writes_one_key_and_keeps_the_rest(
    cli: Callable[..., Goodwill], env: dict[str, str]
) -> None:
    gw = cli()
    path = Path(env["GOODWILL_CONFIG"])
    path.parent.mkdir(parents=True)
    path.write_text(
        '# mine\nplan_size = 3\n\n[kinds.podcast-guest]\ndirection = "deposit"\nweight = 4\n'
    )
    gw("config", "set", "me", "alex.morgan@example.com, alex@home.example")
    gw("config", "set", "signature", "Cheers,\\nAlex")
    gw("config", "set", "plan_size", "4")
    text = path.read_text()
    assert text.startswith("# mine\nplan_size = 4\n")
    data = tomllib.loads(text)
    assert data["me"] == ["alex.morgan@example.com", "alex@home.example"]
    assert data["signature"] == "Cheers,\nAlex"
    assert data["kinds"]["podcast-guest"]["weight"] == 4  # the table is untouched
    assert text.index("signature") < text.index("[kinds.podcast-guest]")  # not inside it
    gw("init")
    shown = gw.json("config")
    assert isinstance(shown, dict) and shown["kinds"]["podcast-guest"]["weight"] == 4

    before = path.read_text()
    assert "region must be a two-letter country code" in gw(
        "config", "set", "region", "Sweden", code=1
    )
    assert "plan_size must be a whole number" in gw("config", "set", "plan_size", "many", code=1)
    assert "cannot set 'colour'" in gw("config", "set", "colour", "red", code=1)
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary left


def test_config_set_creates_the_file_from_the_example(
    cli: Callable[..., Goodwill], env: dict[str, str]
) -> None:
    gw = cli()
    gw("config", "set", "name", "Alex Morgan")
    text = Path(env["GOODWILL_CONFIG"]).read_text()
    assert "# goodwill configuration" in text
    assert tomllib.loads(text)["name"] == "Alex Morgan"
