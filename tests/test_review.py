"""The December review (issue 14): ``xplan agenda`` and ``xplan progress`` on the real plans.

The expected cells and checkpoints are read from the plan files with ruamel.yaml directly, not
through xplan's model or views, so that a view dropping or inventing an item fails here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from xplan.cli import app
from xplan.plan.years import (
    YearError,
    fiscal_quarter,
    parse_month,
    parse_quarter,
    quarter_months,
    quarters_started,
    resolve_quarter,
)

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
SCHEMAS = ROOT / "schema" / "output"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "COLUMNS": None,
       "XPLAN_LANG": "ja"}


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--plans", str(PLANS)], env=ENV)
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def raw(path: str) -> Any:
    return YAML(typ="safe", pure=True).load((PLANS / path).read_text(encoding="utf-8"))


def _quarters_of(period: str) -> set[str]:
    """6～12月 -> {q1, q2, q3}: written out here, apart from the view's own reading of ranges."""
    a, _, b = unicodedata.normalize("NFKC", period).rstrip("月").partition("~")
    months = range(int(a), int(b or a) + 1) if int(a) <= int(b or a) else [*range(int(a), 13), *range(1, int(b) + 1)]
    return {{4: "q1", 5: "q1", 6: "q1", 7: "q2", 8: "q2", 9: "q2", 10: "q3", 11: "q3", 12: "q3"}.get(m, "q4")
            for m in months}


def _dated(blocks: list[Any]) -> list[dict[str, str]]:
    out = []
    for b in blocks or []:
        if isinstance(b, dict) and "period" in b:
            out.append(b)
        elif isinstance(b, dict) and "items" in b:
            out += _dated(b["items"])
    return out


def expected_quarter(path: str, quarter: str) -> list[tuple[str, list[Any]]]:
    """(issue id, cell) for every table row whose cell for the quarter holds something, in file
    order (each action's month ranges and rows, then the issue's shared table); month-range
    items as (issue id, [period])."""
    out: list[tuple[str, list[Any]]] = []
    for issue in raw(path)["issues"]:
        for action in issue.get("actions") or []:
            if action.get("period") and quarter in _quarters_of(action["period"]):
                out.append((issue["id"], [action["period"]]))
            for item in _dated(action.get("description")):
                if quarter in _quarters_of(item["period"]):
                    out.append((issue["id"], [item["period"]]))
            for row in action.get("schedule") or []:
                if "period" in row:
                    if quarter in _quarters_of(row["period"]):
                        out.append((issue["id"], [row["period"]]))
                elif row.get(quarter):
                    out.append((issue["id"], row[quarter]))
        for row in issue.get("schedule") or []:
            if "period" in row:
                if quarter in _quarters_of(row["period"]):
                    out.append((issue["id"], [row["period"]]))
            elif row.get(quarter):
                out.append((issue["id"], row[quarter]))
    return out


def shown_quarter(plan: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """The same shape from the agenda's JSON: items as the plan writes them."""
    out = []
    for issue in plan["issues"]:
        for e in issue["entries"]:
            if e["kind"] == "period":
                out.append((issue["code"], [e["period"]]))
            else:
                out.append((issue["code"], [{"continues": True} if i.get("continues") else i["text"]
                                            for i in e["items"]]))
    return out


def validate(name: str, data: Any) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


# -- agenda ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("quarter", ["q1", "q2", "q3", "q4"])
def test_agenda_lists_every_cell_of_the_quarter_as_the_files_hold_them(quarter: str) -> None:
    data = json.loads(ok("agenda", "--year", "R7", "--quarter", quarter[1], "-F", "json"))
    validate("agenda", data)
    plans = {p["org"]: p for p in data["plans"]}
    assert set(plans) == {"政策局", "総務市民局"}
    for org, path in (("政策局", "R7/seisaku.yaml"), ("総務市民局", "R7/somu-shimin.yaml")):
        expected = expected_quarter(path, quarter)
        assert expected, f"{org} has cells in {quarter}"
        assert shown_quarter(plans[org]) == expected


def test_agenda_q3_counts() -> None:
    """The done-when case: R7 Q3 of both bureaus, counted from the files."""
    data = json.loads(ok("agenda", "--year", "R7", "--quarter", "3", "-F", "json"))
    counts = {p["org"]: sum(len(i["entries"]) for i in p["issues"]) for p in data["plans"]}
    assert counts == {"政策局": len(expected_quarter("R7/seisaku.yaml", "q3")),
                      "総務市民局": len(expected_quarter("R7/somu-shimin.yaml", "q3"))}
    somu = next(p for p in data["plans"] if p["org"] == "総務市民局")
    # B1's two 6～12月 items are placed in Q3, B3–C2 have no table in the document
    assert [e["period"] for i in somu["issues"] for e in i["entries"] if e["kind"] == "period"] == ["6～12月"] * 2
    assert somu["unscheduled_issues"] == ["B3", "B4", "B5", "B6", "B7", "C1", "C2"]


def test_continuation_is_shown_with_the_item_it_continues() -> None:
    data = json.loads(ok("agenda", "--org", "政策局", "--year", "R7", "--quarter", "3", "-F", "json"))
    b2 = next(i for i in data["plans"][0]["issues"] if i["code"] == "B2")
    (arrow,) = [it for e in b2["entries"] if e["action"] == 4 for it in e["items"] if it.get("continues")]
    action4 = next(a for i in raw("R7/seisaku.yaml")["issues"] if i["id"] == "B2" for a in i["actions"] if a["number"] == 4)
    assert action4["schedule"][0]["q3"] == [{"continues": True}]
    assert arrow == {"continues": True, "continued_from": "q1", "continued": action4["schedule"][0]["q1"]}
    text = ok("agenda", "--org", "政策局", "--year", "R7", "--quarter", "3", "-F", "markdown")
    assert f"継続（{action4['schedule'][0]['q1'][0]}）" in text


@pytest.mark.parametrize("spelling", [["--quarter", "3"], ["--quarter", "Q3"], ["--quarter", "第3四半期"],
                                      ["--quarter", "３"], ["--quarter", "2025Q3"], ["--quarter", "２０２５Ｑ３"],
                                      ["--month", "2025-11"], ["--month", "令和7年10月"]])
def test_quarter_spellings_agree(spelling: list[str]) -> None:
    year = [] if spelling[1][0] in "2２令" else ["--year", "R7"]
    assert ok("agenda", *year, *spelling, "-F", "json") == ok("agenda", "--year", "R7", "--quarter", "3", "-F", "json")


def test_month_names_its_quarter_and_year() -> None:
    data = json.loads(ok("agenda", "--month", "2026-02", "-F", "json"))
    assert {(p["year"], p["quarter"]) for p in data["plans"]} == {("R7", "q4")}
    assert data["plans"][0]["months"] == ["2026-01", "2026-03"]


@pytest.mark.parametrize(("args", "needle"), [
    (["--quarter", "5"], "'5'"),
    (["--quarter", "3", "--month", "2025-11"], "--month"),
    (["--year", "R6", "--quarter", "2025Q3"], "R6"),
    (["--month", "2025-13"], "2025-13"),
    (["--year", "R5", "--quarter", "1"], ""),
])
def test_agenda_usage_errors_exit_2(args: list[str], needle: str) -> None:
    result = run("agenda", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and needle in result.stderr


def test_agenda_r6_plan_says_it_has_no_schedule() -> None:
    data = json.loads(ok("agenda", "--org", "八幡東区", "--quarter", "3", "-F", "json"))
    assert data["plans"][0]["has_schedule"] is False and data["plans"][0]["issues"] == []
    assert "R6" in ok("agenda", "--org", "八幡東区", "--quarter", "3", "-F", "markdown")


@pytest.mark.parametrize("fmt", ["rich", "markdown", "html", "csv", "tsv", "github", "grid"])
def test_agenda_every_format(fmt: str) -> None:
    out = ok("agenda", "--year", "R7", "--quarter", "3", "-F", fmt, "--width", "80")
    assert "首長会談等の開催" in out and "スマホ講座・アプリ導入支援" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        body = [r for r in rows[1:] if r[3]]
        assert len(body) == sum(len(expected_quarter(p, "q3")) for p in ("R7/seisaku.yaml", "R7/somu-shimin.yaml"))
        assert {len(r) for r in rows} == {len(rows[0])}


# -- progress -------------------------------------------------------------------------------------

def test_progress_shows_all_27_checkpoints_against_their_actions() -> None:
    data = json.loads(ok("progress", "--org", "政策局", "-F", "json"))
    validate("progress", data)
    (plan,) = data["plans"]
    issues = raw("R7/seisaku.yaml")["issues"]
    expected = {}
    for issue in issues:
        for cp in issue.get("progress") or []:
            # a checkpoint that names no action is the issue's only action's
            number = cp.get("action", issue["actions"][0].get("number") if len(issue["actions"]) == 1 else None)
            expected[(issue["id"], number)] = cp["items"]
    assert len(expected) == 27
    shown = {(i["code"], a["action"]): c["items"] for i in plan["issues"] for a in i["actions"] for c in a["checkpoints"]}
    assert shown == expected
    assert all(a["status"] == "reported" and not a["whole_issue"] for i in plan["issues"] for a in i["actions"])
    assert plan["status"] == "reported" and plan["as_of"] == "2025-12"
    assert plan["summary"] == {"actions": 27, "with_progress": 27, "without_progress": 0}


def test_plan_without_progress_section_is_not_27_missing_reports() -> None:
    data = json.loads(ok("progress", "--org", "総務市民局", "--year", "R7", "-F", "json"))
    validate("progress", data)
    (plan,) = data["plans"]
    assert plan["status"] == "no_progress_section" and plan["issues"] == []
    assert plan["summary"]["with_progress"] is None and plan["summary"]["without_progress"] is None
    text = ok("progress", "--org", "総務市民局", "--year", "R7", "-F", "markdown")
    assert "進捗状況の記載なし" in text and "未報告" not in text


def test_as_of_before_the_checkpoints_counts_them_as_later() -> None:
    data = json.loads(ok("progress", "--org", "政策局", "--as-of", "2025-11", "-F", "json"))
    validate("progress", data)
    (plan,) = data["plans"]
    actions = [a for i in plan["issues"] for a in i["actions"]]
    assert plan["summary"] == {"actions": 27, "with_progress": 0, "without_progress": 27}
    assert sum(len(a["later_checkpoints"]) for a in actions) == 27
    assert {p["quarter"] for a in actions for p in a["planned"]} == {"q1", "q2", "q3"}


def test_planned_items_up_to_the_date_come_from_the_schedule() -> None:
    data = json.loads(ok("progress", "--org", "政策局", "--as-of", "2025-06", "-F", "json"))
    b1 = next(i for i in data["plans"][0]["issues"] if i["code"] == "B1")
    row = next(i for i in raw("R7/seisaku.yaml")["issues"] if i["id"] == "B1")["actions"][0]["schedule"][0]
    assert b1["actions"][0]["planned"] == [{"quarter": "q1", "label": None, "items": [{"text": t} for t in row["q1"]]}]


def test_progress_summary_row_per_plan() -> None:
    data = json.loads(ok("progress", "-F", "json"))
    validate("progress", data)
    status = {(p["org"], p["year"]): p["status"] for p in data["plans"]}
    assert status[("総務市民局", "R7")] == "no_progress_section"
    assert status[("八幡東区", "R6")] == "no_progress_section"
    assert status[("保健福祉局", "R6")] == "reported"  # the retrospective sheet's two checkpoints
    md = ok("progress", "-F", "markdown")
    summary = md[md.rindex("\n## "):]
    assert summary.count("\n| ") == 1 + len(data["plans"])  # header + one row per plan


@pytest.mark.parametrize("fmt", ["rich", "markdown", "html", "csv", "tsv", "github"])
def test_progress_every_format(fmt: str) -> None:
    out = ok("progress", "--org", "政策局", "--org", "総務市民局", "-F", fmt, "--width", "80")
    assert "下関市長とは" in out and "進捗状況の記載なし" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) == 1 + 27 + 1  # header, 政策局's actions, 総務市民局's one line


def test_rich_progress_fits_80_columns() -> None:
    from wcwidth import wcswidth

    out = ok("progress", "--org", "政策局", "--width", "80")
    assert max(wcswidth(line) for line in out.splitlines()) <= 80


def test_progress_bad_date_exit_2() -> None:
    result = run("progress", "--as-of", "December")
    assert result.exit_code == 2 and "December" in result.stderr


# -- years ----------------------------------------------------------------------------------------

def test_quarter_and_month_parsing() -> None:
    assert parse_quarter("第３四半期") == (None, "q3")
    assert parse_quarter("令和7年度第4四半期") == ("R7", "q4")
    assert parse_quarter("FY2025 Q1") == ("R7", "q1")
    assert parse_month("R7.12") == "2025-12" and parse_month("2026年1月") == "2026-01"
    assert fiscal_quarter("2026-03") == ("R7", "q4") and fiscal_quarter("2025-04") == ("R7", "q1")
    assert quarter_months("R7", "q4") == ("2026-01", "2026-03")
    assert quarters_started("R7", "2025-12") == ("q1", "q2", "q3")
    assert quarters_started("R8", "2025-12") == ()
    assert resolve_quarter(None, None, None, "2025-12") == ("R7", "q3")
    assert resolve_quarter(None, None, ["R6"], "2025-12") == (None, "q3")
    with pytest.raises(YearError):
        resolve_quarter("2025Q3", None, ["R8"], "2025-12")
    with pytest.raises(YearError, match=re.escape("'Q9'")):
        parse_quarter("Q9")


# -- the lint rule (P352 progress-missing) on the real plans -----------------------------------------

def _p352(as_of: str | None) -> list[Any]:
    from xplan.config import Config
    from xplan.lint.engine import lint_paths

    return [f for f in lint_paths([PLANS], Config(progress_as_of=as_of), jobs=1).findings if f.code == "P352"]


def test_progress_rule_is_off_by_default() -> None:
    assert _p352(None) == []


def test_progress_rule_in_december() -> None:
    """政策局 reported every action in ⑥ (2025-12); 総務市民局's document has no ⑥: one finding."""
    (finding,) = _p352("2025-12")
    assert finding.file.endswith("somu-shimin.yaml") and finding.line >= 1
    assert finding.pointer == ("issues",)


def test_progress_rule_after_the_checkpoints() -> None:
    """In March the December checkpoints are too old for every action planned by then."""
    found = [f for f in _p352("2026-03") if f.file.endswith("seisaku.yaml")]
    actions = sum(len(i["actions"]) for i in raw("R7/seisaku.yaml")["issues"])
    assert 0 < len(found) <= actions and all(f.pointer[2] == "actions" for f in found)


def test_progress_as_of_setting_must_be_a_month(tmp_path: Path) -> None:
    from xplan.config import ConfigError, parse

    assert parse(tmp_path / ".xplan.toml", {"progress-as-of": "令和7年12月"}).progress_as_of == "2025-12"
    with pytest.raises(ConfigError, match="progress-as-of"):
        parse(tmp_path / ".xplan.toml", {"progress-as-of": "December"})


# -- the report's review pages (issue 14, item 4) --------------------------------------------------

@pytest.fixture(scope="module")
def review_pages() -> dict[str, str]:
    from xplan.report.site import make_site

    _, docs = make_site(PLANS, lint=False)
    return {k: v for k, v in docs.items() if k.startswith("review/")}


def _text(document: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", document))


def test_review_page_per_year(review_pages: dict[str, str]) -> None:
    assert sorted(review_pages) == ["review/R6.html", "review/R7.html", "review/R8.html"]


def test_review_page_shows_every_checkpoint_and_the_missing_section(review_pages: dict[str, str]) -> None:
    doc = review_pages["review/R7.html"]
    text = _text(doc)
    for issue in raw("R7/seisaku.yaml")["issues"]:
        for cp in issue.get("progress") or []:
            first = cp["items"][0]
            assert (first if isinstance(first, str) else first.get("lead") or first.get("heading")) in text
    assert "進捗状況の記載なし" in text and "未報告" not in text
    assert doc.count('<p class="missing">') == 0


def test_review_page_agenda_holds_the_quarter_cells(review_pages: dict[str, str]) -> None:
    doc = review_pages["review/R7.html"]
    q3 = doc[doc.index('id="agenda-q3"'):doc.index('id="agenda-q4"')]
    assert "<details class=\"agenda\" open>" in q3  # the December review's quarter is unfolded
    items = re.findall(r"<li(?: class=\"continues\")?>([^<]*)</li>", q3)
    expected = [c if isinstance(c, str) else "継続" for p in ("R7/seisaku.yaml", "R7/somu-shimin.yaml")
                for _, cell in expected_quarter(p, "q3") for c in cell]
    assert len(items) == len(expected)
    import html

    for got, want in zip(items, expected):
        assert html.unescape(got).startswith(want) or want.endswith("月"), (got, want)


def test_organisations_in_the_city_order() -> None:
    """Bureaus first, then wards in ward order (小倉北区 before 八幡東区), whatever the years."""
    data = json.loads(ok("progress", "-F", "json"))
    orgs = [p["org"] for p in data["plans"]]
    assert orgs.index("小倉北区") < orgs.index("八幡東区")
    assert max(orgs.index(b) for b in ("保健福祉局", "政策局", "総務市民局")) < orgs.index("小倉北区")
