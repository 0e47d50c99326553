"""The real `pre-commit try-repo` against this repository's hooks, on a temporary git
repository holding one good and one broken plan."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="pre-commit and git are needed")
GIT = ["git", "-c", "user.name=xplan-test", "-c", "user.email=xplan-test@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "work"
    (repo / "plans" / "R8").mkdir(parents=True)
    shutil.copy(PLANS / "R8" / "kokurakita.yaml", repo / "plans" / "R8" / "kokurakita.yaml")
    broken = (PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8").replace("    urgency: 高\n", "    urgncy: 高\n", 1)
    (repo / "plans" / "R7").mkdir()
    (repo / "plans" / "R7" / "seisaku.yaml").write_text(broken, encoding="utf-8")
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "."], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", "plans"], cwd=repo, check=True)
    return repo


def _try(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    args = ["pre-commit", "try-repo", str(ROOT), hook, "--color", "never"]
    args += ["--files", *files] if files else ["--all-files"]
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, env=env, timeout=900)


def test_try_repo_passes_good_and_fails_broken_plan(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    good = _try(repo, "xplan-lint", "plans/R8/kokurakita.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _try(repo, "xplan-lint", "plans/R7/seisaku.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "plans/R7/seisaku.yaml" in bad.stdout and "S201" in bad.stdout and "urgency" in bad.stdout
    assert "  情報  " not in bad.stdout and "P302" not in bad.stdout  # hooks show warnings and errors only
    # xplan-lint-all runs only what needs the whole tree: the broken file is xplan-lint's business ...
    whole = _try(repo, "xplan-lint-all")
    assert whole.returncode == 0 and "S201" not in whole.stdout, whole.stdout
    # ... and a second plan for the same organisation and year is its business
    shutil.copy(PLANS / "R8" / "kokurakita.yaml", repo / "plans" / "R8" / "kokurakita-copy.yaml")
    subprocess.run([*GIT, "add", "."], cwd=repo, check=True)
    dup = _try(repo, "xplan-lint-all")
    assert dup.returncode == 1 and "X401" in dup.stdout and "S201" not in dup.stdout, dup.stdout


def test_try_repo_fmt_rewrites_a_messy_plan_and_passes_a_canonical_one(tmp_path: Path) -> None:
    from xplan.write.fmt import format_text

    repo = _repo(tmp_path)
    plan = repo / "plans" / "R8" / "kokurakita.yaml"
    canonical = format_text(plan.read_text(encoding="utf-8"))
    plan.write_text(canonical, encoding="utf-8")
    subprocess.run([*GIT, "commit", "-qam", "canonical", "--allow-empty"], cwd=repo, check=True)
    ok = _try(repo, "xplan-fmt", "plans/R8/kokurakita.yaml")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # the organisation's keys swapped, a needless quote, comments on the way
    messy = canonical.replace("  name: 小倉北区\n  kind: ward\n", "  kind: ward   # 区\n  name: '小倉北区'\n", 1)
    messy = messy.replace("\n  - id: ", "\n  # an issue\n  - id: ", 1)
    assert messy != canonical
    plan.write_text(messy, encoding="utf-8")
    fixed = _try(repo, "xplan-fmt", "plans/R8/kokurakita.yaml")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout + fixed.stderr
    after = plan.read_text(encoding="utf-8")
    assert "  name: 小倉北区\n  kind: ward  # 区\n" in after and "\n  # an issue\n  - id: " in after
    assert after == format_text(after)
    again = _try(repo, "xplan-fmt", "plans/R8/kokurakita.yaml")
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_passing_hook_shows_its_warnings(tmp_path: Path) -> None:
    """A draft made by `xplan new` passes (warnings only) and commits; the hooks are `verbose`, so
    its 【要記入】 warnings are shown rather than hidden by pre-commit as a passing hook's output."""
    repo = _repo(tmp_path)
    # the fixture's R7 plan is broken on purpose; `new` drafts only from a plan that loads
    (repo / "plans" / "R7" / "seisaku.yaml").write_text((PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8"),
                                                        encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "xplan", "new", "--org", "政策局", "--year", "R8", "--plans", "plans"],
                       cwd=repo, capture_output=True, text=True, env={**os.environ, "XPLAN_LANG": "ja"})
    assert r.returncode == 0, r.stderr
    subprocess.run([*GIT, "add", "."], cwd=repo, check=True)
    draft = _try(repo, "xplan-lint", "plans/R8/seisaku.yaml")
    assert draft.returncode == 0, draft.stdout + draft.stderr
    assert "Passed" in draft.stdout
    shown = [line for line in draft.stdout.splitlines() if "P373" in line and "to-fill" in line]
    assert len(shown) > 100, draft.stdout[-2000:]  # every 【要記入】 (149 in this draft), not silence
    whole = _try(repo, "xplan-lint-all")
    assert whole.returncode == 0 and "Passed" in whole.stdout, whole.stdout
    assert "エラー 0 件" in whole.stdout, whole.stdout  # its summary line is shown as well
