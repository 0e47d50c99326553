"""The command line as a whole (issue 17 cases 12, 14, 15; issue 16 items 1 and 10): a bug is one
line and exit code 3, output that cannot be encoded degrades, a closed pipe is quiet, and out-of-range
options are usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT
from robust_helpers import TRACEBACK, xplan

BUG = ("import sys, xplan.views.matrix as m\n"
       "def boom(*a, **k):\n    raise ZeroDivisionError('a bug')\n"
       "m.build = boom\n"
       "from xplan.cli import main\nmain(sys.argv[1:])\n")


def _run_with_bug(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "XPLAN_LANG": "en", **(env or {})}
    if "XPLAN_DEBUG" not in (env or {}):
        full.pop("XPLAN_DEBUG", None)
    return subprocess.run([sys.executable, "-c", BUG, "matrix", "--plans", str(PLANS), *args],
                          capture_output=True, text=True, env=full)


# -- case 15: any unexpected exception ------------------------------------------------------------

def test_internal_error_is_one_line_and_exit_3() -> None:
    r = _run_with_bug()
    assert r.returncode == 3, r.stderr
    assert TRACEBACK not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert "internal error" in line and "ZeroDivisionError" in line and "xplan/" in line
    assert "report" in line and "--debug" in line


@pytest.mark.parametrize("how", ["option", "option-last", "env"])
def test_internal_error_traceback_on_request(how: str) -> None:
    if how == "env":
        r = _run_with_bug(env={"XPLAN_DEBUG": "1"})
    else:
        r = subprocess.run([sys.executable, "-c", BUG, *(["--debug"] if how == "option" else []), "matrix",
                            "--plans", str(PLANS), *(["--debug"] if how == "option-last" else [])],
                           capture_output=True, text=True, env={**os.environ, "XPLAN_LANG": "en"})
    assert r.returncode == 3 and TRACEBACK in r.stderr and "ZeroDivisionError: a bug" in r.stderr


def test_internal_error_in_japanese() -> None:
    r = _run_with_bug(env={"XPLAN_LANG": "ja"})
    assert r.returncode == 3 and "内部エラー" in r.stderr and "ZeroDivisionError" in r.stderr


def test_readme_documents_exit_code_3() -> None:
    readme = (PLANS.parent / "README.md").read_text(encoding="utf-8")
    assert "3 internal error" in readme and "--debug" in readme and "XPLAN_DEBUG" in readme


# -- case 12: a pyproject.toml that is not ours ------------------------------------------------------

def test_foreign_pyproject_with_odd_tool_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    for args in (["lint", str(PLANS)], ["orgs", "--plans", str(PLANS)], ["rules"]):
        r = xplan(*args, cwd=tmp_path / "work")
        assert r.returncode == 0 and TRACEBACK not in r.stderr, (args, r.stderr)


def test_tool_xplan_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool]\nxplan = 5\n", encoding="utf-8")
    r = xplan("lint", str(PLANS), cwd=tmp_path)
    assert r.returncode == 2 and TRACEBACK not in r.stderr and "tool.xplan" in r.stderr


# -- issue 16 item 1: output that is not UTF-8 ----------------------------------------------------------

@pytest.mark.parametrize("args", [["lint", str(PLANS)], ["schedule", "--plans", str(PLANS), "--org", "総務市民局"],
                                  ["rollup", "--plans", str(PLANS), "--years", "all"],
                                  ["show", "--plans", str(PLANS), "--org", "政策局"],
                                  ["diff", "R6", "R7", "--plans", str(PLANS)]])
@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
def test_output_in_a_narrow_encoding_degrades(args: list[str], encoding: str) -> None:
    r = xplan(*args, env={"PYTHONIOENCODING": encoding}, lang="ja")
    assert r.returncode == 0 and TRACEBACK not in r.stderr, r.stderr
    assert r.stdout.strip()


# -- issue 16 item 10, case 14: widths and closed pipes -------------------------------------------------

@pytest.mark.parametrize("width", ["0", "-3", "100000"])
@pytest.mark.parametrize("command", [["matrix"], ["issues"], ["orgs"], ["rollup"], ["diff", "R6", "R7"]])
def test_width_out_of_range_is_a_usage_error(command: list[str], width: str) -> None:
    r = xplan(*command, "--plans", str(PLANS), "--width", width, timeout=30)
    assert r.returncode == 2 and TRACEBACK not in r.stderr and "--width" in r.stderr
    assert not r.stdout


@pytest.mark.parametrize("args", [["show", "--org", "政策局"], ["schedule", "--org", "政策局"],
                                  ["issues", "--all", "-F", "plain"], ["diff", "R6", "R7"], ["matrix", "--all"]])
def test_closed_pipe_is_quiet(args: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "XPLAN_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "xplan", *args, "--plans", str(PLANS)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) in (0, 141) and err == "", err


def test_lint_jobs_below_one_is_a_usage_error() -> None:
    r = xplan("lint", str(PLANS), "-j", "0")
    assert r.returncode == 2 and TRACEBACK not in r.stderr


# -- case 14: revisions that contain @ -------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    ("R7@stash@{0}", ("R7", "stash@{0}")),
    ("R7@main@{1}", ("R7", "main@{1}")),
    ("R7@@{1}", ("R7", "@{1}")),
    ("R7@HEAD~3", ("R7", "HEAD~3")),
    ("R7", ("R7", None)),
])
def test_diff_side_splits_at_the_first_at(spec: str, expected: tuple[str, str | None]) -> None:
    from xplan.diff.sides import split_spec

    assert split_spec(spec) == expected


def test_diff_side_file_with_at_in_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.diff.sides import split_spec

    (tmp_path / "plan@v2.yaml").write_text("x: 1\n")
    monkeypatch.chdir(tmp_path)
    assert split_spec("plan@v2.yaml@HEAD") == ("plan@v2.yaml", "HEAD")


@pytest.mark.parametrize("args", [["lint", "--help"], ["--help"], ["issues", "--all"]])
def test_a_reader_that_went_away_ends_help_and_output_alike(args: list[str]) -> None:
    # `xplan lint --help | head`: help is written by typer's own console, which used to exit 1
    read, write = os.pipe()
    os.close(read)  # every write now fails with EPIPE
    try:
        proc = subprocess.run([sys.executable, "-m", "xplan", *args], stdout=write, stderr=subprocess.PIPE,
                              cwd=ROOT, env={**os.environ, "COLUMNS": "80"}, timeout=120)
    finally:
        os.close(write)
    assert proc.returncode == 141, proc.stderr
    assert b"Traceback" not in proc.stderr
