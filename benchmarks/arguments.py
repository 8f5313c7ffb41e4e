"""The arguments the benchmarks that run on the cached networks share: which sizes, which
seed, how many timed runs."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from benchmarks import DEFAULT_SEED, DEFAULT_SIZES, QUICK_SIZES


def sized(
    name: str, argv: Sequence[str] | None, *, runs: int, runs_help: str
) -> argparse.Namespace:
    """`--sizes N ...`, `--quick`, `--seed` and `--runs` for `python -m benchmarks.NAME`."""
    parser = argparse.ArgumentParser(prog=f"python -m benchmarks.{name}")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, metavar="N")
    parser.add_argument("--quick", action="store_true", help="only 10,000 people")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=runs, help=runs_help)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def sizes_of(args: argparse.Namespace, default: Sequence[int] = DEFAULT_SIZES) -> list[int]:
    """The network sizes asked for: `--sizes`, 10,000 alone with `--quick`, else `default`."""
    return list(QUICK_SIZES if args.quick else (args.sizes or default))
