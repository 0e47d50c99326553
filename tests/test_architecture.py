"""The layering written in pyproject's [tool.importlinter] and the README's "Architecture" section:
the contract passes on the package, fails on a deliberately bad import, and nothing below
``xplan/commands`` prints (no ``print()``, no rich ``Console`` that writes to the terminal)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "xplan"
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")

# Below the command layer, one module may build a Console: it records a rendering into a string
# (SVG/HTML export) and never writes to the terminal.
RECORDING_CONSOLE = {"output/files.py", "formats/terminal.py"}


def _run_contracts(root: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run([LINT_IMPORTS, "--config", str(root / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=root)


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is in the test extra")
def test_layer_contracts_are_kept() -> None:
    r = _run_contracts(ROOT, ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "4 kept, 0 broken" in r.stdout


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is in the test extra")
def test_a_bad_import_breaks_the_contract(tmp_path: Path) -> None:
    # A copy of the package in which the plan layer reaches up into the commands.
    shutil.copytree(PACKAGE, tmp_path / "xplan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "xplan" / "plan" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport xplan.commands.common  # noqa\n", encoding="utf-8")
    views = tmp_path / "xplan" / "views" / "orgs.py"
    views.write_text(views.read_text(encoding="utf-8") + "\nimport typer  # noqa\n", encoding="utf-8")
    # and a cycle inside the plan layer: the store reaching up to the catalog that uses it
    cache = tmp_path / "xplan" / "plan" / "cache.py"
    cache.write_text(cache.read_text(encoding="utf-8") + "\nimport xplan.plan.catalog  # noqa\n", encoding="utf-8")
    r = _run_contracts(tmp_path, tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "xplan.plan.model -> xplan.commands.common" in r.stdout
    assert "xplan.views.orgs -> typer" in r.stdout
    assert "xplan.plan.cache -> xplan.plan.catalog" in r.stdout
    assert "1 kept, 3 broken" in r.stdout


def _library_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py")
            if p.relative_to(PACKAGE).parts[0] not in ("commands", "cli.py", "__main__.py")]


def test_nothing_below_commands_prints() -> None:
    offenders = []
    for path in _library_modules():
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                offenders.append(f"{rel}:{node.lineno}: print()")
            if (isinstance(node, ast.ImportFrom) and node.module == "rich.console"
                    and any(a.name == "Console" for a in node.names) and rel not in RECORDING_CONSOLE):
                offenders.append(f"{rel}:{node.lineno}: imports rich.console.Console")
    assert offenders == []


def test_every_module_sits_in_a_named_layer() -> None:
    """Top level: the CLI entry, the configuration and one package per layer; nothing else."""
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__" and not p.name.startswith("."))
    packages = {p for p in top if (PACKAGE / p).is_dir()}
    modules = {p for p in top if p.endswith(".py")}
    assert modules == {"__init__.py", "__main__.py", "cli.py", "config.py"}
    assert {"plan", "lint", "views", "rollup", "diff", "output", "commands"} <= packages
    for pkg in packages - {"_data"}:
        assert (PACKAGE / pkg / "__init__.py").is_file(), pkg
