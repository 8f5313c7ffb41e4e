"""The [smtp] and [digest] settings: defaults, the password from the environment, and a
one-line error naming the key for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from goodwill.config import Config, load_config
from goodwill.domain.errors import BadInput


def load(tmp_path: Path, text: str, **environ: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_config(
        {"GOODWILL_CONFIG": str(path), "GOODWILL_DATA_DIR": str(tmp_path), **environ}
    )


def test_without_tables_there_is_no_mail_server_and_the_digest_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, "", TZ="America/Chicago")
    assert config.smtp is None
    assert config.digest.to is None and config.digest.server_url is None
    assert config.digest.hour == 7
    assert config.digest.time_zone == "America/Chicago"


def test_a_full_setup(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
[smtp]
host = "smtp.example.com"
username = "me@example.com"
password_env = "MAIL_PASSWORD"
from = "me@example.com"
ca_file = "ca.pem"
[digest]
to = "me@example.com"
hour = 0
time_zone = "Asia/Kathmandu"
server_url = "http://127.0.0.1:8080/"
""",
        MAIL_PASSWORD="hunter2",
    )
    smtp = config.smtp
    assert smtp is not None
    assert (smtp.host, smtp.port, smtp.starttls, smtp.ssl) == ("smtp.example.com", 587, True, False)
    assert (smtp.username, smtp.password, smtp.sender) == (
        "me@example.com",
        "hunter2",
        "me@example.com",
    )
    assert smtp.ca_file == tmp_path / "ca.pem"
    assert config.digest.hour == 0 and config.digest.time_zone == "Asia/Kathmandu"
    assert config.digest.server_url == "http://127.0.0.1:8080"


def test_implicit_tls_defaults_to_port_465_and_no_starttls(tmp_path: Path) -> None:
    smtp = load(tmp_path, '[smtp]\nhost = "mail"\nssl = true\n').smtp
    assert smtp is not None and (smtp.port, smtp.starttls, smtp.ssl) == (465, False, True)


def test_a_missing_password_variable_waits_until_sending(tmp_path: Path) -> None:
    smtp = load(tmp_path, '[smtp]\nhost = "mail"\nusername = "u"\npassword_env = "NOPE"\n').smtp
    assert smtp is not None and smtp.password is None and smtp.password_env == "NOPE"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("smtp = 3", r"\[smtp\] must be a table"),
        ("[smtp]\nport = 25", r"smtp\.host is missing"),
        ('[smtp]\nhost = "m"\nport = 70000', r"smtp\.port must be a port number"),
        ('[smtp]\nhost = "m"\nstarttls = "yes"', r"smtp\.starttls must be true or false"),
        ('[smtp]\nhost = "m"\nssl = true\nstarttls = true', r"smtp: choose ssl .* not both"),
        (
            '[smtp]\nhost = "m"\nstarttls = false\nusername = "u"',
            r"smtp\.username needs starttls or ssl",
        ),
        (
            '[smtp]\nhost = "m"\npassword = "p"\npassword_env = "P"',
            r"password or password_env, not both",
        ),
        ('[smtp]\nhost = "m"\nfrom = "not an address"', r"smtp\.from must be an email address"),
        ("[digest]\nhour = 24", r"digest\.hour must be a whole hour from 0 to 23"),
        ("[digest]\nhour = 7.5", r"digest\.hour must be a whole hour"),
        (
            '[digest]\ntime_zone = "Mars/Olympus"',
            r"digest\.time_zone: unknown time zone 'Mars/Olympus'",
        ),
        ('[digest]\nto = "me"', r"digest\.to must be an email address"),
        ('[digest]\nserver_url = "127.0.0.1:8080"', r"digest\.server_url must start with http"),
    ],
)
def test_mistakes_are_one_line_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(BadInput, match=message) as error:
        load(tmp_path, text)
    assert str(error.value).startswith(str(tmp_path / "config.toml"))
    assert "\n" not in str(error.value)
