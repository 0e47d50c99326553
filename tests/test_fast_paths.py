"""What keeps a warm command quick without changing what it says: the executable's start-up
(xplan/__main__.py), the configuration read once per command, JSON records encoded by one reused
encoder, file names shown without the long way. The figures themselves are bench/cache.py's;
these check the behaviour."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import xplan.__main__ as entry
import xplan.cli
from xplan import config
from xplan.output import jsontext
from xplan.plan.paths import shown

ROOT = Path(__file__).resolve().parent.parent


def test_the_executable_is_the_entry_that_freezes_the_start_up() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"xplan": "xplan.__main__:main"}


def test_the_command_runs_with_the_collector_on_and_the_imports_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_main() -> None:
        seen["enabled"], seen["frozen"] = gc.isenabled(), gc.get_freeze_count()

    monkeypatch.setattr(xplan.cli, "main", fake_main)
    try:
        entry.main()
    finally:
        gc.unfreeze()
    assert seen["enabled"] is True
    assert seen["frozen"] > 10_000  # typer, rich and xplan's modules: what lives as long as the process


def test_python_m_xplan_still_runs() -> None:
    r = subprocess.run([sys.executable, "-m", "xplan", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("xplan ")


def test_the_configuration_is_parsed_once_per_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / ".xplan.toml"
    cfg.write_text('plans = "a"\nselect = ["P3"]\n', encoding="utf-8")
    calls: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(config.tomllib, "loads", lambda text: calls.append(text) or real(text))
    first, second = config.find(tmp_path), config.find(tmp_path)
    assert first.plans == second.plans == "a" and len(calls) == 1
    first.select.append("P9")  # a Config owns its lists: the shared parse stays as the file says
    assert config.find(tmp_path).select == ["P3"]
    # edited, even to the same size within the same clock tick: read afresh
    cfg.write_text('plans = "b"\nselect = ["P3"]\n', encoding="utf-8")
    assert config.find(tmp_path).plans == "b" and len(calls) == 2


RECORDS: list[Any] = [
    {"org": "小倉北区", "year": "R7", "code": "A1", "impact": "高", "urgency": None, "actions": 3},
    {"text": "\"quoted\" \\ \n \u2028 \x00", "n": -1.5e300, "ok": True, "tags": ["a", "課題"], "empty": []},
    {"big": 10**30, "k\"ey": {}, "f": 0.1},
]


@pytest.mark.parametrize("record", RECORDS)
def test_the_reused_record_encoder_writes_what_the_public_one_does(record: Any) -> None:
    assert jsontext._encode_record(record) == jsontext._ONE_LINE.encode(record)


def test_without_the_c_accelerator_records_use_the_public_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    assert jsontext._record_encoder() == jsontext._ONE_LINE.encode

    def changed_signature(*args: Any) -> None:
        raise TypeError("c_make_encoder() takes exactly 10 arguments")

    monkeypatch.setattr(json.encoder, "c_make_encoder", changed_signature)
    assert jsontext._record_encoder() == jsontext._ONE_LINE.encode


def test_absolute_paths_below_the_working_directory_are_shown_relative(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    h = str(here)
    cases = {
        f"{h}/plans": "plans",
        f"{h}/plans/R7/a.yaml": "plans/R7/a.yaml",
        f"{h}/./plans//R7/../R7/a.yaml": "plans/R7/a.yaml",  # normalised, as the long way did
        f"{h}/../work/plans": "plans",
        h: h,  # the working directory itself keeps its name
        f"{h}/": h,
        f"{h}x/plans": f"{h}x/plans",  # a sibling whose name merely starts the same: outside
        f"{tmp_path}/other/a.yaml": f"{tmp_path}/other/a.yaml",
        "/": "/",
        "plans/R7/a.yaml": "plans/R7/a.yaml",
        "../work/plans": "plans",
    }
    assert {p: str(shown(p)) for p in cases} == cases
