"""What an editor says about a plan: the schema's messages, seen through the real
yaml-language-server (the server behind VS Code's YAML extension and other editors' YAML
support) driven over stdio by tests/editor/yls_client.py, and through `xplan lint`.

.ci/run installs the server with npm under ~/.cache/xplan-yls; elsewhere the tests that need it
skip when it is absent (XPLAN_YLS may name it)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from xplan.lint.engine import lint_paths

sys.path.insert(0, str(Path(__file__).parent / "editor"))
from yls_client import diagnostics, find_server

BOTH = "期間（period）のある行には四半期のセル（q1～q4）を書けません"
SERVER = find_server()
needs_server = pytest.mark.skipif(SERVER is None and not os.environ.get("CI"),
                                  reason="yaml-language-server not installed (npm install yaml-language-server)")


def _repo_copy(tmp_path: Path, key: str, edit: tuple[str, str] | None = None) -> Path:
    """A plan in a repository layout, its modeline pointing at ../../schema/plan.schema.json."""
    (tmp_path / "schema").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "schema" / "plan.schema.json", tmp_path / "schema" / "plan.schema.json")
    text = (PLANS / f"{key}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit, 1)
    path = tmp_path / "plans" / f"{key}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# a schedule row of seisaku's A(1) given a month range as well as its quarter cells
PERIOD_AND_QUARTERS = ("        schedule:\n          - q1:\n", "        schedule:\n          - period: 6～12月\n            q1:\n")


def test_lint_names_each_quarter_key_of_a_row_with_a_period(tmp_path: Path) -> None:
    path = _repo_copy(tmp_path, "R7/seisaku", PERIOD_AND_QUARTERS)
    findings = [f for f in lint_paths([path]).findings if f.severity == "error"]
    assert [f.code for f in findings] == ["S204"] * 4
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [lines[f.line - 1].strip().split(":")[0] for f in findings] == ["q1", "q2", "q3", "q4"]
    assert all(BOTH in f.message for f in findings)


def _server() -> list[str]:
    if SERVER is None:
        pytest.fail("yaml-language-server is needed under CI: .ci/run installs it with npm")
    return SERVER


@needs_server
def test_editor_says_what_is_wrong_with_a_row_with_period_and_quarters(tmp_path: Path) -> None:
    path = _repo_copy(tmp_path, "R7/seisaku", PERIOD_AND_QUARTERS)
    found = diagnostics(path, _server())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert found, "the server published nothing: was the schema found?"
    assert all("not allowed" not in d["message"] for d in found)  # not "Matches a schema that is not allowed"
    assert all(BOTH in d["message"] for d in found)
    keys = [lines[d["range"]["start"]["line"]][d["range"]["start"]["character"]:].split(":")[0] for d in found]
    assert sorted(keys) == ["q1", "q2", "q3", "q4"]


@needs_server
@pytest.mark.parametrize("key", ["R7/seisaku", "R6/hoken-fukushi"])
def test_editor_finds_nothing_wrong_in_a_real_plan_and_flags_a_typo(tmp_path: Path, key: str) -> None:
    assert diagnostics(_repo_copy(tmp_path, key), _server()) == []
    typo = _repo_copy(tmp_path / "typo", key, ("\n    title: ", "\n    titel: "))
    found = diagnostics(typo, _server())
    assert [d["message"] for d in found] == ["Property titel is not allowed."]
