"""Memory follows the input's size: one mail to a crowd costs what its headers weigh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RECIPIENTS = 20_000
#: Peak resident memory of the whole `goodwill import mbox --dry-run` process.
LIMIT_MB = 200

#: Runs the command as its only child and prints that child's peak RSS in KiB.
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def crowd_mbox(path: Path, recipients: int) -> None:
    to = ",\n ".join(f'"Person {n}" <p{n}@example.org>' for n in range(recipients))
    path.write_text(
        "From me@example.com Mon Nov 02 10:00:00 2026\n"
        "From: Me <me@example.com>\n"
        f"To: {to}\n"
        "Subject: All hands\n"
        "Date: Mon, 02 Nov 2026 10:00:00 +0000\n"
        "Message-ID: <crowd@example.com>\n"
        "\n"
        "Hello everyone.\n"
    )


def test_a_message_to_twenty_thousand_people_stays_small(
    tmp_path: Path, env: dict[str, str]
) -> None:
    mbox = tmp_path / "crowd.mbox"
    crowd_mbox(mbox, RECIPIENTS)
    goodwill = [sys.executable, "-m", "goodwill"]
    environment = {**os.environ, **env}
    subprocess.run([*goodwill, "init"], env=environment, check=True, capture_output=True)
    # Everyone on the message is known, so that each of their touches is matched and written.
    cards = tmp_path / "crowd.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n}\nEMAIL:p{n}@example.org\nEND:VCARD\n"
            for n in range(RECIPIENTS)
        )
    )
    subprocess.run(
        [*goodwill, "import", "vcard", str(cards)], env=environment, check=True, capture_output=True
    )
    command = [*goodwill, "import", "mbox", str(mbox), "--me", "me@example.com", "--dry-run"]
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak_kib = measured.stdout.split()
    assert code == "0", measured.stderr
    assert int(peak_kib) / 1024 < LIMIT_MB, f"peak {int(peak_kib) / 1024:.0f} MB"
