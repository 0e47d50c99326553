"""Views never trust a bad plan silently (issue 16, item 9).

A copy of the real plans is changed one way at a time: a rating the schema does not allow
(``impact: 中``), a second file for one organisation and year (lint rule X401), a file that does
not parse. Every view names the plan it skipped or cannot trust and says to run lint; duplicates
are an error (exit 2), never one plan picked silently or every issue counted twice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app

runner = CliRunner()
VIEWS = [["matrix"], ["issues"], ["show", "--org", "政策局"], ["schedule", "--org", "政策局"], ["orgs"],
         ["rollup"], ["fields"], ["issues", "--all"], ["rollup", "--years", "all"]]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


def test_real_plans_raise_no_doubts() -> None:
    for view in VIEWS:
        code, _, err = run(*view, "--plans", str(PLANS))
        assert code == 0 and err == "", (view, err)


def test_a_plan_breaking_the_schema_is_named_with_the_way_to_see_why(plans: Path) -> None:
    plan = plans / "R8" / "kokurakita.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "impact: 高")  # A(1), the first
    plan.write_text(text.replace("impact: 高", "impact: 中", 1), encoding="utf-8")
    code, out, err = run("matrix", "--plans", str(plans), "--org", "小倉北区", "-F", "json")
    assert code == 0
    assert f"{plan}:{line}:" in err and "小倉北区 R8" in err and f"xplan lint {plan}" in err and "中" in err
    assert json.loads(out)["plans"][0]["unrated"] == ["A1"]  # shown as unrated, and now said why
    for view in VIEWS:  # every view says so, whatever it shows
        code, _, err = run(*view, "--plans", str(plans))
        assert code == 0 and f"xplan lint {plan}" in err, view


def test_duplicate_plans_are_an_error_in_every_view(plans: Path) -> None:
    twin = plans / "R7" / "seisaku-copy.yaml"
    shutil.copy(plans / "R7" / "seisaku.yaml", twin)
    for view in VIEWS:
        code, out, err = run(*view, "--plans", str(plans))
        assert code == 2 and out == "", view
        assert "X401" in err and "政策局 R7" in err and str(twin) in err and str(plans / "R7" / "seisaku.yaml") in err
        assert "Traceback" not in err
    # a view of other organisations is not blocked by 政策局's twin
    code, out, err = run("matrix", "--plans", str(plans), "--org", "小倉北区", "-F", "json")
    assert code == 0 and "小倉北区" in out and err == ""
    code, _, err = run("diff", "R6", "R7", "--plans", str(plans))
    assert code == 2 and "X401" in err and str(twin) in err
    # the same organisation written by its slug in a second file counts too
    twin.write_text(twin.read_text(encoding="utf-8").replace("name: 政策局", "name: 政策局（写し）", 1), encoding="utf-8")
    code, _, err = run("issues", "--plans", str(plans), "--org", "seisaku")
    assert code == 2 and "X401" in err


def test_a_file_that_does_not_load_is_named(plans: Path) -> None:
    bad = plans / "R7" / "broken.yaml"
    bad.write_text("organisation: [\n", encoding="utf-8")
    code, _, err = run("orgs", "--plans", str(plans))
    assert code == 0 and f"読み飛ばしました {bad}:" in err and "xplan lint" in err


def test_plans_missing_their_slug_are_not_twins(plans: Path) -> None:
    """Two R7 plans that both lack a slug (a schema error, named) are still two organisations."""
    for name in ("seisaku", "somu-shimin"):
        plan = plans / "R7" / f"{name}.yaml"
        plan.write_text("".join(line for line in plan.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.strip().startswith("slug:")), encoding="utf-8")
    code, out, err = run("orgs", "--plans", str(plans), "-F", "json")
    assert code == 0 and "X401" not in err and err.count("xplan lint") == 2
    assert {o["org"] for o in json.loads(out)["orgs"]} >= {"政策局", "総務市民局"}


def test_diff_names_a_plan_it_cannot_trust(plans: Path, tmp_path: Path) -> None:
    plan = plans / "R8" / "kokurakita.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("impact: 高", "impact: 中", 1), encoding="utf-8")
    code, _, err = run("diff", "R7", "R8", "--plans", str(plans), "--brief")
    assert code == 0 and f"xplan lint {plan}" in err and "小倉北区 R8" in err
    code, _, err = run("diff", str(PLANS / "R8" / "kokurakita.yaml"), str(plan), "--brief")
    assert code == 0 and err.count("xplan lint") == 1 and f"xplan lint {plan}" in err
    code, _, err = run("diff", "R6", "R7", "--plans", str(plans), "--brief")
    assert code == 0 and err == ""  # 小倉北区 R8 is on neither side
