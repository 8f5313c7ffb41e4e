"""The benchmarks' shared verdict: each target printed beside its figure, exit 1 on a miss.

Every benchmark collects its checks in one `Targets` and ends with `return targets.report()`:

    targets = Targets("import_bench, 50,000 rows")
    targets.at_most("import into an empty db", seconds, 3.0, "s")
    targets.at_least("speed-up over khard list", ratio, 2.0, "x")
    targets.holds("path equals networkx's", ours == theirs, "3 of 20 differ")
    return targets.report()

`report` prints one line per check and a last line that starts with `targets:`; it returns 0
when every check is met and `MISSED` (1) otherwise, which the benchmark passes to `sys.exit`.
The smoke test (`tests/test_benchmarks.py`) reads that last line: a benchmark that crashes
never prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MET = 0
MISSED = 1


@dataclass(frozen=True)
class Check:
    """One target and the figure measured against it."""

    name: str
    met: bool
    figure: str
    target: str

    def line(self) -> str:
        verdict = "met" if self.met else "MISSED"
        return f"  {self.name:<44} {self.figure:>14}   target {self.target:<14} {verdict}"


@dataclass
class Targets:
    """The checks of one benchmark run, in the order they were made."""

    title: str
    checks: list[Check] = field(default_factory=list)

    def at_most(self, name: str, figure: float, limit: float, unit: str) -> bool:
        """A cost (time, memory): met when `figure <= limit`."""
        return self._add(
            Check(name, figure <= limit, _show(figure, unit), f"<= {_show(limit, unit)}")
        )

    def at_least(self, name: str, figure: float, minimum: float, unit: str) -> bool:
        """A rate or a ratio: met when `figure >= minimum`."""
        return self._add(
            Check(name, figure >= minimum, _show(figure, unit), f">= {_show(minimum, unit)}")
        )

    def holds(self, name: str, condition: bool, detail: str = "") -> bool:
        """A correctness condition (counts agree, same path): met when true."""
        return self._add(Check(name, condition, "yes" if condition else detail or "no", "yes"))

    @property
    def missed(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    def report(self) -> int:
        """Print every check and the verdict line; the process's exit code."""
        print(f"targets of {self.title}:")
        for check in self.checks:
            print(check.line())
        missed = self.missed
        if missed:
            names = ", ".join(check.name for check in missed)
            print(f"targets: {len(missed)} of {len(self.checks)} MISSED ({names})")
            return MISSED
        print(f"targets: all {len(self.checks)} met")
        return MET

    def _add(self, check: Check) -> bool:
        self.checks.append(check)
        return check.met


def _show(value: float, unit: str) -> str:
    if unit in ("x", "%"):
        return f"{value:,.1f}{unit}"
    return f"{value:,.3g} {unit}" if abs(value) < 100 else f"{value:,.0f} {unit}"
