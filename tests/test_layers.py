"""The import direction of DESIGN.md, checked by the import-linter contracts in pyproject.toml."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layers_point_inward() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports is not None, "import-linter is a dev dependency"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_cli_starts_without_heavy_modules() -> None:
    """`goodwill today` must start fast: fuzzy matching, templates and migrations load lazily."""
    code = (
        "import sys, goodwill.cli.app; "
        "print(','.join(m for m in ('alembic', 'jinja2', 'rapidfuzz') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_services_never_reach_past_the_unit_of_work() -> None:
    """A service asks the unit of work for a repository; it never takes the connection out
    of it (import-linter sees imports, not attribute access)."""
    reaches = []
    for path in sorted((ROOT / "src" / "goodwill" / "services").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("connection", "engine"):
                reaches.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert reaches == []


def test_the_interfaces_use_the_declared_services_under_their_own_names() -> None:
    """`goodwill.services.__all__` is the surface the CLI, web app and assistant use; they
    import no other service module and rename nothing they import from one."""
    import goodwill.services

    declared = set(goodwill.services.__all__)
    assert all(hasattr(goodwill.services, name) for name in declared)
    problems = []
    for layer in ("cli", "web", "assistant"):
        for path in sorted((ROOT / "src" / "goodwill" / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom) or not node.module:
                    continue
                where = f"{layer}/{path.name}:{node.lineno}"
                parts = node.module.split(".")
                if parts[:2] == ["goodwill", "services"]:
                    named = parts[2] if len(parts) > 2 else None
                    modules = [named] if named else [alias.name for alias in node.names]
                    problems += [
                        f"{where}: {m} is not declared"
                        for m in modules
                        if m not in declared and m != "context"
                    ]
                    problems += [
                        f"{where}: {a.name} as {a.asname}"
                        for a in node.names
                        if a.asname and a.asname != a.name
                    ]
    assert problems == []
