"""Helpers for the robustness tests: run xplan as a user would, and mutate copies of the real plans."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import PLANS

TRACEBACK = "Traceback (most recent call last)"


def xplan(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60,
          lang: str = "en") -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a fresh process; output decoded leniently (any bytes)."""
    full_env = {**os.environ, "NO_COLOR": "1", "XPLAN_LANG": lang, **(env or {})}
    full_env.pop("XPLAN_DEBUG", None) if "XPLAN_DEBUG" not in (env or {}) else None
    proc = subprocess.run([sys.executable, "-m", "xplan", *args], capture_output=True, cwd=cwd, env=full_env,
                          timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def copy_plans(dest: Path) -> Path:
    """A private copy of the bundled plans (plans/R6, R7, R8) to break."""
    target = dest / "plans"
    shutil.copytree(PLANS, target)
    return target


def mutate(path: Path, change: Callable[[Any], None]) -> None:
    """Load a plan with ruamel's round-trip loader, change the data, write it back (comments kept)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    buf = io.StringIO()
    yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")


def lint_json(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    r = xplan("lint", "--format", "json", *args, cwd=cwd, env=env)
    assert TRACEBACK not in r.stderr, r.stderr
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else {}, r.stderr


# Every command a user runs on a plans directory (lint, every view, rollup, fields, diff).
def commands(plans: Path) -> list[list[str]]:
    p = str(plans)
    return [
        ["lint", p],
        ["matrix", "--plans", p], ["matrix", "--plans", p, "--all", "-F", "json"],
        ["issues", "--plans", p, "--all"], ["issues", "--plans", p, "--all", "-F", "json"],
        ["show", "--plans", p, "--org", "小倉北区"], ["show", "--plans", p, "--org", "小倉北区", "-F", "json"],
        ["show", "--plans", p, "--org", "政策局"],
        ["schedule", "--plans", p, "--org", "小倉北区"], ["schedule", "--plans", p, "--org", "総務市民局"],
        ["orgs", "--plans", p], ["orgs", "--plans", p, "-F", "json"],
        ["rollup", "--plans", p], ["rollup", "--plans", p, "--years", "all", "-F", "json"],
        ["fields", "--plans", p],
        ["diff", "R6", "R7", "--plans", p], ["diff", "R7", "R8", "--plans", p, "-F", "json"],
        ["export", "--plans", p, "--all", "-o", str(plans.parent / "export.db")],
        ["show", "--plans", p, "--org", "小倉北区", "-F", "docx", "-o", str(plans.parent / "kokurakita.docx")],
    ]
