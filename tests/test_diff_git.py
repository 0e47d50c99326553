"""``xplan diff`` with a side at a git revision, in a throw-away repository: the plan's edits
between two meetings, read with git without touching the working tree."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xplan.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "diff" / "plans" / "R7" / "kaku.yaml"
runner = CliRunner()

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# the meeting edit: a ⑥ progress checkpoint on A1 and A2's urgency raised
CHECKPOINT = """    progress:
      - label: ⑥進捗状況(令和7年12月時点)
        as_of: 2025-12
        items:
          - 対象手続を5件追加した。
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=xplan tests", "-c",
                           "user.email=tests@example.invalid", "-c", "commit.gpgsign=false", *args],
                          check=True, capture_output=True, text=True).stdout


def edited(text: str) -> str:
    a2 = text.index("  - id: A2")
    text = text[:a2] + CHECKPOINT + text[a2:]
    head, tail = text.split("  - id: A2", 1)
    return head + "  - id: A2" + tail.replace("urgency: 低", "urgency: 高", 1)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plans = tmp_path / "plans" / "R7"
    plans.mkdir(parents=True)
    original = FIXTURE.read_text(encoding="utf-8")
    (plans / "kaku.yaml").write_text(original, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "R7 plan as adopted")
    (plans / "kaku.yaml").write_text(edited(original), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "December meeting: progress")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Any:
    return runner.invoke(app, ["diff", *args], env={"XPLAN_LANG": "en"})


def test_year_at_previous_revision_vs_working_tree(repo: Path) -> None:
    result = run("R7@HEAD~1", "R7", "--plans", "plans", "-F", "json", "--exit-code")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["old"] == "R7@HEAD~1" and data["new"] == "R7"
    (org,) = data["orgs"]
    assert org["old_plan"] == "R7@HEAD~1:plans/R7/kaku.yaml"
    changed = {i["new"]: i["fields"] for i in org["issues"] if i["fields"]}
    assert changed == {
        "A1": {"progress.2025-12": [None, ["対象手続を5件追加した。"]]},
        "A2": {"urgency": ["低", "高"], "quadrant": ["高/低", "高/高"]},
    }
    assert {i["change"] for i in org["issues"]} == {"carried"}
    assert git(repo, "status", "--porcelain") == ""  # nothing written, nothing staged


def test_same_revision_and_working_tree_have_no_changes(repo: Path) -> None:
    assert run("R7@HEAD", "R7", "--plans", "plans", "--exit-code").exit_code == 0


def test_file_at_revision(repo: Path) -> None:
    result = run("plans/R7/kaku.yaml@HEAD~1", "plans/R7/kaku.yaml@HEAD", "-F", "plain", "--text")
    assert result.exit_code == 0, result.output
    assert "+ ⑥進捗状況(令和7年12月時点) added (1 paragraph)" in result.stdout
    assert "{+対象手続を5件追加した。+}" in result.stdout
    assert "Urgency: 低 ⇒ 高" in result.stdout


def test_uncommitted_edit_shows_against_head(repo: Path) -> None:
    path = repo / "plans" / "R7" / "kaku.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 窓口案内の電子化", "title: 窓口案内のデジタル化"),
                    encoding="utf-8")
    data = json.loads(run("R7@HEAD", "R7", "--plans", "plans", "-F", "json").stdout)
    assert data["orgs"][0]["issues"][0]["fields"] == {"actions.2.title": ["窓口案内の電子化", "窓口案内のデジタル化"]}
    assert git(repo, "status", "--porcelain").strip() == "M plans/R7/kaku.yaml"  # still only our edit


def test_unknown_revision(repo: Path) -> None:
    result = run("R7@no-such-branch", "R7", "--plans", "plans")
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr


def test_file_missing_at_revision(repo: Path) -> None:
    result = run("plans/R7/other.yaml@HEAD", "R7", "--plans", "plans")
    assert result.exit_code == 2
    assert "does not exist at revision HEAD" in result.stderr


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = tmp_path / "plans" / "R7"
    plans.mkdir(parents=True)
    shutil.copy(FIXTURE, plans / "kaku.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # in case tmp is inside a repo
    result = run("R7@HEAD", "R7", "--plans", "plans")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr
