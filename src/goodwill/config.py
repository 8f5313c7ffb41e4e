"""Settings from an injected environment and the user's TOML config file.

The environment is passed in (never read from `os.environ` here), so tests
and the web app build settings without patching globals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goodwill.domain.balance import DEFAULT_HALF_LIFE_DAYS
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
# Phone numbers without a +country code belong to this region.
# region = "US"

# Change a kind's weight, or add kinds of your own:
# [kinds.shared-article]
# weight = 3
# [kinds.podcast-guest]
# direction = "deposit"
# weight = 4
# label = "invited them on my podcast"
"""


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
    )


def _addresses(data: Mapping[str, Any], path: Path) -> tuple[str, ...]:
    value = data.get("me", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and "@" in v for v in value):
        raise BadInput(f"{path}: me must be a list of email addresses")
    return tuple(v.strip().lower() for v in value)


def _region(data: Mapping[str, Any], path: Path) -> str | None:
    value = data.get("region")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
        raise BadInput(f"{path}: region must be a two-letter country code such as US")
    return value.upper()
