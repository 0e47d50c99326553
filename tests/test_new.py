"""`xplan new`: next year's plan drafted from the bundled plans, and skeletons without one."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS

from xplan.commands.write import run_new
from xplan.lint.engine import lint_paths
from xplan.plan.loader import load
from xplan.plan.model import TO_FILL
from xplan.write.fmt import format_text


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def _data(path: Path) -> dict[str, Any]:
    loaded = load(path)
    assert loaded.data is not None, loaded.findings
    return loaded.data


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_draft_from_last_year_lints_with_only_the_places_to_fill(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new("政策局", "R8", plans=plans) == 0
    draft = plans / "R8" / "seisaku.yaml"
    # in the default language: "wrote {path}, drafted from {source}"
    assert f"{draft} に書き出しました（" in capsys.readouterr().err and draft.is_file()
    result = lint_paths([plans])
    mine = [f for f in result.findings if f.file == str(draft)]
    assert result.counts()["error"] == 0
    # P391: the sentences naming R7, each with its `# xplan: 要確認` comment
    assert {f.code for f in mine if f.severity in ("error", "warning")} == {"P373", "P391"}
    # info: P312 every issue carried rated 高/高, P323 an overview title worded apart (both as in R7),
    # P302 the empty cells beside a row's one item to fill where R7 had only →
    assert {f.code for f in mine} <= {"P373", "P391", "P312", "P323", "P302"}
    text = draft.read_text(encoding="utf-8")
    assert len([f for f in mine if f.code == "P373"]) == sum(s.startswith(TO_FILL) for s in _strings(_data(draft)))
    assert text.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    assert format_text(text) == text  # written in the canonical layout


def test_draft_carries_every_issue_by_lineage_and_empties_the_old_year(plans: Path) -> None:
    from xplan.diff.report import build_report
    from xplan.diff.sides import resolve_pair

    assert run_new("seisaku", "令和8", plans=plans, quiet=True) == 0
    old, new = _data(plans / "R7" / "seisaku.yaml"), _data(plans / "R8" / "seisaku.yaml")
    assert (new["fiscal_year"], new["template"], new["layout"]) == ("R8", "R8", "current")
    assert new["organisation"] == old["organisation"] and new["mission"] == old["mission"]
    assert new["basic_info"]["budget"]["label"] == "令和8年度局全体当初予算額"
    assert new["basic_info"]["units"]["label"] == "組織(部名) (R8.4.1付)"
    assert new["basic_info"]["budget"]["text"].startswith(TO_FILL)
    assert all(s.startswith(TO_FILL) for s in _strings(new["review"]))
    assert [i["id"] for i in new["issues"]] == [i["id"] for i in old["issues"]] and len(new["issues"]) == 12
    for o, n in zip(old["issues"], new["issues"]):
        assert n["lineage"] == {"year": "R7", "domain": o["domain"], "id": o["id"]}
        for key in ("title", "overview_title", "field", "impact", "urgency", "content", "background", "outcomes",
                    "approach"):
            assert n.get(key) == o.get(key), key  # word for word: a sentence naming R7 gets a comment, not a mark
        assert "progress" not in n and "retrospective" not in n
        assert [a.get("title") for a in n["actions"]] == [a.get("title") for a in o["actions"]]
        cells = [c for a in n["actions"] for row in a.get("schedule", []) for q in ("q1", "q2", "q3", "q4") for c in row[q]]
        cells += [c for row in n.get("schedule", []) for q in ("q1", "q2", "q3", "q4") for c in row[q]]
        assert cells and all(isinstance(c, str) and c.startswith(TO_FILL) for c in cells)
        # a row that held only → (A1's second row) is one item to fill, not four
        rows = [r for a in o["actions"] for r in a.get("schedule", [])] + o.get("schedule", [])
        new_rows = [r for a in n["actions"] for r in a.get("schedule", [])] + n.get("schedule", [])
        for old_row, new_row in zip(rows, new_rows):
            only_arrow = all(c == {"continues": True} for q in ("q1", "q2", "q3", "q4") for c in old_row[q])
            assert sum(len(new_row[q]) for q in ("q1", "q2", "q3", "q4")) == (1 if only_arrow else 4)
    # xplan diff R7 R8 pairs all twelve by lineage
    old_side, new_side = resolve_pair("R7", "R8", plans)
    report = build_report(old_side, new_side, ["政策局"])
    pairs = [d for o in report.orgs for d in o.issues]
    assert len(pairs) == 12 and Counter(str(d.pair.how) for d in pairs) == {"lineage": 12}
    assert all(d.old_code == d.new_code for d in pairs)


def test_never_overwrites_without_force(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = plans / "R8" / "kokurakita.yaml"
    before = target.read_bytes()
    assert run_new("小倉北区", "R8", plans=plans, from_year="R8") == 2
    assert "--force" in capsys.readouterr().err and target.read_bytes() == before
    assert run_new("政策局", "R8", plans=plans, quiet=True) == 0
    draft = plans / "R8" / "seisaku.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("【要記入】令和8年度の当初予算額", "一般会計130億円"),
                     encoding="utf-8")
    assert run_new("政策局", "R8", plans=plans) == 2 and "一般会計130億円" in draft.read_text(encoding="utf-8")
    assert run_new("政策局", "R8", plans=plans, force=True, quiet=True) == 0
    assert "一般会計130億円" not in draft.read_text(encoding="utf-8")


def test_draft_from_an_older_year_or_layout(plans: Path) -> None:
    # 保健福祉局 has only an R6 retrospective sheet: R7 is drafted from it, in the current layout
    assert run_new("保健福祉局", "R7", plans=plans, quiet=True) == 0
    new = _data(plans / "R7" / "hoken-fukushi.yaml")
    assert new["layout"] == "current" and all(i["lineage"]["year"] == "R6" for i in new["issues"])
    result = lint_paths([plans / "R7" / "hoken-fukushi.yaml"])
    assert result.counts()["error"] == 0
    # R8 from R6 skips a year: no lineage (it always names the previous year, P341), and --from is needed
    assert run_new("保健福祉局", "R9", plans=plans, quiet=True) == 2
    assert run_new("八幡東区", "R8", from_year="R6", plans=plans, quiet=True) == 0
    skipped = _data(plans / "R8" / "yahatahigashi.yaml")
    assert all("lineage" not in i for i in skipped["issues"])
    assert lint_paths([plans / "R8" / "yahatahigashi.yaml"]).counts()["error"] == 0


def test_skeleton_for_an_organisation_without_a_plan(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new("若松区", "R8", plans=plans) == 2
    assert "--kind" in capsys.readouterr().err
    assert run_new("若松区", "R8", kind="ward", plans=plans) == 2
    assert "--slug" in capsys.readouterr().err
    assert run_new("若松区", "R8", kind="ward", slug="wakamatsu", plans=plans, quiet=True) == 0
    path = plans / "R8" / "wakamatsu.yaml"
    data = _data(path)
    assert data["organisation"] == {"name": "若松区", "kind": "ward", "slug": "wakamatsu"}
    assert data["basic_info"]["budget"]["label"] == "令和8年度区全体当初予算額"
    assert [i["id"] for i in data["issues"]] == ["A1", "B1", "C1"]
    result = lint_paths([path])
    codes = Counter(f.code for f in result.findings)
    assert result.counts()["error"] == 0 and "P381" not in codes  # every section of the template is there
    assert set(codes) <= {"P373", "P311"}  # ratings are the planner's to give (高/低 cannot be a placeholder)
    assert format_text(path.read_text(encoding="utf-8")) == path.read_text(encoding="utf-8")


# -- issue 31 item 8: year-bound text, → rows, overview titles ------------------------------

def test_text_naming_the_old_year_is_marked_for_review(plans: Path) -> None:
    from xplan.write.draft import names_year

    assert run_new("政策局", "R8", plans=plans, quiet=True) == 0
    draft = plans / "R8" / "seisaku.yaml"
    lines = draft.read_text(encoding="utf-8").splitlines()
    marked = [line for line in lines if "# xplan: 要確認 令和7年度を指す文" in line]
    assert any("- 令和7年度は、これまでのAI・RPAの取組" in line for line in marked)
    assert any("- R7年度も引き続き" in line for line in marked)
    # each marked line names R7, and every carried sentence that names R7 is marked
    texts = {s for i in _data(draft)["issues"] for key in ("content", "background", "outcomes", "approach")
             for s in _strings(i.get(key))} | set(_strings(_data(draft)["mission"]))
    naming = [s for s in texts if names_year(s, "R7")]
    assert naming and all(any(f"- {s}  # xplan: 要確認" in line or f": {s}  # xplan: 要確認" in line for line in marked)
                          for s in naming)
    # lint lists each one to check (rule P391, as it lists xplan import's doubts), on its line
    findings = [f for f in lint_paths([draft]).findings if f.code == "P391"]
    assert sorted(f.line for f in findings) == [n for n, line in enumerate(lines, 1) if "# xplan: 要確認" in line]
    assert len(findings) == len(marked)


def test_overview_titles_are_kept_so_diff_reports_no_retitling(plans: Path) -> None:
    from xplan.diff.report import build_report
    from xplan.diff.sides import resolve_pair

    assert run_new("総務市民局", "R8", plans=plans, quiet=True) == 0
    old, new = _data(plans / "R7" / "somu-shimin.yaml"), _data(plans / "R8" / "somu-shimin.yaml")
    assert [i.get("overview_title") for i in new["issues"]] == [i.get("overview_title") for i in old["issues"]]
    assert any(i.get("overview_title") for i in old["issues"])
    report = build_report(*resolve_pair("R7", "R8", plans), ["総務市民局"])
    pairs = [d for o in report.orgs for d in o.issues]
    assert len(pairs) == len(old["issues"])
    assert not [c for d in pairs for c in d.changes if "title" in str(getattr(c, "field", ""))]


# -- issue 23 item 5: a source new cannot carry safely ----------------------------------------

def test_a_source_with_cr_line_ends_gives_a_valid_draft(plans: Path) -> None:
    source = plans / "R7" / "seisaku.yaml"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r"))
    assert run_new("政策局", "R8", plans=plans, quiet=True) == 0
    text = (plans / "R8" / "seisaku.yaml").read_text(encoding="utf-8")
    assert text.count("schema_version:") == 1 and text.splitlines()[0].endswith("plan.schema.json")
    assert lint_paths([plans / "R8" / "seisaku.yaml"]).counts()["error"] == 0


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace("  - id: B1\n    domain: B\n", "  - number: 9\n", 1), "id"),  # no id nor domain
    (lambda t: t.replace("    impact: 高\n", "    impact: 中\n", 1), "impact"),
    (lambda t: t.replace("fiscal_year: R7\n", "fiscal_year: R7\nfiscal_year: R7\n", 1), "fiscal_year"),
])
def test_a_source_it_cannot_carry_is_named_and_nothing_is_written(
        plans: Path, capsys: pytest.CaptureFixture[str], edit: Any, words: str) -> None:
    source = plans / "R7" / "seisaku.yaml"
    source.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_new("政策局", "R8", plans=plans) == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(source))}:\d+:\d+: ", err) and "Traceback" not in err, err
    assert not (plans / "R8" / "seisaku.yaml").exists()
