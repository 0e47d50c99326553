"""`xplan lint --fix`: safe fixes only, in place, comments kept; what it fixed and what remains."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLANS, SOURCES
from typer.testing import CliRunner

from xplan.cli import app
from xplan.commands.write import file_fixes, run_fix
from xplan.lint.engine import lint_paths
from xplan.lint.registry import all_rules
from xplan.plan.loader import load
from xplan.write.fixes import fix_path


def _broken(tmp_path: Path) -> tuple[Path, str]:
    """seisaku R7 with slips each fix is for, and comments next to them."""
    text = (PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8")
    text = text.replace("fiscal_year: R7\n", "fiscal_year: Ｒ７  # 全角\n", 1)
    text = text.replace("  - id: A1\n    domain: A\n", "  - id: Ａ１  # full width\n    domain: Ａ\n", 1)
    text = text.replace("  - id: B1\n", "  # B(1)\n  - id: B9\n", 1)
    assert text.count("              - continues: true\n") > 2
    text = text.replace("              - continues: true\n", "              - →  # arrow as typed\n", 1)
    text = text.replace("              - continues: true\n", "              - '→'\n", 1)
    path = tmp_path / "plans" / "R7" / "seisaku.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path, text


def test_fix_puts_the_slips_right_and_keeps_everything_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, text = _broken(tmp_path)
    before = lint_paths([path])
    assert {"S204", "P333", "P305"} <= {f.code for f in before.findings}
    assert run_fix([path]) == 0
    err = capsys.readouterr().err
    assert "P305 ×2" in err and "P333 ×1" in err and "S204 ×3" in err
    fixed = path.read_text(encoding="utf-8")
    after = lint_paths([path])
    assert not {"S204", "P333", "P305"} & {f.code for f in after.findings}
    assert after.counts()["error"] == 0
    assert load(path).data == load(PLANS / "R7" / "seisaku.yaml").data  # back to the plan as transcribed
    for comment in ("# 全角", "# full width", "# B(1)", "# arrow as typed"):
        assert comment in fixed
    assert "              - continues: true  # arrow as typed\n" in fixed
    # only the fixed values changed: every other line is as it was
    changed = [(a, b) for a, b in zip(text.splitlines(), fixed.splitlines()) if a != b]
    assert len(changed) == 6 and len(text.splitlines()) == len(fixed.splitlines())
    assert run_fix([path]) == 0 and file_fixes(path) == []


def test_fix_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path, text = _broken(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["lint", "--fix", "--diff", str(path)], env={"XPLAN_LANG": "en", "NO_COLOR": "1"})
    assert r.exit_code == 1, r.output
    assert "-fiscal_year: Ｒ７  # 全角\n+fiscal_year: R7  # 全角\n" in r.stdout
    assert path.read_text(encoding="utf-8") == text
    r = runner.invoke(app, ["lint", "--diff", str(path)], env={"XPLAN_LANG": "en"})
    assert r.exit_code == 2
    r = runner.invoke(app, ["lint", "--fix", str(path)], env={"XPLAN_LANG": "en", "NO_COLOR": "1"})
    assert r.exit_code == 0 and "S204" not in r.stdout and "P333" not in r.stdout
    r = runner.invoke(app, ["lint", "--fix", "--diff", str(path)], env={"XPLAN_LANG": "en"})
    assert r.exit_code == 0 and r.stdout == ""


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_real_plans_need_no_fix(key: str) -> None:
    assert file_fixes(PLANS / f"{key}.yaml") == []


def test_rules_say_which_are_fixable_and_those_are_the_ones_fixed(tmp_path: Path) -> None:
    path, _ = _broken(tmp_path)
    fixed_codes = {f.rule for f in file_fixes(path)}
    declared = {r.code for r in all_rules() if r.fix}
    assert fixed_codes == declared == {"S204", "P333", "P305"}
    r = CliRunner().invoke(app, ["rules", "-F", "json"], env={"XPLAN_LANG": "en"})
    import json

    rules = {x["code"]: x for x in json.loads(r.stdout)["rules"]}
    assert {c for c, x in rules.items() if x["fix"]} == declared
    r = CliRunner().invoke(app, ["rule", "P333"], env={"XPLAN_LANG": "en"})
    assert "--fix" in r.stdout


def test_a_cell_in_flow_style_gets_a_flow_continuation(tmp_path: Path) -> None:
    text = (PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8")
    text = text.replace("            q4:\n              - continues: true\n", "            q4: [→]\n", 1)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = fix_path(path, file_fixes(path))
    assert [f.rule for f in result.fixes] == ["P305"]
    assert result.after is not None and "            q4: [{continues: true}]\n" in result.after
    assert file_fixes(PLANS / "R7" / "seisaku.yaml") == []
