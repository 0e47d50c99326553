"""Every script in bench/ has an argparse interface: ``--help`` prints its usage and does nothing
else (``bench/generate.py --help`` once wrote 200 plans into a folder named ``--help``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPTS = sorted(p.name for p in (ROOT / "bench").glob("*.py"))


def test_bench_has_scripts() -> None:
    assert "generate.py" in SCRIPTS and "run.py" in SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_usage_and_writes_nothing(script: str, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--help"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage:") and "--help" in r.stdout, r.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written where it was run
