"""`xplan lint -F gitlab`: GitLab's Code Quality report (issue 30), checked against the format GitLab
documents (tests/schemas/gitlab-codequality.json) on the real plans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import PLANS, ROOT
from typer.testing import CliRunner

from xplan.cli import app

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gitlab-codequality.json").read_text(encoding="utf-8"))


def lint_gitlab(*args: str) -> list[dict]:  # type: ignore[type-arg]
    r = runner.invoke(app, ["lint", "-F", "gitlab", *args])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def test_the_report_of_the_real_plans_is_valid_and_has_one_issue_per_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = lint_gitlab("plans")
    jsonschema.validate(report, SCHEMA)
    plain = json.loads(runner.invoke(app, ["lint", "-F", "json", "plans"]).stdout)
    assert len(report) == len(plain["findings"]) > 0
    for issue, finding in zip(report, plain["findings"]):
        assert issue["location"]["path"] == finding["file"]
        assert issue["location"]["lines"]["begin"] == finding["line"]
        assert issue["check_name"].startswith(f"xplan/{finding['code']} ")
        assert issue["severity"] == {"error": "major", "warning": "minor", "info": "info"}[finding["severity"]]
    assert len({i["fingerprint"] for i in report}) == len(report), "fingerprints must be unique"


def test_a_finding_keeps_its_fingerprint_when_lines_are_added_above_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans" / "R7").mkdir(parents=True)
    plan = tmp_path / "plans" / "R7" / "seisaku.yaml"
    shutil.copy(PLANS / "R7" / "seisaku.yaml", plan)
    before = lint_gitlab("plans")
    text = plan.read_text(encoding="utf-8")
    plan.write_text("# a comment\n# and another\n" + text, encoding="utf-8")
    after = lint_gitlab("plans")
    assert before and [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [i["location"]["lines"]["begin"] for i in after]


def test_an_invalid_plan_gives_a_major_issue_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("schema_version: 1\nissues: [\n", encoding="utf-8")
    report = lint_gitlab("bad.yaml")
    jsonschema.validate(report, SCHEMA)
    assert report[0]["severity"] == "major" and report[0]["location"]["path"] == "bad.yaml"
    assert report[0]["check_name"].startswith("xplan/E103")
