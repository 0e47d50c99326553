"""Issue 28: the plan's year — ⑥ entries added in December (`xplan checkpoint`), the year-end ⑦⑧
(`xplan retro`), on copies of the bundled plans; and a property test that neither ever changes a
value or a comment the plan already held."""

from __future__ import annotations

import difflib
import random
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xplan.commands.cycle import run_checkpoint, run_retro
from xplan.cycle.checkpoint import checkpoint
from xplan.cycle.edit import EditError
from xplan.cycle.retro import retro
from xplan.lint.engine import lint_paths
from xplan.plan.loader import load, parse
from xplan.plan.model import TO_FILL

REAL = ["R8/kokurakita", "R7/somu-shimin", "R7/seisaku", "R6/yahatahigashi", "R6/hoken-fukushi"]


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def _data(path: Path) -> dict[str, Any]:
    loaded = load(path)
    assert loaded.data is not None, loaded.findings
    return loaded.data


def _to_fill(plans: Path, path: Path) -> list[str]:
    """The pointers lint lists as to-fill (P373) in one file."""
    return [f.path for f in lint_paths([plans]).findings if f.file == str(path) and f.code == "P373"]


def _comments(text: str) -> Counter[str]:
    """Own-line comments, as written (what a planner wrote above a key)."""
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def _only_inserted(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line was changed or removed."""
    added = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(),
                                                      autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), (op, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
        if op == "insert":
            added += after.splitlines()[j1:j2]
    return added


def test_checkpoint_adds_one_entry_per_action_and_lint_lists_exactly_those(
        plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plans / "R7" / "somu-shimin.yaml"
    before_text, before = path.read_text(encoding="utf-8"), _data(path)
    assert _to_fill(plans, path) == []
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans) == 0
    assert "8" in capsys.readouterr().err
    after_text, after = path.read_text(encoding="utf-8"), _data(path)
    # every line of the file is still there, in order: the entries and their comments are inserted
    added = _only_inserted(before_text, after_text)
    assert _comments(before_text) <= _comments(after_text)
    # one entry per action: issues with one action report as a whole (as 政策局's ⑥ does)
    want = []
    for n, issue in enumerate(after["issues"]):
        old = before["issues"][n]
        actions = old.get("actions") or []
        new = issue.get("progress", [])[len(old.get("progress", [])):]
        expected = [None] if len(actions) == 1 else [a["number"] for a in actions]
        assert [c.get("action") for c in new] == expected, issue["id"]
        for k, c in enumerate(new):
            assert c["label"] == "⑥進捗状況(令和7年12月時点)" and c["as_of"] == "2025-12"
            assert len(c["items"]) == 1 and c["items"][0].startswith(TO_FILL)
            want.append(f"/issues/{n}/progress/{len(old.get('progress', [])) + k}/items/0")
    assert len(want) == 8  # A1 (1), A2 (2), B1 (2), B2 (3); B3 stops before ⑤, B4–C2 have no detail
    assert _to_fill(plans, path) == want
    # beside each entry: what the quarter cells planned up to December
    assert sum(line.strip().startswith("# 予定（2025-12まで") for line in added) == 8
    assert "#     第1四半期：オープンデータの更新" in after_text  # A2 (2)'s first quarter, quoted
    assert "#     第3四半期：冊子を作成して、各市民センターに配布" in after_text
    # a second run changes nothing
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans) == 0
    assert path.read_text(encoding="utf-8") == after_text


def test_filling_an_entry_in_clears_it_from_lint(plans: Path) -> None:
    path = plans / "R7" / "somu-shimin.yaml"
    assert run_checkpoint(["somu-shimin"], "令和7年12月", plans=plans, quiet=True) == 0
    text = path.read_text(encoding="utf-8")
    filled = text.replace("【要記入】取組(1)の令和7年12月時点の進捗状況", "条例改正案を議会に提出した。", 1)
    path.write_text(filled, encoding="utf-8")
    assert len(_to_fill(plans, path)) == 7
    path.write_text(re.sub(r"【要記入】\S*の進捗状況", "報告した。", filled), encoding="utf-8")
    assert _to_fill(plans, path) == []
    assert run_checkpoint(["somu-shimin"], "2025-12", plans=plans, quiet=True) == 0
    assert path.read_text(encoding="utf-8").count(TO_FILL) == 0  # a written entry is never added again


def test_a_plan_that_already_reports_the_date_is_left_alone(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plans / "R7" / "seisaku.yaml"
    before = path.read_bytes()
    assert run_checkpoint(["政策局"], "2025-12", plans=plans) == 0
    assert path.read_bytes() == before
    # a later date: every issue gets its own entry again, per issue where the document reports per issue
    edit = checkpoint(path, "2026-03")
    new = _data(path)  # unchanged on disk: checkpoint() writes nothing
    assert path.read_bytes() == before
    data = parse("x", edit.after).data
    assert data is not None
    for old, issue in zip(new["issues"], data["issues"]):
        added = issue["progress"][len(old["progress"]):]
        per_issue = all("action" not in c for c in old["progress"])
        assert [c.get("action") for c in added] == ([None] if per_issue else [c["action"] for c in old["progress"]])
        assert all(c["label"] == "⑥進捗状況(令和8年3月時点)" for c in added)


def test_diff_shows_the_change_and_writes_nothing(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plans / "R7" / "somu-shimin.yaml"
    before = path.read_bytes()
    assert run_checkpoint(["総務市民局"], "2025-12", diff=True, plans=plans) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}") and "+    progress:" in out and path.read_bytes() == before


def test_date_and_selection_errors_exit_2(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    # 2025-12 is in R7; 小倉北区 has only R8
    with pytest.raises(typer.Exit) as exc:
        run_checkpoint(["小倉北区"], "2025-12", plans=plans)
    assert exc.value.exit_code == 2 and "R7" in capsys.readouterr().err
    assert run_checkpoint(["小倉北区"], "2025-12", year="R8", plans=plans) == 2
    assert "R8" in capsys.readouterr().err
    with pytest.raises(typer.Exit):
        run_checkpoint(None, "2025-12", plans=plans)  # --org or --all-orgs


def test_a_broken_plan_is_named_with_its_first_error_and_left_alone(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plans / "R7" / "somu-shimin.yaml"
    broken = path.read_text(encoding="utf-8").replace("    impact: 高\n", "    impact: 中\n", 1)
    path.write_text(broken, encoding="utf-8")
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans) == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: ", err) and "xplan lint" in err
    assert path.read_text(encoding="utf-8") == broken


def test_all_orgs_adds_to_every_plan_of_the_year(plans: Path) -> None:
    assert run_checkpoint(None, "2025-12", all_orgs=True, plans=plans, quiet=True) == 0
    assert len(_to_fill(plans, plans / "R7" / "somu-shimin.yaml")) == 8
    assert _to_fill(plans, plans / "R7" / "seisaku.yaml") == []  # already reported for December
    assert _to_fill(plans, plans / "R8" / "kokurakita.yaml") == []  # another year


def test_retro_adds_the_review_to_each_issue_beside_its_progress(plans: Path) -> None:
    path = plans / "R7" / "seisaku.yaml"
    before_text, before = path.read_text(encoding="utf-8"), _data(path)
    assert run_retro(["政策局"], "R7", plans=plans, quiet=True) == 0
    text, after = path.read_text(encoding="utf-8"), _data(path)
    added = _only_inserted(before_text, text)
    assert all(i["retrospective"] == {"achieved": [f"{TO_FILL}⑦変革が実現した課題・取組内容・市民にもたらされた効果"],
                                      "fell_short": [f"{TO_FILL}⑧取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え"]}
               for i in after["issues"])
    assert len(_to_fill(plans, path)) == 2 * len(before["issues"])
    # the ⑥ entries quoted in comments beside them, word for word
    for issue in before["issues"]:
        for c in issue["progress"]:
            for item in c["items"]:
                text_of = item if isinstance(item, str) else item["lead"]  # a lead-in: its lead, items below it
                assert f"#   {text_of}" in [line.strip() for line in added]
    assert run_retro(["政策局"], "R7", plans=plans, quiet=True) == 0
    assert path.read_text(encoding="utf-8") == text


def test_retro_keeps_a_written_review(plans: Path) -> None:
    path = plans / "R6" / "hoken-fukushi.yaml"
    before = _data(path)
    edit = retro(path)
    after = parse("x", edit.after).data
    assert after is not None
    for old, new in zip(before["issues"], after["issues"]):
        for key in ("achieved", "fell_short"):
            if key in old.get("retrospective", {}):
                assert new["retrospective"][key] == old["retrospective"][key]
            else:
                assert new["retrospective"][key][0].startswith(TO_FILL)


# -- property: never a value or a comment changed ---------------------------------------------

def _contained(before: Any, after: Any) -> bool:
    if isinstance(before, dict):
        return isinstance(after, dict) and all(k in after and _contained(v, after[k]) for k, v in before.items())
    if isinstance(before, list):
        return isinstance(after, list) and len(after) >= len(before) and all(
            _contained(b, a) for b, a in zip(before, after))
    return type(before) is type(after) and before == after


def _check_only_adds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = parse(str(path), text).data
    marks = re.findall(r"# (?:mark|eol)-\d+", text)
    year = re.search(r"^fiscal_year: R(\d+)", text, re.MULTILINE)
    start = 2018 + int(year.group(1)) if year else 2025  # December and March of the plan's own year
    for make in (lambda: checkpoint(path, f"{start}-12"), lambda: checkpoint(path, f"{start + 1}-03"),
                 lambda: retro(path)):
        try:
            edit = make()
        except EditError:
            continue  # a plan it cannot change safely is refused, and left alone
        except ValueError:
            continue  # a date outside the plan's year
        after = parse(str(path), edit.after).data
        assert after is not None and _contained(before, after)
        assert _comments(text) <= _comments(edit.after)
        assert Counter(marks) <= Counter(re.findall(r"# (?:mark|eol)-\d+", edit.after))


@pytest.mark.parametrize("key", REAL)
def test_real_plans_keep_every_value_and_comment(key: str, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    shutil.copy(PLANS / f"{key}.yaml", path)
    _check_only_adds(path)


def _mutate(text: str, rnd: random.Random, n: int) -> str:
    """Comments on their own lines and at line ends, deleted lines (an entry's key, a progress
    entry…) and changed values: plans a writer meets after people edited them by hand."""
    lines = text.splitlines()
    for k in range(n):
        i = rnd.randrange(1, len(lines))
        kind = rnd.choice([0, 0, 0, 1, 1, 1, 2, 3])
        if kind == 0:
            indent = len(lines[i]) - len(lines[i].lstrip())
            lines.insert(i, " " * indent + f"# mark-{k}")
        elif kind == 1 and ": " in lines[i] and "#" not in lines[i]:
            lines[i] += f"  # eol-{k}"
        elif kind == 2:
            del lines[i]
        else:
            lines[i] = re.sub(r"(as_of|action|number): \S+", lambda m: f"{m.group(1)}: {rnd.choice(['2025-11', '2', '7', 'x'])}",
                              lines[i])
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL), st.randoms(use_true_random=False), st.integers(1, 12))
def test_mutated_plans_keep_every_value_and_comment(key: str, rnd: random.Random, n: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(_mutate((PLANS / f"{key}.yaml").read_text(encoding="utf-8"), rnd, n), encoding="utf-8")
        _check_only_adds(path)


# -- status: who still has to write what ----------------------------------------------------

def _status(plans: Path, *args: str) -> tuple[int, dict[str, Any]]:
    import json

    from typer.testing import CliRunner

    from xplan.cli import app

    r = CliRunner().invoke(app, ["status", "--plans", str(plans), "-F", "json", *args])
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, json.loads(r.stdout)


def _row(data: dict[str, Any], org: str) -> dict[str, Any]:
    return next(r for r in data["orgs"] if r["org"] == org)


def test_status_counts_the_entries_checkpoint_adds_until_they_are_written(plans: Path) -> None:
    code, data = _status(plans, "--as-of", "2025-12", "--check")
    assert [r["org"] for r in data["orgs"]] == ["政策局", "総務市民局", "保健福祉局", "小倉北区", "八幡東区"]
    assert (data["year"], data["as_of"]) == ("R7", "2025-12")
    assert _row(data, "保健福祉局")["plan"] is None  # no R7 plan
    seisaku, somu = _row(data, "政策局"), _row(data, "総務市民局")
    assert seisaku["progress"] == {"due": 27, "written": 27}  # its document reports December for every action
    # 総務市民局's document has no ⑥: every action's entry is due and none is written
    assert somu["progress"] == {"due": 8, "written": 0} and somu["outstanding"] == 8 and somu["to_fill"] == 0
    assert code == 1 and data["total"]["outstanding"] == 8 and data["total"]["plans"] == 2
    path = plans / "R7" / "somu-shimin.yaml"
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans, quiet=True) == 0
    code, data = _status(plans, "--as-of", "2025-12", "--check")
    somu = _row(data, "総務市民局")
    assert code == 1 and somu["progress"] == {"due": 8, "written": 0} and somu["to_fill"] == 8
    assert somu["warnings"] == _row(_status(plans, "--as-of", "2025-12")[1], "総務市民局")["warnings"]
    # filling them in (as a planner edits the file) clears them from lint and from status
    path.write_text(re.sub(r"【要記入】\S*の進捗状況", "条例改正案の検討を進めた。", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    assert _to_fill(plans, path) == []
    code, data = _status(plans, "--as-of", "2025-12", "--check")
    somu = _row(data, "総務市民局")
    assert code == 0 and somu["progress"] == {"due": 8, "written": 8} and somu["to_fill"] == 0
    assert data["total"]["outstanding"] == 0


def test_status_asks_for_the_review_at_year_end(plans: Path) -> None:
    # March is the year's last month: ⑦⑧ are due for every issue, and the ⑥ entries of that date
    code, data = _status(plans, "--year", "R7", "--as-of", "2026-03", "--check")
    seisaku = _row(data, "政策局")
    assert code == 1 and seisaku["retrospective"] == {"issues": 12, "written": 0, "due": True}
    assert run_retro(["政策局"], "R7", plans=plans, quiet=True) == 0
    assert _row(_status(plans, "--year", "R7", "--as-of", "2026-03")[1], "政策局")["retrospective"]["written"] == 0
    path = plans / "R7" / "seisaku.yaml"
    text = path.read_text(encoding="utf-8").replace("【要記入】⑦変革が実現した課題・取組内容・市民にもたらされた効果", "AI活用が定着した。")
    path.write_text(text.replace("【要記入】⑧取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え", "なし"), encoding="utf-8")
    assert _row(_status(plans, "--year", "R7", "--as-of", "2026-03")[1], "政策局")["retrospective"]["written"] == 12
    # before March the review is not due yet; in another year's month no ⑥ is due
    _, data = _status(plans, "--year", "R8", "--as-of", "2025-12")
    assert _row(data, "小倉北区")["progress"] == {"due": 0, "written": 0}


def test_status_table_at_80_columns(plans: Path) -> None:
    from typer.testing import CliRunner
    from wcwidth import wcswidth

    from xplan.cli import app

    r = CliRunner().invoke(app, ["status", "--plans", str(plans), "--as-of", "2025-12", "--width", "80"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert max(wcswidth(line) for line in lines) <= 80
    row = next(line for line in lines if line.startswith("総務市民局"))
    assert row.split() == ["総務市民局", "あり", "0", "7", "0", "8", "0", "11", "0"]
    assert any(line.startswith("合計") for line in lines)
    csv = CliRunner().invoke(app, ["status", "--plans", str(plans), "--as-of", "2025-12", "-F", "csv"]).stdout
    assert csv.splitlines()[2] == "総務市民局,あり,0,7,0,8,0,11,0"


def test_the_year_end_review_opens_next_years_plan(plans: Path) -> None:
    """checkpoint, retro, the planner writes ⑦⑧, then new: section 3 of the R8 draft starts from them."""
    from xplan.commands.write import run_new
    from xplan.diff.report import build_report
    from xplan.diff.sides import resolve_pair

    path = plans / "R7" / "somu-shimin.yaml"
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans, quiet=True) == 0
    assert run_retro(["総務市民局"], "R7", plans=plans, quiet=True) == 0
    text = path.read_text(encoding="utf-8")
    n = 0

    def write(m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return f"{'待ち時間が短くなった' if m.group(1) == '⑦' else '周知が遅れた'}（{n}）。"

    path.write_text(re.sub(r"【要記入】(⑦|⑧)\S+", write, text), encoding="utf-8")
    r7 = _data(path)
    assert run_new("総務市民局", "R8", plans=plans, quiet=True) == 0
    review = _data(plans / "R8" / "somu-shimin.yaml")["review"]
    for key in ("achieved", "fell_short"):
        assert [b["items"] for b in review[key]] == [i["retrospective"][key] for i in r7["issues"]]
        assert [b["heading"] for b in review[key]] == [f"課題{i['domain']}（{i['number']}）{i['title']}"
                                                        for i in r7["issues"]]
    assert review["overall"][0].startswith(TO_FILL)  # the overall review is the planner's to write
    # lint asks the planner to check each carried review (P391, on the heading's line), and diff pairs every issue
    draft = plans / "R8" / "somu-shimin.yaml"
    lines = draft.read_text(encoding="utf-8").splitlines()
    check = [f for f in lint_paths([draft]).findings if f.code == "P391" and "振り返り" in f.message]
    assert len(check) == 2 * len(r7["issues"])
    assert all(lines[f.line - 1].lstrip().startswith("- heading: 課題") for f in check)
    report = build_report(*resolve_pair("R7", "R8", plans), ["総務市民局"])
    pairs = [d for o in report.orgs for d in o.issues]
    assert len(pairs) == len(r7["issues"]) and {str(d.pair.how) for d in pairs} == {"lineage"}


def test_the_report_index_has_the_status_table(plans: Path) -> None:
    """The same table as `xplan status`, for the year and date the page names."""
    from html.parser import HTMLParser

    from xplan.report.site import make_site

    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans, quiet=True) == 0
    _, docs = make_site(plans)

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.attrs: dict[str, str | None] = {}
            self.rows: list[list[str]] = []
            self.inside = False
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table" and ("class", "data status-table") in attrs:
                self.inside, self.attrs = True, dict(attrs)
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append("".join(self.cell).strip())
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    page = Rows()
    page.feed(docs["index.html"])
    year, as_of = page.attrs["data-year"], page.attrs["data-as-of"]
    assert year and as_of
    _, data = _status(plans, "--year", year, "--as-of", as_of)
    body = page.rows[1:-1]
    assert [r[0] for r in body] == [r["org"] for r in data["orgs"]]
    for cells, row in zip(body, data["orgs"]):
        if row["plan"] is None:
            assert cells[1:] == ["なし"] + ["—"] * 7
        else:
            assert cells[1:] == ["あり"] + [str(v) for v in (row["errors"], row["warnings"], row["to_fill"],
                                                           row["progress"]["due"], row["progress"]["written"],
                                                           row["retrospective"]["issues"], row["retrospective"]["written"])]
    # the R7 table, asked for: 総務市民局's eight entries show as due and not written
    from xplan.cycle.status import for_report
    from xplan.lint.engine import lint_paths
    from xplan.plan.catalog import load_catalog

    r7 = for_report(load_catalog(plans).plans, lint_paths([plans]), "2025-12")
    assert r7 is not None and r7.year == "R7"
    somu = next(r for r in r7.rows if r.org == "総務市民局")
    assert (somu.progress_due, somu.progress_written, somu.to_fill) == (8, 0, 8)


def test_a_plan_linked_from_outside_the_folder_is_not_written(plans: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(plans / "R7" / "somu-shimin.yaml", outside)
    (plans / "R7" / "somu-shimin.yaml").symlink_to(outside)
    before = outside.read_bytes()
    assert run_checkpoint(["総務市民局"], "2025-12", plans=plans) == 2
    assert str(outside) in capsys.readouterr().err and outside.read_bytes() == before
    assert run_retro(["総務市民局"], "R7", plans=plans, quiet=True) == 2 and outside.read_bytes() == before
