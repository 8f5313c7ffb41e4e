"""The CLI as a user drives it: exit codes, one-line errors, JSON for scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_runner import Goodwill

ON = "2026-11-24"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    goodwill = cli()
    goodwill("init")
    return goodwill


def test_a_small_network_by_hand(gw: Goodwill) -> None:
    bo = gw.json("add", "Bo Chen", "--company", "Globex", "--discipline", "engineering",
                 "--on", "2026-05-01")  # fmt: skip
    assert isinstance(bo, dict) and bo["created_on"] == "2026-05-01"
    assert "is in the future" in gw("add", "Cy", "--on", "2099-01-01", code=1)
    added = gw.json(
        "add",
        "Ana María Núñez",
        "--email",
        "ana@example.org",
        "--company",
        "Acme",
        "--title",
        "VP Product",
        "--discipline",
        "product",
        "--tier",
        "inner",
        "--tag",
        "mentor",
        "--met-via",
        "Bo Chen",
        "--note",
        "met at PMI meetup",
    )
    assert isinstance(added, dict) and added["tier"] == "inner"
    gw(
        "log",
        "Ana",
        "--gave",
        "shared-article",
        "--via",
        "email",
        "--note",
        "sent the pricing paper",
        "--on",
        "2026-11-02",
    )
    gw("log", "Ana", "Bo", "--touch", "--via", "coffee", "--on", "2026-05-02")
    cold = gw("log", "Bo", "--asked", "advice", "--on", "2w", code=1)
    # One sentence: who, the credit against the need, the deposit to make, how to go on.
    assert cold.startswith("error: cold ask to Bo Chen: your credit with Bo is ")
    assert "; make a deposit first: " in cold and cold.rstrip().endswith(
        "; add --anyway to record it all the same"
    )
    assert "This ask" not in cold and cold.count("cold") == 1
    gw("log", "Bo", "--asked", "advice", "--on", "2w", "--anyway")
    shown = gw.json("show", "Ana", "--on", ON)
    assert isinstance(shown, dict)
    assert [entry["kind"] for entry in shown["timeline"]] == ["shared-article", "catch-up"]
    assert {"id", "on", "direction", "kind", "channel", "initiated_by", "note", "source"} <= set(
        shown["timeline"][0]
    )

    balance = gw("balance", "Ana", "--on", ON)
    assert "shared-article" in balance and "+1.9" in balance

    today = gw.json("today", "--on", ON)
    assert isinstance(today, dict) and set(today) >= {"date", "picks", "streak"}
    for pick in today["picks"]:
        assert set(pick) >= {"person", "reasons", "suggestion", "draft"}
        assert set(pick["person"]) >= {"id", "name"}

    ask = gw.json("ask", "Bo", "--for", "intro to their CFO", "--on", ON)
    assert isinstance(ask, dict) and {"person", "balance", "cold", "advice"} <= set(ask)
    assert ask["cold"] is True
    assert ask["ask"]["kind"] == "asked-intro"  # what --for names, without --kind

    health = gw.json("health", "--on", ON)
    assert isinstance(health, dict)
    assert {
        "people",
        "by_tier",
        "coverage",
        "give_ask_ratio",
        "dormant",
        "disciplines",
        "streak",
        "capacity",
    } <= set(health)
    assert 0 <= health["coverage"] <= 1

    due = gw.json("due", "--on", "2027-06-01")
    assert isinstance(due, list) and {"person", "days_overdue"} <= set(due[0])


def test_listing_filters(gw: Goodwill) -> None:
    gw("add", "Ana", "--tier", "inner", "--tag", "mentor", "--discipline", "product")
    gw("add", "Bo", "--discipline", "engineering")
    names = lambda *a: [p["name"] for p in gw.json("list", *a)]  # noqa: E731
    assert names() == ["Ana", "Bo"]
    assert names("--tier", "inner") == ["Ana"]
    assert names("--tag", "mentor") == ["Ana"]
    assert names("--discipline", "Engineering") == ["Bo"]


def test_done_skip_snooze_and_undo(gw: Goodwill) -> None:
    for name in ("Ana", "Bo", "Cy", "Di"):
        gw("add", name, "--tier", "inner")
        gw("log", name, "--touch", "--on", "2026-09-01")
    picks = gw.json("today", "--on", ON)["picks"]  # type: ignore[index]
    assert len(picks) == 2
    assert "streak 1 day" not in gw("done", "1", "--on", ON)
    skipped = gw.json("skip", "2", "--on", ON)
    assert isinstance(skipped, dict) and skipped["replacement"]["position"] == 3
    out = gw("done", "3", "--gave", "intro-made", "--on", ON)
    assert "plan is complete; streak 1 day\n" in out
    gw("undo")
    assert gw.json("today", "--on", ON)["streak"] == 0  # type: ignore[index]
    gw("snooze", "Ana", "2w", "--on", ON)
    assert "Ana" not in [
        p["person"]["name"] for p in gw.json("today", "--on", "2026-11-26")["picks"]
    ]  # type: ignore[index]


def test_a_log_says_who_did_what_to_whom(gw: Goodwill) -> None:
    for name in ("Ana", "Bo"):
        gw("add", name)
    said = [
        gw("log", *args, "--on", ON)
        for args in (
            ["Ana", "--they-gave", "advice"],
            ["Ana", "Bo", "--they-asked", "intro"],
            ["Bo", "--gave", "intro-made"],
        )
    ]
    assert said == [
        f"logged on {ON}: Ana gave advice (advice-given), a withdrawal: you owe them one"
        " (goodwill undo reverts it)\n",
        f"logged on {ON}: Ana and Bo asked you for an introduction (goodwill undo reverts it)\n",
        f"logged on {ON}: for Bo, you made an introduction (intro-made), a deposit"
        " (goodwill undo reverts it)\n",
    ]


def test_a_config_path_that_is_a_folder_is_one_line(
    cli: Callable[..., Goodwill], tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    said = cli(GOODWILL_CONFIG=str(folder))("today", code=1)
    assert said.startswith("error: ") and "cannot read the config file" in said
    assert said.count("\n") == 1


def test_a_snoozed_pick_nobody_replaces_says_so(gw: Goodwill) -> None:
    gw("add", "Ana", "--tier", "inner")
    gw("log", "Ana", "--touch", "--on", "2026-09-01")
    said = gw("snooze", "Ana", "2w", "--on", ON)
    assert said.endswith("nobody else is due to take their place in today's plan\n")
    assert "nobody else" not in gw("snooze", "Ana", "3w", "--on", ON)  # no longer picked
    assert gw("today", "--on", ON).endswith(
        "nobody left to reach today: everyone in the day's plan was skipped or snoozed, which "
        "does not keep the streak.\n"
    )


def test_warm_and_cold_say_for_which_ask(gw: Goodwill) -> None:
    """The same balance can be warm for advice (`help`) and cold for an introduction
    (`path`): each says which ask it weighed."""
    gw("add", "Ana", "--note", "pricing")
    gw("add", "Bo", "--company", "Acme")
    gw("knows", "Ana", "Bo")
    gw("log", "Ana", "--gave", "shared-article", "--on", ON)
    assert "; warm to ask for advice" in gw("help", "pricing", "--on", ON)
    paths = gw("path", "Acme", "--on", ON)
    assert "[Ana: balance +2.0, cold to ask for an introduction: give first]" in paths
    # `ask` names your last deposits by their labels, not the kinds' ids.
    gw("log", "Ana", "--gave", "advice-given", "--on", ON, "--note", "on pricing")
    checked = gw("ask", "Ana", "--kind", "advice", "--on", ON)
    assert f"you gave advice on {ON}: on pricing" in checked
    assert f"you shared an article on {ON}" in checked and "advice-given" not in checked


def test_a_balance_of_touches_alone_says_why_it_is_no_credit(gw: Goodwill) -> None:
    gw("add", "Ana")
    gw("log", "Ana", "--touch", "--on", ON)
    checked = gw("ask", "Ana", "--on", ON)
    assert checked.startswith("Ana: credit +0.0 (an ask of this kind needs 2.0), balance +1.0")
    assert "(its touches keep the tie warm, but only your gives build credit)" in checked
    gw("add", "Bo")
    gw("log", "Bo", "--gave", "shared-article", "--on", ON)
    # All of Bo's balance is credit: nothing to explain.
    assert "touches" not in gw("ask", "Bo", "--on", ON).splitlines()[0]


def test_a_done_pick_says_what_was_done_and_keeps_saying_it(gw: Goodwill) -> None:
    """Its suggestion would be worked out again from the new ledger ("builds on your last
    exchange (...)"): a done pick shows its entry instead, which stays as it was."""
    for name in ("Ana", "Bo"):
        gw("add", name, "--tier", "inner")
        gw("log", name, "--touch", "--on", "2026-09-01")
    gw("done", "1", "--gave", "shared-article", "--note", "the pricing paper", "--on", ON)
    first = gw("today", "--on", ON)
    assert "   did: shared an article: the pricing paper\n" in first
    gw("log", "Ana", "Bo", "--asked", "advice", "--note", "a review", "--on", ON, "--anyway")
    later = gw.json("today", "--on", ON)["picks"]  # type: ignore[index]
    # Logging with a picked person counts as their pick done.
    assert [p["did"] for p in later] == [
        "shared an article: the pricing paper",
        "asked for advice: a review",
    ]
    pick_1 = first.split("\n\n")[1]  # the lines of the first pick, after the day's title
    assert pick_1.startswith("✓ Ana") and pick_1 in gw("today", "--on", ON)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "Zed"], "no one matches 'Zed'"),
        (
            ["log", "Ana", "--touch", "--on", "2026-02-30"],
            "bad date '2026-02-30': there is no such day",
        ),
        (["log", "Ana", "--gave", "bribe"], "unknown deposit kind 'bribe'"),
        (["log", "Ana"], "exactly one of --gave"),
        (["snooze", "Ana", "forever"], "bad date 'forever'"),
        (["done", "5", "--on", ON], "no pick 5"),
        (["rm", "Ana"], "needs --yes"),
        (["add", "Bob", "--email", "ana@example.org"], "already belongs to Ana (#1)"),
        (
            ["add", "Bob", "--link", "https://www.linkedin.com/in/ana"],
            "https://www.linkedin.com/in/ana already belongs to Ana (#1): ",
        ),
        (["log", "Ana", "--touch", "--on", "2999-01-01"], "out of range"),
        (["log", "Ana", "--touch", "--on", "2030-01-01"], "in the future"),
        (["snooze", "Ana", "99999y"], "too long"),
        (["today", "--n", "9" * 24, "--on", ON], "cannot store a number larger than"),
        (["due", "--limit", "9" * 24], "cannot store a number larger than"),
        (["show", "#99999999999999999999"], "no person with id"),
        # Past PostgreSQL's integer, where ids end on either backend: no query is made.
        (["show", "#2147483648"], "no person with id 2147483648"),
        (["triage", "accept", "9223372036854775808"], "no invitation #9223372036854775808"),
        (["token", "revoke", "9223372036854775808"], "no API token #9223372036854775808"),
    ],
)
def test_mistakes_get_one_line_and_exit_1(gw: Goodwill, args: list[str], message: str) -> None:
    gw("add", "Ana", "--email", "ana@example.org", "--link", "https://www.linkedin.com/in/ana")
    error = gw(*args, code=1)
    assert message in error
    assert len(error.strip().splitlines()) == 1
    assert "Traceback" not in error


def test_an_ambiguous_name_lists_candidates_when_not_in_a_terminal(gw: Goodwill) -> None:
    gw("add", "Sam Ortiz", "--company", "Acme")
    gw("add", "Sam Okafor")
    error = gw("show", "Sam", code=1)
    assert (
        "'Sam' matches several people" in error
        and "#1 Sam Ortiz (Acme)" in error
        and "#2 Sam Okafor" in error
    )


def test_usage_errors_exit_2(gw: Goodwill) -> None:
    gw("frobnicate", code=2)
    gw("log", "Ana", "--touch", "--via", "pigeon", code=2)


def test_an_option_of_goodwill_after_the_command_says_where_it_goes(gw: Goodwill) -> None:
    said = gw("list", "--db", "other.db", code=2)
    assert "--db is an option of goodwill itself, not of list: put it before the command" in said
    assert "(goodwill --db PATH list ...)" in said
    assert "(goodwill --demo event add ...)" in gw("event", "add", "Meetup", "--demo", code=2)
    assert "No such option: --bogus" in gw("list", "--bogus", code=2)  # others as before


def test_a_misspelt_command_gets_a_suggestion(gw: Goodwill) -> None:
    """Commands are built on first use; a typo is still matched against all of their names."""
    assert "Did you mean 'today'?" in gw("todya", code=2)
    assert "Did you mean 'list'?" in gw("user", "lsit", code=2)


def test_rm_with_yes_deletes(gw: Goodwill) -> None:
    gw("add", "Ana")
    assert "use their #id, email or whole name" in gw("rm", "An", "--yes", code=1)
    assert "deleted #1 Ana" in gw("rm", "Ana", "--yes")
    gw("show", "Ana", code=1)


def test_commands_before_init_say_what_to_do(cli: Callable[..., Goodwill]) -> None:
    error = cli()("today", code=1)
    assert "run `goodwill init` first" in error


def test_config_changes_kind_weights(gw: Goodwill, env: dict[str, str]) -> None:
    config = Path(env["GOODWILL_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        '[kinds.shared-article]\nweight = 5\n[kinds.podcast-guest]\ndirection = "deposit"\nweight = 4\n'
    )
    gw("add", "Ana")
    gw("log", "Ana", "--gave", "podcast-guest", "--on", ON)
    gw("log", "Ana", "--gave", "shared-article", "--on", ON)
    assert gw.json("balance", "Ana", "--on", ON)["balance"] == 9.0  # type: ignore[index]
    config.write_text("half_life_days = nan\n")
    assert "half_life_days must be a number" in gw("today", code=1)
    config.write_text("half_life_days = [\n")
    assert str(config) in gw("today", code=1)


def test_demo_prints_a_plan_and_health(cli: Callable[..., Goodwill]) -> None:
    out = cli()("demo", "--on", ON)
    assert "Today, 2026-11-24" in out and "why:" in out and "Network health" in out
    plan = cli().json("--demo", "today", "--on", ON)
    assert isinstance(plan, dict) and len(plan["picks"]) == 2
    assert plan["streak"] >= 1


def test_the_installed_command_never_shows_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    command = [sys.executable, "-m", "goodwill", "--db", str(tmp_path / "missing.db"), "today"]
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"error: no goodwill database at {tmp_path / 'missing.db'}: run `goodwill init` first"
    )
    assert not (tmp_path / "missing.db").exists()


def _run(env: dict[str, str], *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "goodwill", *args]
    inherited = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    full_env = {**inherited, **env, **extra}
    return subprocess.run(command, capture_output=True, text=True, env=full_env, check=False)


def test_no_color_is_respected(env: dict[str, str]) -> None:
    _run(env, "init")
    _run(env, "add", "Ana", "--tier", "inner")
    import re

    colour = re.compile(r"\x1b\[[0-9;]*?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")
    colored = _run(env, "ask", "Ana", "--on", ON, FORCE_COLOR="1")
    plain = _run(env, "ask", "Ana", "--on", ON, FORCE_COLOR="1", NO_COLOR="1")
    assert colour.search(colored.stdout)
    assert not colour.search(plain.stdout)
    assert "This ask would be cold" in plain.stdout


def _asked_which_sam(env: dict[str, str], answer: bytes) -> tuple[subprocess.Popen[bytes], int]:
    """`goodwill show Sam` in a terminal, with two Sams: answered `answer` when it asks."""
    import pty

    _run(env, "init")
    _run(env, "add", "Sam Ortiz", "--company", "Acme")
    _run(env, "add", "Sam Okafor")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "goodwill", "show", "Sam"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, **env, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    os.close(follower)
    output = b""
    while b"Which one" not in output:
        output += os.read(leader, 4096)
    assert b"1. Sam Ortiz (Acme)" in output
    os.write(leader, answer)
    return process, leader


def _rest(process: subprocess.Popen[bytes], leader: int) -> bytes:
    """What the terminal shows after the answer, once the command has ended."""
    rest = b""
    while process.poll() is None or not rest.endswith(b"\n"):
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        rest += chunk
    process.wait(timeout=20)
    os.close(leader)
    return rest


def test_the_end_of_input_at_the_question_aborts_without_a_traceback(
    env: dict[str, str],
) -> None:
    process, leader = _asked_which_sam(env, b"\x04")  # Ctrl-D
    rest = _rest(process, leader)
    assert process.returncode == 1
    assert b"Aborted!" in rest and b"Traceback" not in rest


def test_an_ambiguous_name_asks_which_one_in_a_terminal(env: dict[str, str]) -> None:
    process, leader = _asked_which_sam(env, b"2\n")
    rest = _rest(process, leader)
    assert process.returncode == 0
    assert b"Sam Okafor" in rest and b"#2" in rest


def test_a_name_too_short_to_log_asks_which_one_in_a_terminal(env: dict[str, str]) -> None:
    """`log an` in a terminal does not silently log Ana: it asks, as for look-alikes."""
    import pty

    _run(env, "init")
    _run(env, "add", "Ana Ruiz", "--company", "Fabrikam")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "goodwill", "log", "an", "--touch", "--on", ON],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, **env, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    os.close(follower)
    output = b""
    while b"Which one" not in output:
        output += os.read(leader, 4096)
    assert b"'an' is too short" in output and b"1. Ana Ruiz (Fabrikam)" in output
    os.write(leader, b"1\n")
    rest = _rest(process, leader)
    assert process.returncode == 0 and b"Ana Ruiz" in rest


def test_names_with_brackets_are_text_not_markup(gw: Goodwill) -> None:
    gw("add", "Evil [/] Name [bold]x[/bold]", "--tier", "inner")
    assert "Evil [/] Name [bold]x[/bold]" in gw("list")
    assert "Evil [/] Name" in gw("show", "Evil")
    assert "Evil [/] Name" in gw("today", "--on", ON)
    assert "no one matches '[/]'" in gw("show", "[/]", code=1)


def test_an_empty_network_says_how_to_start_and_the_plan_is_not_changed_ahead(
    gw: Goodwill,
) -> None:
    assert "nobody in your network yet: add someone" in gw("today", "--on", ON)
    gw("add", "Ana", "--tier", "inner", "--on", "2026-01-01")
    gw("add", "Bo", "--tier", "inner", "--on", "2026-01-01")
    assert "nobody in your network yet" not in gw("today", "--on", ON)
    assert "is in the future" in gw("skip", "1", "--on", "2099-01-01", code=1)
    assert "is in the future" in gw("snooze", "Ana", "2w", "--on", "2099-01-01", code=1)
    gw("snooze", "Ana", "2w", "--on", ON)
    due = gw.json("list", "--due", "--on", ON)
    assert [p["name"] for p in due] == ["Bo"]  # type: ignore[index]
    assert [p["person"]["name"] for p in gw.json("due", "--on", ON)] == ["Bo"]  # type: ignore[index,union-attr]


def test_an_email_added_by_mistake_can_be_dropped(gw: Goodwill) -> None:
    gw("add", "Maya", "--email", "maya@example.org")
    gw("edit", "Maya", "--email", "raj@example.com")
    edited = gw.json("edit", "Maya", "--drop-email", "RAJ@example.com")
    assert isinstance(edited, dict) and edited["emails"] == ["maya@example.org"]
    assert "is not one of Maya's emails" in gw("edit", "Maya", "--drop-email", "x@y.z", code=1)
    gw("add", "Raj", "--email", "raj@example.com")  # the address is free again


def test_a_note_of_several_lines_stays_in_its_column(gw: Goodwill) -> None:
    gw("add", "Maya", "--note", "first line\nsecond line")
    assert "  notes       first line\n              second line\n" in gw("show", "Maya")


def test_adding_a_name_already_known_is_refused_unless_anyway(gw: Goodwill) -> None:
    first = gw.json("add", "Jane Doe", "--company", "Acme")
    assert isinstance(first, dict)
    refused = gw("add", "jane  DOË", code=1)  # case, spacing and accents folded, as names resolve
    assert refused == (
        f"error: Jane Doe already exists (#{first['id']}); add --anyway to add a second jane DOË\n"
    )
    assert [p["name"] for p in gw.json("list")] == ["Jane Doe"]  # type: ignore[index,union-attr]
    second = gw.json("add", "Jane Doe", "--company", "Globex", "--anyway")
    assert isinstance(second, dict) and second["id"] != first["id"]
    assert "matches several people" in gw("show", "Jane Doe", code=1)
    assert isinstance(gw.json("add", "Jane"), dict)  # a shorter name is someone else


def test_an_event_says_who_is_new_and_whom_a_spelling_was_taken_for(gw: Goodwill) -> None:
    gw("add", "Ольга Смирнова", "--on", "2026-11-01")
    gw("add", "Bo Chen", "--on", "2026-11-20")  # added that day, never met before
    said = gw(
        "event", "add", "Data Summit", "--on", "2026-11-20",
        "--met", "Bo Chen", "--met", "Olga Smirnova", "--met", "Cy Ito",
    )  # fmt: skip
    assert "  new acquaintances: Cy Ito\n" in said
    assert '  already in your network: Bo Chen, Ольга Смирнова (for "Olga Smirnova")\n' in said
    assert "met again" not in said


def test_events_and_campaigns_take_on_as_the_day_to_act_as_today(gw: Goodwill) -> None:
    gw("event", "add", "PMI meetup", "--on", "2026-11-10", "--met", "Lee Park")
    gw("log", "Lee Park", "--touch", "--via", "email", "--on", "2026-11-12")
    gw("event", "add", "Design week", "--on", "2026-11-20", "--met", "Sam Ortiz")

    def events_on(day: str) -> list[tuple[str, int]]:
        found = gw.json("events", "--on", day)
        assert isinstance(found, list)
        return [(event["name"], event["followed_up"]) for event in found]

    assert events_on("2026-11-11") == [("PMI meetup", 0)]  # not followed up yet
    assert events_on("2026-11-13") == [("PMI meetup", 1)]  # Design week is still to come
    assert events_on("2026-11-21") == [("Design week", 0), ("PMI meetup", 1)]
    assert "Design week" not in gw("events", "--on", "2026-11-13")

    gw("add", "Ana Núñez")
    gw("campaign", "new", "Next role", "--on", "2026-11-01")
    gw("campaign", "add", "Next role", "Ana", "--on", "2026-11-01")
    gw("campaign", "move", "Next role", "Ana", "asked", "--anyway", "--on", "2026-11-02")
    before = gw.json("campaigns", "--on", "2026-11-05")
    after = gw.json("campaigns", "--on", "2026-11-20")  # ten days without a reply
    assert isinstance(before, list) and isinstance(after, list)
    assert before[0]["no_reply"] == 0 and after[0]["no_reply"] == 1
    assert "1 no reply" in gw("campaigns", "--on", "2026-11-20")
    assert "no reply" not in gw("campaigns", "--on", "2026-11-05")


def test_health_says_how_to_set_disciplines_when_none_is(gw: Goodwill) -> None:
    gw("add", "Ana Núñez")
    assert 'disciplines       none set yet: goodwill edit NAME --discipline "data science"' in gw(
        "health"
    )
    gw("edit", "Ana", "--discipline", "design")
    assert "disciplines       1, evenness 0% (design 1)" in gw("health")
    gw("add", "Bo Chen", "--discipline", "product")
    # A percent, as the web's Health page says it.
    assert "disciplines       2, evenness 100% (" in gw("health")


def test_health_coverage_of_nobody_says_how_to_choose_them(gw: Goodwill) -> None:
    """A network imported as acquaintances has nobody to keep warm yet: not "0%"."""
    gw("add", "Ana Núñez", "--tier", "acquaintance")
    assert "coverage          nobody inner or active yet: choose them with goodwill onboard" in (
        gw("health")
    )
    gw("edit", "Ana", "--tier", "active")
    assert "% of inner and active people heard from within their cadence" in gw("health")


def test_health_gives_per_ask_are_the_last_four_weeks(gw: Goodwill) -> None:
    """The figure the Health page shows, not one over the whole ledger (7 gives, 2 asks)."""
    gw("add", "Ana Núñez")
    for on in ("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05"):
        gw("log", "Ana", "--gave", "shared-article", "--on", on)
    gw("log", "Ana", "--gave", "shared-article", "--on", "2026-11-20")
    gw("log", "Ana", "--asked", "advice", "--on", "2026-11-23", "--anyway")
    gw("log", "Ana", "--asked", "advice", "--on", "2026-11-24", "--anyway")
    assert (
        "give / ask        0.5 gives per ask in the last 4 weeks "
        "(1 given, 2 asked by you since 2026-11-02)" in gw("health", "--on", ON)
    )
    report = gw.json("health", "--on", ON)
    assert isinstance(report, dict) and report["give_ask_ratio"] == 0.5
    assert report["gives_per_ask"] == {
        "weeks": 4,
        "since": "2026-11-02",
        "gives": 1,
        "asks": 2,
        "ratio": 0.5,
    }


def test_connectors_and_undo_take_on_as_the_other_commands_do(gw: Goodwill) -> None:
    today = date.today()
    before, then = (today - timedelta(days=days) for days in (12, 10))
    for name, company in (("Ana", ""), ("Bo", "Acme"), ("Cy", "Globex")):
        gw("add", name, *(["--company", company] if company else []), "--on", before.isoformat())
    gw("knows", "Ana", "Bo")
    gw("knows", "Ana", "Cy")
    gw("log", "Ana", "--gave", "intro-made", "--on", then.isoformat())
    [now] = gw.json("connectors")  # type: ignore[misc]
    later = (today + timedelta(days=180)).isoformat()
    [decayed] = gw.json("connectors", "--on", later)  # type: ignore[misc]
    assert decayed["name"] == now["name"] == "Ana"
    assert 0 < decayed["balance"] < now["balance"]  # half a year of decay

    gw("log", "Bo", "--they-asked", "intro", "--them", "--on", then.isoformat())
    answered = then + timedelta(days=1)
    gw("log", "Bo", "--gave", "helped", "--on", answered.isoformat())
    assert gw.json("show", "Bo")["follow_up_on"] is None  # type: ignore[index]
    future = (today + timedelta(days=2)).isoformat()
    assert f"error: {future} is in the future" in gw("undo", "--on", future, code=1)
    assert "undone: log helped with Bo" in gw("undo", "--on", answered.isoformat())
    assert gw.json("show", "Bo")["follow_up_on"] == answered.isoformat()  # type: ignore[index]


def test_help_with_no_match_names_whom_to_ask(gw: Goodwill) -> None:
    gw("add", "Ana")
    nobody = gw("help", "quantum gardening")
    assert nobody.startswith("nobody in your network matches: quantum, gardening\n")
    assert "goodwill edit NAME --tag connector" in nobody and "goodwill knows A B" in nobody
    gw("add", "Bo", "--company", "Acme")
    gw("add", "Cy", "--company", "Globex")
    gw("add", "Di", "--company", "Initech", "--tag", "connector")
    gw("knows", "Ana", "Bo")
    gw("knows", "Ana", "Cy")
    assert gw("help", "quantum gardening") == (
        "nobody in your network matches: quantum, gardening\n"
        "  ask Di (Initech): tagged connector\n"
        "  ask Ana: knows people at 2 companies\n"
    )


def test_no_streak_is_said_in_words_not_as_zero_days(gw: Goodwill) -> None:
    gw("add", "Ana", "--tier", "inner")
    gw("log", "Ana", "--touch", "--on", "2026-09-01")
    assert gw("today", "--on", ON).startswith(f"Today, {ON}  (no streak yet)\n")
    assert "streak            none yet\n" in gw("health", "--on", ON)
    gw("done", "1", "--on", ON)
    assert gw("today", "--on", ON).startswith(f"Today, {ON}  (streak: 1 day)\n")
    # Two days later, with no plan done the day between, the streak has ended: not "yet".
    later = (date.fromisoformat(ON) + timedelta(days=2)).isoformat()
    ended = f"Today, {later}  (no streak: the last plan done was on {ON})\n"
    assert gw("today", "--on", later).startswith(ended)
    assert f"streak            none: the last plan done was on {ON}\n" in gw(
        "health", "--on", later
    )
    assert gw.json("today", "--on", later)["last_done"] == ON  # type: ignore[index]


def test_knows_takes_on_as_the_day_it_weighs_the_introduction_on(gw: Goodwill) -> None:
    gw("add", "Ana")
    gw("add", "Dana Reyes")
    gw("log", "Ana", "--gave", "intro-made", "--on", "2026-11-01")
    said = gw("knows", "Ana", "Dana", "--on", "2026-11-02")
    assert said.startswith("Ana and Dana Reyes: now known to know each other\n")
    assert "  asking Ana for an introduction to Dana Reyes: warm\n" in said
    assert "  asking Dana Reyes for an introduction to Ana: cold: give first\n" in said
    years_later = gw("knows", "Ana", "Dana", "--on", "2030-11-02")  # the deposit has decayed
    assert "already known" in years_later and "Dana Reyes: cold: give first" in years_later
    assert gw("knows", "Ana", "Dana", "--on", "someday", code=1).startswith("error: bad date")


def test_a_relative_follow_up_counts_from_the_day_logged(gw: Goodwill) -> None:
    """`log ... --follow-up 3d --on DAY`: three days after DAY, as every relative day
    counts from `--on`, not from the clock."""
    gw("add", "Ana", "--on", "2026-06-01")
    gw("log", "Ana", "--they-asked", "advice", "--follow-up", "3d", "--on", "2026-06-10")
    assert "follow up by 2026-06-14" in gw("brief", "Ana", "--on", "2026-06-10")
    assert "Ana" in gw("today", "--on", "2026-06-13")
