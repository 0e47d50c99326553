"""Terminal and text output as a new user meets it (issue 31, item 9): no line padded with trailing
spaces when piped or written to a file, help that wraps at 80 columns instead of cutting words off
with …, and the rules table's summary readable at 80 columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "diff" / "plans"


def xplan(*args: str, columns: int = 80, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The executable, its output piped (as into a file, `less` or `grep`)."""
    env = {**os.environ, "COLUMNS": str(columns), "XPLAN_LANG": "ja", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "xplan", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize("args", [
    ["issues", "--all"], ["matrix", "--all"], ["orgs", "--all"], ["rollup"], ["fields"], ["rules"],
    ["show", "--org", "政策局", "B2"], ["schedule", "--org", "小倉北区"],
    ["diff", "R7", "R8", "--plans", str(FIXTURES), "--text"], ["diff", "R7", "R8", "--plans", str(FIXTURES)],
    ["agenda", "--year", "R7", "--quarter", "3"], ["progress", "--all"],
], ids=lambda a: " ".join(a[:2]))
def test_piped_output_has_no_trailing_spaces(args: list[str], tmp_path: Path) -> None:
    extra = [] if "--plans" in args or args[0] == "rules" else ["--plans", str(PLANS)]
    r = xplan(*args, *extra, "--no-cache") if args[0] != "rules" else xplan(*args)
    assert r.returncode in (0, 1), r.stderr
    padded = [n for n, line in enumerate(r.stdout.splitlines(), 1) if line != line.rstrip()]
    assert r.stdout.strip() and not padded, f"{len(padded)} lines end in spaces, first {padded[:5]}"
    if args[0] == "issues":  # written to a file with -o as well
        out = tmp_path / "issues.txt"
        assert xplan(*args, *extra, "--no-cache", "-o", str(out)).returncode == 0
        assert all(line == line.rstrip() for line in out.read_text(encoding="utf-8").splitlines())


COMMANDS = ["", "lint", "rules", "rule", "matrix", "issues", "show", "schedule", "orgs", "rollup", "fields",
            "agenda", "progress", "diff", "new", "fmt", "schema", "report", "cache"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_help_at_80_columns_wraps_descriptions(lang: str) -> None:
    """typer puts each description in a table cell that cuts it with … at the edge; every word of
    help is shown, wrapped at phrases, within 80 columns."""
    from wcwidth import wcswidth

    for command in COMMANDS:
        r = xplan("--lang", lang, *([command] if command else []), "--help")
        assert r.returncode == 0, r.stderr
        cut = [ln for ln in r.stdout.splitlines() if re.search(r"…\s*│\s*$", ln)]  # rich's ellipsis at the edge
        assert not cut, (command, cut[:3])
        assert max(wcswidth(line) for line in r.stdout.splitlines()) <= 80, command
    r = xplan("issues", "--help")
    assert "複数指定できます。既定: 組織ごとの" in r.stdout.replace("│", "").replace(" ", "").replace("\n", "") \
        or "既定:組織ごとの" in r.stdout.replace("│", "").replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("lang, label", [("ja", "概要"), ("en", "summary")])
def test_rules_summary_gets_the_width_at_80_columns(lang: str, label: str) -> None:
    """The summary is what a reader wants from `xplan rules`: severity, scope and --fix share one
    column at the terminal so that it gets more than the 14 columns it had."""
    from wcwidth import wcswidth

    r = xplan("--lang", lang, "rules")
    header = r.stdout.splitlines()[0]
    assert 80 - wcswidth(header[:header.index(label)]) >= 28, header
    assert max(wcswidth(line) for line in r.stdout.splitlines()) <= 80
    csv = xplan("--lang", lang, "rules", "-F", "csv").stdout.splitlines()[0]
    assert csv.count(",") == 5  # the text formats keep a column each for severity, scope and --fix


@pytest.mark.parametrize("org", ["小倉北区", "政策局", "総務市民局"])
def test_schedule_keeps_action_titles_phrases_whole_at_80_columns(org: str) -> None:
    """The action column wraps at phrases: 区役所窓口業|務 was cut inside a word."""
    from xplan.output.wrap import phrases, width
    from xplan.plan.loader import load

    r = xplan("schedule", "--org", org, "--plans", str(PLANS), "--no-cache")
    assert r.returncode == 0, r.stderr
    cells = [line.split("│")[1].strip() for line in r.stdout.splitlines() if line.startswith("│")]
    lines = set(cells)
    plan = next(load(p).data for p in PLANS.rglob("*.yaml") if load(p).data["organisation"]["name"] == org)
    titles = [a["title"] for i in plan["issues"] for a in i.get("actions") or [] if a.get("title")]
    assert titles
    for title in titles:
        for phrase in (p.strip() for p in phrases(title)):
            if 2 < width(phrase) <= 14:
                assert any(phrase in line for line in lines), (title, phrase)


@pytest.mark.parametrize("args", [["agenda", "--year", "R7", "--quarter", "3"], ["progress", "--all"],
                                  ["schedule", "--org", "政策局"]])
def test_issue_headings_wrap_at_phrases(args: list[str]) -> None:
    """課題B（2）…国際関連施策の実|施 was broken inside a word; headings wrap where a phrase ends."""
    r = xplan(*args, "--plans", str(PLANS), "--no-cache")
    assert r.returncode == 0, r.stderr
    text = r.stdout
    assert "施策の実\n施" not in text and "施策の実施" in text.replace("\n", "")
    heading = next(line for line in text.splitlines() if line.startswith("課題B（2）海外"))
    assert heading.endswith(("施策の", "施策の実施")), heading


def test_diff_tells_a_change_from_a_continuation() -> None:
    """→ meant both "changed to" and the document's "continues" (第4四半期: →(継続) → 【要記入】): a change
    is ⇒, and a cell that continues the previous quarter's work says 継続 (issue 31, item 10)."""
    r = xplan("diff", "R7", "R8", "--plans", str(FIXTURES), "--text", "--no-cache")
    assert r.returncode == 0, r.stderr
    assert "取組(1) 第3四半期: 継続 ⇒ オンライン申請の試行" in r.stdout
    assert "インパクト: 低 ⇒ 高" in r.stdout
    assert "→(継続)" not in r.stdout
    changes = [line for line in r.stdout.splitlines() if line.startswith("    ")]
    assert changes and not [line for line in changes if " → " in line]
