"""Settings from an injected environment and the user's TOML config file.

The environment is passed in (never read from `os.environ` here), so tests
and the web app build settings without patching globals.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goodwill.domain.balance import DEFAULT_HALF_LIFE_DAYS
from goodwill.domain.digest_schedule import DEFAULT_HOUR
from goodwill.domain.errors import BadInput
from goodwill.domain.kinds import Catalogue
from goodwill.domain.plan import DEFAULT_PLAN_SIZE, RECENT_DAYS

APP_NAME = "goodwill"
#: Shorter half-lives would overflow the anchored balance over a century of dates.
MIN_HALF_LIFE_DAYS = 60
MAX_HALF_LIFE_DAYS = 36_500
#: Upper bounds for the plan settings: beyond them a setting is a typo, not a choice.
MAX_PLAN_SIZE = 100
MAX_RECENT_DAYS = 3_650

EXAMPLE_CONFIG = f"""\
# goodwill configuration. Every key is optional.

# Days after which an entry counts half as much in a balance.
half_life_days = {DEFAULT_HALF_LIFE_DAYS}
# People in the daily plan.
plan_size = {DEFAULT_PLAN_SIZE}
# Nobody touched within this many days is picked again.
recent_days = {RECENT_DAYS}
# Your own addresses, for mail and calendar imports.
# me = ["you@example.com"]
# Your name, and the signature drafts end with (default: "Best," and your first name).
# name = "Alex Morgan"
# signature = "Best,\\nAlex"
# Phone numbers without a +country code belong to this region.
# region = "US"

# Change a kind's weight, or add kinds of your own:
# [kinds.shared-article]
# weight = 3
# [kinds.podcast-guest]
# direction = "deposit"
# weight = 4
# label = "invited them on my podcast"

# The daily digest email (`goodwill digest --send`, and `goodwill serve` every day).
# [smtp]
# host = "smtp.example.com"
# port = 587                    # 465 with ssl = true
# starttls = true               # upgrade the connection to TLS (the default)
# ssl = false                   # or implicit TLS from the start
# username = "you@example.com"
# password_env = "GOODWILL_SMTP_PASSWORD"   # the variable that holds the password
# from = "you@example.com"
# ca_file = "my-ca.pem"         # trust this certificate authority too
# [digest]
# to = "you@example.com"
# hour = {DEFAULT_HOUR}                      # sent at this hour, local time, once a day
# time_zone = "Europe/Paris"    # default: this machine's zone
# server_url = "http://127.0.0.1:8080"      # adds a snooze link per person
"""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    #: Implicit TLS from the first byte (usually port 465), instead of STARTTLS.
    ssl: bool
    username: str | None
    password: str | None
    #: The variable `password` was read from, to name it when it is missing.
    password_env: str | None
    sender: str | None
    #: A certificate authority to trust besides the system's (a private mail server).
    ca_file: Path | None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class DigestSettings:
    to: str | None = None
    hour: int = DEFAULT_HOUR
    #: An IANA zone name; the digest hour is read on its wall clock.
    time_zone: str = "UTC"
    #: Where the web app answers; each person in the digest then gets a snooze link.
    server_url: str | None = None


@dataclass(frozen=True)
class Config:
    db_url: str
    data_dir: Path
    config_path: Path
    templates_dir: Path
    catalogue: Catalogue
    half_life_days: float
    plan_size: int
    recent_days: int
    #: My own email addresses: mail and calendar imports tell my messages from theirs.
    me: tuple[str, ...] = ()
    #: Default phone region (ISO code such as "US") for numbers written without +country.
    region: str | None = None
    #: My name, and how drafts end (None: "Best," and the first word of my name).
    name: str | None = None
    signature: str | None = None
    #: The mail server the digest goes through; None without an [smtp] table.
    smtp: SmtpSettings | None = None
    digest: DigestSettings = field(default_factory=lambda: DigestSettings())

    @property
    def demo_db_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'demo.db'}"


def _user_dir(kind: str) -> Path:
    import platformdirs

    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME))
    return Path(platformdirs.user_data_dir(APP_NAME))


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    import tomllib  # only with a config file: every command loads the settings

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise BadInput(f"{path}: {error}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text") from None
    except OSError as error:  # a folder, or a file this user may not read
        raise BadInput(f"{path}: cannot read the config file ({error.strerror})") from None


def _positive_int(data: Mapping[str, Any], key: str, default: int, path: Path, most: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        raise BadInput(f"{path}: {key} must be a whole number from 1 to {most}")
    return value


def normalise_url(db: str) -> str:
    """Accept a plain file path as well as a SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def load_config(environ: Mapping[str, str], *, db: str | None = None) -> Config:
    """Settings from `GOODWILL_*` variables, the config file, and defaults."""
    data_dir = Path(environ.get("GOODWILL_DATA_DIR") or _user_dir("data"))
    config_path = Path(environ.get("GOODWILL_CONFIG") or _user_dir("config") / "config.toml")
    data = _read_toml(config_path)
    half_life = data.get("half_life_days", DEFAULT_HALF_LIFE_DAYS)
    if (
        not isinstance(half_life, int | float)
        or isinstance(half_life, bool)
        or not math.isfinite(half_life)
        or not MIN_HALF_LIFE_DAYS <= half_life <= MAX_HALF_LIFE_DAYS
    ):
        raise BadInput(
            f"{config_path}: half_life_days must be a number of at least {MIN_HALF_LIFE_DAYS}"
        )
    kinds = data.get("kinds", {})
    if not isinstance(kinds, dict) or not all(isinstance(t, dict) for t in kinds.values()):
        raise BadInput(f"{config_path}: [kinds.NAME] must be tables")
    try:
        catalogue = Catalogue.with_overrides(kinds)
    except BadInput as error:
        raise BadInput(f"{config_path}: {error}") from None
    db_text = db or environ.get("GOODWILL_DB") or str(data_dir / "goodwill.db")
    return Config(
        db_url=normalise_url(db_text),
        data_dir=data_dir,
        config_path=config_path,
        templates_dir=config_path.parent / "templates",
        catalogue=catalogue,
        half_life_days=float(half_life),
        plan_size=_positive_int(data, "plan_size", DEFAULT_PLAN_SIZE, config_path, MAX_PLAN_SIZE),
        recent_days=_positive_int(data, "recent_days", RECENT_DAYS, config_path, MAX_RECENT_DAYS),
        me=_addresses(data, config_path),
        region=_region(data, config_path),
        name=_text(data, "name", str(config_path) + ": "),
        signature=_signature(data, config_path),
        smtp=_smtp(data, config_path, environ),
        digest=_digest(data, config_path, environ),
    )


def _addresses(data: Mapping[str, Any], path: Path) -> tuple[str, ...]:
    value = data.get("me", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and "@" in v for v in value):
        raise BadInput(f"{path}: me must be a list of email addresses")
    return tuple(v.strip().lower() for v in value)


def _signature(data: Mapping[str, Any], path: Path) -> str | None:
    value = data.get("signature")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"{path}: signature must be non-empty text")
    return value.strip("\n")


def _region(data: Mapping[str, Any], path: Path) -> str | None:
    value = data.get("region")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
        raise BadInput(f"{path}: region must be a two-letter country code such as US")
    return value.upper()


def _table(data: Mapping[str, Any], name: str, path: Path) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadInput(f"{path}: [{name}] must be a table")
    return value


def _text(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        separator = "" if where.endswith(" ") else "."
        raise BadInput(f"{where}{separator}{key} must be a non-empty string")
    return value.strip()


def _flag(table: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise BadInput(f"{where}.{key} must be true or false")
    return value


def _address(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = _text(table, key, where)
    if value is not None and ("@" not in value or any(c.isspace() for c in value)):
        raise BadInput(f"{where}.{key} must be an email address")
    return value


def _smtp(data: Mapping[str, Any], path: Path, environ: Mapping[str, str]) -> SmtpSettings | None:
    table = _table(data, "smtp", path)
    if table is None:
        return None
    where = f"{path}: smtp"
    host = _text(table, "host", where)
    if host is None:
        raise BadInput(f"{where}.host is missing: the mail server to send through")
    ssl = _flag(table, "ssl", False, where)
    starttls = _flag(table, "starttls", not ssl, where)
    if ssl and starttls:
        raise BadInput(f"{where}: choose ssl (implicit TLS) or starttls, not both")
    port = table.get("port", 465 if ssl else 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65_535:
        raise BadInput(f"{where}.port must be a port number from 1 to 65535")
    username = _text(table, "username", where)
    if username is not None and not (ssl or starttls):
        raise BadInput(f"{where}.username needs starttls or ssl: a password never travels in clear")
    password, password_env = _password(table, where, environ)
    ca_file = _text(table, "ca_file", where)
    return SmtpSettings(
        host=host,
        port=port,
        starttls=starttls,
        ssl=ssl,
        username=username,
        password=password,
        password_env=password_env,
        sender=_address(table, "from", where),
        ca_file=None if ca_file is None else path.parent / Path(ca_file).expanduser(),
    )


def _password(
    table: Mapping[str, Any], where: str, environ: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The password from the config file, or from the variable `password_env` names.

    A missing variable is not an error here: every command loads the config, and only
    sending needs the password (the sender says which variable to set).
    """
    if "password" in table and "password_env" in table:
        raise BadInput(f"{where}: set password or password_env, not both")
    variable = _text(table, "password_env", where)
    if variable is not None:
        return environ.get(variable) or None, variable
    password = table.get("password")
    if password is not None and not isinstance(password, str):
        raise BadInput(f"{where}.password must be a string")
    return password, None


def _digest(data: Mapping[str, Any], path: Path, environ: Mapping[str, str]) -> DigestSettings:
    table = _table(data, "digest", path) or {}
    where = f"{path}: digest"
    hour = table.get("hour", DEFAULT_HOUR)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
        raise BadInput(f"{where}.hour must be a whole hour from 0 to 23")
    zone = _text(table, "time_zone", where)
    if zone is not None:
        from goodwill.domain.digest_schedule import zone_info

        try:
            zone_info(zone)
        except BadInput as error:
            raise BadInput(f"{where}.time_zone: {error}") from None
    server_url = _text(table, "server_url", where)
    if server_url is not None and not server_url.startswith(("http://", "https://")):
        raise BadInput(f"{where}.server_url must start with http:// or https://")
    return DigestSettings(
        to=_address(table, "to", where),
        hour=hour,
        time_zone=zone or _system_zone(environ),
        server_url=None if server_url is None else server_url.rstrip("/"),
    )


def _system_zone(environ: Mapping[str, str]) -> str:
    """This machine's IANA zone name: from TZ, else the zone file /etc/localtime links to;
    UTC when neither tells."""
    variable = environ.get("TZ", "").lstrip(":")
    if variable:
        from goodwill.domain.digest_schedule import zone_info

        try:
            zone_info(variable)
            return variable
        except BadInput:
            pass  # a POSIX rule such as "CET-1CEST" names no zone: try the zone file
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return "UTC"
    _, found, name = target.partition("zoneinfo/")
    return name if found and name else "UTC"


#: What `goodwill config set KEY VALUE` may set: top-level keys, read from the command line.
SETTABLE = ("name", "signature", "me", "region", "plan_size", "recent_days", "half_life_days")


def _command_line_value(key: str, text: str) -> Any:
    """A value typed in a shell as TOML would hold it: `me` takes addresses separated by
    commas, a signature's `\\n` is a line break, the plan settings are numbers."""
    if key == "me":
        return [part.strip() for part in text.split(",") if part.strip()]
    if key == "signature":
        return text.replace("\\n", "\n")
    if key in ("plan_size", "recent_days"):
        try:
            return int(text)
        except ValueError:
            raise BadInput(f"{key} must be a whole number, not '{text}'") from None
    if key == "half_life_days":
        try:
            return float(text)
        except ValueError:
            raise BadInput(f"{key} must be a number of days, not '{text}'") from None
    return text


def _toml_value(value: Any) -> str:
    """A TOML literal: JSON's strings, numbers and arrays are valid TOML."""
    import json

    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def set_value(path: Path, key: str, text: str) -> tuple[Path, Any]:
    """Set one top-level key in the config file, keeping the rest of the file as written;
    returns the file and the value as stored.

    The new file is checked by loading it as every command will, then replaces the old
    one atomically (a temporary file beside it, then a rename): a bad value changes nothing.
    """
    if key not in SETTABLE:
        raise BadInput(f"cannot set '{key}': use one of {', '.join(SETTABLE)}")
    import re
    import tempfile
    import tomllib

    value = _command_line_value(key, text)
    original = path.read_text(encoding="utf-8") if path.exists() else EXAMPLE_CONFIG
    line = f"{key} = {_toml_value(value)}"
    lines = original.splitlines()
    tables = [i for i, text_line in enumerate(lines) if text_line.lstrip().startswith("[")]
    top = lines[: tables[0]] if tables else lines
    existing = [i for i, text_line in enumerate(top) if re.match(rf"{key}\s*=", text_line)]
    if existing:
        lines[existing[0]] = line
    else:
        at = tables[0] if tables else len(lines)
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        lines.insert(at, line)
    updated = "\n".join(lines) + "\n"
    try:
        written = tomllib.loads(updated).get(key)
    except tomllib.TOMLDecodeError:
        written = None
    if written != value:
        raise BadInput(f"{path}: {key} spans several lines there: edit the file itself")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=".config-", suffix=".toml", delete=False
    ) as handle:
        handle.write(updated)
    temporary = Path(handle.name)
    try:
        load_config({"GOODWILL_CONFIG": str(temporary), "GOODWILL_DATA_DIR": str(path.parent)})
        os.replace(temporary, path)
    except BadInput as error:
        raise BadInput(str(error).replace(str(temporary), str(path))) from None
    finally:
        temporary.unlink(missing_ok=True)
    return path, value
