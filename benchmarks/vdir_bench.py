"""vCard reading and vdir sync at scale: `python -m benchmarks.vdir_bench [--cards N]`.

Generates a seeded vdir of N cards (default 50,000) in a temporary folder,
shaped like a CardDAV address book: plain 3.0 cards, Apple cards with
`itemN.` groups, labels and a folded base64 photo, 4.0 cards with `tel:` URIs
and X- properties, and a few with quoted-printable notes (those take
vobject's path). Then it times, wall clock and CPU:

* parsing the cards in memory: goodwill's reader (fast path with vobject
  fallback), the vobject tokenizer path alone, and vobject's full parse (what
  khard does for every card);
* `khard list` over the vdir, with a temporary khard config;
* the first `sync_vdir` into a fresh SQLite database (read, match, create
  N people, link N cards), and a second sync with nothing changed (files are
  only stat'ed, people only fingerprinted);
* a sync after 1% of the cards were edited on disk.

Targets (from the issue): the first import at least 2x faster than
`khard list`, the no-change re-sync at least 20x faster.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.targets import Targets
from goodwill.bootstrap import build_context
from goodwill.importers import vcard
from goodwill.services import admin
from goodwill.services.sync import sync_vdir

FIRST = ["Ana", "Bo", "Chen", "Dana", "Eli", "Femi", "Grace", "Hugo", "Ines", "Jon", "Kai"]
LAST = ["Núñez", "Okafor", "Berg", "Tanaka", "Müller", "Lefèvre", "Smith", "Ivanova", "Rossi"]
COMPANIES = ["Acme", "Globex", "Initech", "Contoso\\, Ltd.", "Umbrella", "Northwind", "Fabrikam"]
TITLES = ["Engineer", "VP Product", "Designer", "Recruiter", "CTO", "Analyst"]
#: The issue's targets: the first import and the no-change re-sync against `khard list`.
TARGET_SPEEDUPS = (2.0, 20.0)
PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 60


def _fold(line: str) -> str:
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))


def card_text(index: int, rng: random.Random) -> tuple[str, str]:
    """(uid, card) for the index-th generated contact."""
    uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last} {index}"
    kind = rng.random()
    lines = ["BEGIN:VCARD", "VERSION:4.0" if 0.85 <= kind < 0.95 else "VERSION:3.0", f"UID:{uid}"]
    lines += [f"FN:{name}", f"N:{last} {index};{first};;;"]
    lines += [f"ORG:{rng.choice(COMPANIES)};", f"TITLE:{rng.choice(TITLES)}"]
    email = f"{first.lower()}.{index}@example.com"
    phone = f"+1 555 {index:07d}"
    if kind < 0.75:  # plain 3.0
        lines += [f"EMAIL;TYPE=INTERNET:{email}", f"TEL;TYPE=CELL:{phone}"]
        if rng.random() < 0.4:
            lines.append(f"NOTE:Met at a meetup in {2015 + index % 10}\\nAsk about hiring")
        if rng.random() < 0.3:
            lines.append("CATEGORIES:myContacts,work")
    elif kind < 0.85:  # Apple
        lines += [f"item1.EMAIL;type=INTERNET;type=pref:{email}", "item1.X-ABLabel:_$!<Other>!$_"]
        lines += [f"TEL;type=CELL;type=VOICE;type=pref:{phone}", "BDAY:1984-07-22"]
        lines += [f"item2.URL;type=pref:https://www.linkedin.com/in/p{index}"]
        lines += ["item2.X-ABLabel:LinkedIn", _fold(PHOTO), f"X-ABUID:{uid}:ABPerson"]
    elif kind < 0.95:  # 4.0
        lines += [f"EMAIL;TYPE=work;PREF=1:{email}", f"TEL;VALUE=uri;TYPE=cell:tel:{phone}"]
        lines += ["X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.example/@p", "X-PRIVATE:1"]
    else:  # what the fast path leaves to vobject
        note = f"Kennt J=C3=BCrgen seit {index % 30} Jahren"
        lines += [f"EMAIL:{email}", f"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:{note}"]
    lines.append("END:VCARD")
    return uid, "\r\n".join(lines) + "\r\n"


def generate(folder: Path, count: int, seed: int = 42) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        uid, text = card_text(index, rng)
        (folder / f"{uid}.vcf").write_text(text, encoding="utf-8", newline="")
        texts.append(text)
    return texts


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process and its children, result)."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    wall, used = time.perf_counter(), cpu()
    result = action()
    return time.perf_counter() - wall, cpu() - used, result


def parse_all(texts: Sequence[str]) -> int:
    return sum(1 for text in texts for _ in vcard.records_in(text, "bench"))


def vobject_tokenizer(texts: Sequence[str]) -> int:
    count = 0
    for text in texts:
        for _, lines in vcard.split_cards(text):
            assert lines is not None
            props = vcard._vobject_props(lines)
            vcard.Card("3.0", tuple(props)).record("bench")
            count += 1
    return count


def vobject_full(texts: Sequence[str]) -> int:
    import vobject  # type: ignore[import-untyped]

    return sum(1 for text in texts for _ in vobject.readComponents(text, allowQP=True))


def fast_share(texts: Sequence[str]) -> float:
    fast = 0
    for text in texts:
        for _, lines in vcard.split_cards(text):
            fast += lines is not None and vcard._fast_props(lines) is not None
    return fast / max(1, len(texts))


def khard_list(vdir: Path, work: Path) -> int:
    khard = shutil.which("khard", path=str(Path(sys.executable).parent))
    if khard is None:
        raise SystemExit("khard is not installed in this environment: pip install khard")
    config = work / "khard.conf"
    config.write_text(f"[addressbooks]\n[[bench]]\npath = {vdir}\n", encoding="utf-8")
    result = subprocess.run(
        [khard, "-c", str(config), "list"], capture_output=True, text=True, check=True
    )
    return result.stdout.count("\n") - 1


def edit_some(vdir: Path, share: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    names = sorted(os.listdir(vdir))
    chosen = rng.sample(names, max(1, int(len(names) * share)))
    for name in chosen:
        path = vdir / name
        text = path.read_bytes().decode("utf-8")
        text = re.sub(r"\nTITLE:[^\r\n]*", "\nTITLE:Head of Things", text)
        path.write_text(text, encoding="utf-8", newline="")
    return len(chosen)


def row(label: str, wall: float, cpu: float, detail: str = "") -> None:
    print(f"{label:<44} {wall:8.2f} s wall {cpu:8.2f} s CPU  {detail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=50_000)
    parser.add_argument("--skip-khard", action="store_true", help="do not run `khard list`")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="goodwill-vdir-bench-"))
    try:
        return _run(work, args.cards, args.skip_khard)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, count: int, skip_khard: bool) -> int:
    vdir = work / "vdir"
    vdir.mkdir()
    wall, _, texts = timed(lambda: generate(vdir, count))
    print(f"{count} cards generated in {wall:.1f} s; {fast_share(texts):.1%} take the fast path")
    n = len(texts)
    parsers: list[tuple[str, Callable[[Sequence[str]], int]]] = [
        ("parse: goodwill (fast path + fallback)", parse_all),
        ("parse: vobject tokenizer path only", vobject_tokenizer),
        ("parse: vobject full parse (as khard)", vobject_full),
    ]
    for label, parser in parsers:
        wall, cpu, parsed = timed(functools.partial(parser, texts))
        assert parsed == n
        row(label, wall, cpu, f"{n / cpu:9,.0f} cards/s (CPU)")
    khard = (0.0, 0.0)
    if not skip_khard:
        wall, cpu, listed = timed(lambda: khard_list(vdir, work))
        khard = (wall, cpu)
        row("khard list", wall, cpu, f"{listed} contacts listed")
    env = {"GOODWILL_DATA_DIR": str(work / "data"), "GOODWILL_CONFIG": str(work / "cfg.toml")}
    ctx = build_context(env, db=f"sqlite:///{work / 'goodwill.db'}")
    admin.init(ctx)
    runs: list[tuple[str, float, float]] = []
    imported: list[int] = []
    for label in ("sync: first import", "sync: no change"):
        wall, cpu, result = timed(lambda: sync_vdir(ctx, vdir))
        runs.append((label, wall, cpu))
        imported.append(result.imported)
        detail = {k: getattr(result, k) for k in ("imported", "written_cards", "unchanged")}
        row(label, wall, cpu, str(detail | {"errors": len(result.errors)}))
    edited = edit_some(vdir, 0.01)
    wall, cpu, result = timed(lambda: sync_vdir(ctx, vdir))
    row(f"sync: {edited} cards edited on disk", wall, cpu, f"updated {result.updated_people}")
    ctx.db.dispose()
    targets = Targets(f"vdir_bench, {count:,} cards")
    targets.holds(
        "first sync imports every card, the second none",
        imported == [count, 0],
        f"imported {imported[0]:,}, then {imported[1]:,}",
    )
    if not skip_khard:
        for (label, wall, cpu), target in zip(runs, TARGET_SPEEDUPS, strict=True):
            print(f"{label}: {khard[1] / cpu:.1f}x faster than khard list by CPU")
            targets.at_least(f"{label}, over khard list (wall)", khard[0] / wall, target, "x")
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
