"""The view functions called directly: their plain data and JSON contracts, on the real plans
and, for cases the real plans do not have (one rating only, a title only in the overview), on a
small plan built in the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xplan.formats import render_text
from xplan.plan.catalog import Catalog, load_catalog
from xplan.plan.model import CONTINUES, Plan, build_plan
from xplan.plan.select import Selection, SelectionError, select
from xplan.views import issues, matrix, orgs, schedule, show

PLANS = Path(__file__).resolve().parents[1] / "plans"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(PLANS)


def plan_named(catalog: Catalog, slug: str) -> Plan:
    return next(p for p in catalog.plans if p.org.slug == slug)


def small_plan() -> Plan:
    """A current-layout plan with the odd cases: one rating only, an overview-only title."""
    data: dict[str, Any] = {
        "schema_version": 1, "organisation": {"name": "門司区", "kind": "ward", "slug": "moji"},
        "fiscal_year": "R7", "template": "R7", "layout": "current",
        "issues": [
            {"id": "A1", "domain": "A", "number": 1, "title": "両方あり", "impact": "高", "urgency": "低",
             "actions": [{"number": 1, "title": "t", "schedule": [{"q1": ["x"], "q2": [{"continues": True}],
                                                                     "q3": []}]}]},
            {"id": "A2", "domain": "A", "number": 2, "title": "インパクトのみ", "impact": "高"},
            {"id": "B10", "domain": "B", "number": 10, "overview_title": "一覧だけの課題名", "has_detail": False},
            {"id": "B9", "domain": "B", "number": 9, "title": "緊急度のみ", "urgency": "低", "field": "防災"},
        ],
    }
    return build_plan(data, "plans/R7/moji.yaml")


# -- issues -------------------------------------------------------------------------------------

def test_issues_json_contract(catalog: Catalog) -> None:
    rows = issues.rows(select(catalog.plans, orgs=["小倉北区"]))
    data = json.loads(render_text(issues.output(rows), "json"))
    assert data["version"] == 1
    raw = plan_named(catalog, "kokurakita").raw["issues"]
    assert len(data["issues"]) == len(raw) == 6
    for item, source in zip(data["issues"], raw):
        assert set(item) == {"org", "year", "code", "domain", "number", "field", "title", "impact", "urgency",
                             "actions"}
        assert item["org"] == "小倉北区" and item["year"] == "R8"
        assert item["code"] == f"{source['domain']}{source['number']}" and item["code"].isascii()
        assert item["title"] == source["title"]  # the detail heading's title, not overview_title
        assert item["field"] == source["field"]
        assert item["impact"] == source["impact"] and item["impact"] in ("高", "低")  # as the plan writes it
        assert item["urgency"] == source["urgency"]
        assert item["actions"] == len(source["actions"])


def test_issues_title_and_absent_values() -> None:
    plan = small_plan()
    data = issues.to_json(issues.rows(select([plan])))
    by_code = {i["code"]: i for i in data["issues"]}
    assert by_code["B10"]["title"] == "一覧だけの課題名"  # no detail title: the overview's
    assert by_code["B10"]["field"] is None and by_code["B10"]["impact"] is None and by_code["B10"]["actions"] == 0
    assert by_code["A2"]["impact"] == "高" and by_code["A2"]["urgency"] is None


def test_issues_r6_plans_have_no_ratings_or_fields(catalog: Catalog) -> None:
    data = issues.to_json(issues.rows(select(catalog.plans, orgs=["八幡東区"])))
    assert len(data["issues"]) == 15
    assert all(i["impact"] is None and i["urgency"] is None and i["field"] is None for i in data["issues"])


def test_issues_rating_filters(catalog: Catalog) -> None:
    sel = select(catalog.plans)
    low_impact = issues.rows(sel, impact=["低"])
    assert [(r.org, r.code) for r in low_impact] == [("総務市民局", "A1")]  # the only 【インパクト:低】
    assert issues.rows(sel, impact=["low"]) == low_impact
    high_low = issues.rows(sel, impact=["高"], urgency=["低"])
    assert {(r.org, r.code) for r in high_low} == {
        ("小倉北区", c) for c in ("A3", "A4", "B1", "C1")} | {("総務市民局", c) for c in ("A2", "B2", "B3")}
    unrated = issues.rows(sel, impact=["未評価"])
    assert len(unrated) == 17 + 15 + 6  # 保健福祉局 and 八幡東区 (R6), 総務市民局 B4–C2
    with pytest.raises(SelectionError):
        issues.rows(sel, urgency=["中"])


def test_issues_sort_by_code_is_numeric_and_unset_values_stay_last() -> None:
    sel = select([small_plan()])
    assert [r.code for r in issues.rows(sel, sort="code")] == ["A1", "A2", "B9", "B10"]
    assert [r.code for r in issues.rows(sel, sort="code", reverse=True)] == ["B10", "B9", "A2", "A1"]
    # impact: 高 before 低; unrated last, also when reversed
    assert [r.code for r in issues.rows(sel, sort="impact")] == ["A1", "A2", "B9", "B10"]
    assert [r.code for r in issues.rows(sel, sort="urgency", reverse=True)] == ["A1", "B9", "A2", "B10"]
    assert [r.code for r in issues.rows(sel, sort="field")] == ["B9", "A1", "A2", "B10"]
    assert next(r.code for r in issues.rows(sel, sort="actions", reverse=True)) == "A1"
    with pytest.raises(SelectionError):
        issues.rows(sel, sort="colour")


# -- matrix -------------------------------------------------------------------------------------

def test_matrix_json_contract(catalog: Catalog) -> None:
    data = matrix.to_json(matrix.build(select(catalog.plans)))
    assert data["version"] == 1
    assert [(p["org"], p["year"]) for p in data["plans"]] == [(p.org.name, p.fiscal_year) for p in catalog.plans]
    for entry in data["plans"]:
        assert set(entry) == {"org", "year", "quadrants", "unrated"}
        assert list(entry["quadrants"]) == ["高/高", "高/低", "低/高", "低/低"]
        plan = next(p for p in catalog.plans if p.org.name == entry["org"])
        for issue in plan.raw["issues"]:
            key = f"{issue['impact']}/{issue['urgency']}" if "impact" in issue and "urgency" in issue else None
            where = entry["quadrants"][key] if key else entry["unrated"]
            assert issue["id"] in where
        placed = sum(len(v) for v in entry["quadrants"].values()) + len(entry["unrated"])
        assert placed == len(plan.raw["issues"])


def test_matrix_one_rating_is_unrated_with_the_rating_it_has() -> None:
    grid = matrix.build(select([small_plan()]))[0]
    assert [e.issue.code for e in grid.quadrants["高/低"]] == ["A1"]
    reasons = {e.issue.code: e.reason for e in grid.unrated}
    assert reasons == {"A2": "インパクト:高のみ", "B9": "緊急度:低のみ", "B10": "詳細ページなし"}
    assert matrix.to_json([grid])["plans"][0]["unrated"] == ["A2", "B10", "B9"]  # in plan order
    text = render_text(matrix.output([grid]), "plain")
    assert "インパクト:高のみ" in text and "緊急度:低のみ" in text


def test_matrix_r6_says_the_template_had_no_matrix(catalog: Catalog) -> None:
    grid = matrix.build(select(catalog.plans, orgs=["yahatahigashi"]))[0]
    assert all(not v for v in grid.quadrants.values())
    assert len(grid.unrated) == 15
    text = render_text(matrix.output([grid]), "plain")
    assert "R6様式にはインパクト・緊急度のマトリクスがないため" in text
    # said once, before the unrated issues, instead of an empty grid
    assert text.index("R6様式") < text.index("未評価") and "緊急度:高" not in text


def test_matrix_combined_is_one_grid(catalog: Catalog) -> None:
    grids = matrix.build(select(catalog.plans, orgs=["seisaku", "kokurakita"]), combined=True)
    assert len(grids) == 1
    assert len(grids[0].quadrants["高/高"]) == 12 + 2
    text = render_text(matrix.output(grids), "plain")
    assert "政策局 C5" in text and "小倉北区 A1" in text
    # JSON stays per plan even when the grid is combined
    assert [p["org"] for p in matrix.to_json(grids)["plans"]] == ["政策局", "小倉北区"]  # the city's order


def test_matrix_domain_filter(catalog: Catalog) -> None:
    grid = matrix.build(select(catalog.plans, orgs=["kokurakita"], domains=["ｃ"]))[0]
    assert [e.issue.code for q in grid.quadrants.values() for e in q] == ["C1"]


# -- schedule -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("period", "quarters"), [
    ("6～12月", ("q1", "q2", "q3")), ("1～3月", ("q4",)), ("4月", ("q1",)), ("10～3月", ("q3", "q4")),
    ("１～３月", ("q4",)), ("7〜9月", ("q2",)), ("4～3月", ("q1", "q2", "q3", "q4")),
    ("12～5月", None), ("13月", None), ("未定", None),
])
def test_quarters_of_month_range(period: str, quarters: tuple[str, ...] | None) -> None:
    assert schedule.quarters_of(period) == quarters


def test_schedule_places_month_ranges(catalog: Catalog) -> None:
    data = schedule.build(select(catalog.plans, orgs=["総務市民局"]), "B1")
    rows = data[0].issues[0].rows
    first = rows[0]  # ①地域団体への依頼業務の実態把握調査・分析 6～12月
    assert first.span == ("q1", "q2", "q3")
    assert first.cell("q1") == ["①地域団体への依頼業務の実態把握調査・分析（6～12月）"]
    assert first.cell("q2") == [CONTINUES] and first.cell("q3") == [CONTINUES] and first.cell("q4") == []
    action2 = rows[2]  # (2)負担軽減を前提とした依頼の考え方の整理 1～3月
    assert action2.action is not None and action2.action.number == 2 and action2.span == ("q4",)
    shared = rows[3]
    assert shared.action is None and shared.shared == () and shared.label == schedule.shared_table()
    assert shared.cell("q1") == [] and shared.cell("q3") == ["実態調査・分析・論点整理"]


def test_schedule_continuation_and_r6(catalog: Catalog) -> None:
    data = schedule.build(select(catalog.plans, orgs=["政策局"]), "A1")
    assert data[0].issues[0].rows[0].cell("q4") == [CONTINUES]
    assert "→" in render_text(schedule.output(data), "plain")
    r6 = schedule.build(select(catalog.plans, orgs=["八幡東区"]))
    assert r6[0].issues == [] and r6[0].note is not None and "四半期" in r6[0].note
    assert json.loads(render_text(schedule.output(r6), "json"))["plans"][0]["has_schedule"] is False


def test_schedule_missing_quarter_is_not_shown_as_empty() -> None:
    rows = schedule.issue_schedule(small_plan().issues[0]).rows
    assert rows[0].cell("q3") == [] and rows[0].cell("q4") is None
    assert schedule.cell_text(rows[0].cell("q4")) == "(記載なし)"


# -- show / orgs --------------------------------------------------------------------------------

def test_show_distinguishes_absent_from_empty(catalog: Catalog) -> None:
    docs = show.build(select(catalog.plans, orgs=["保健福祉局"]), "A3")
    md = show.markdown(docs)
    assert "#### ⑦ 変革が実現した課題・取組内容・市民にもたらされた効果\n\nー\n" in md  # achieved: [] (ー)
    docs = show.build(select(catalog.plans, orgs=["小倉北区"]), "A1")
    assert "#### ⑥ 進捗状況\n\n(記載なし)\n" in show.markdown(docs)  # no ⑥ in the R8 document


def test_show_json_is_the_plan_data(catalog: Catalog) -> None:
    plan = plan_named(catalog, "seisaku")
    whole = show.to_json(show.build(select(catalog.plans, orgs=["seisaku"])))["plans"][0]
    assert whole == plan.raw
    one = show.to_json(show.build(select(catalog.plans, orgs=["seisaku"]), "c3"))["plans"][0]
    assert one["issues"] == [plan.raw["issues"][9]] and one["issues"][0]["id"] == "C3"


def test_orgs_counts(catalog: Catalog) -> None:
    counts = {c.org: c for c in orgs.build(select(catalog.plans, all_years=True))}
    for plan in catalog.plans:
        c = counts[plan.org.name]
        for d in "ABC":
            assert c.domains[d] == sum(1 for i in plan.raw["issues"] if i["domain"] == d)
    assert counts["総務市民局"].domains == {"A": 2, "B": 7, "C": 2}
    data = json.loads(render_text(orgs.output(list(counts.values())), "json"))
    assert {o["org"] for o in data["orgs"]} == set(counts)


def test_views_return_data_and_never_print(catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    sel: Selection = select(catalog.plans)
    matrix.renderables(matrix.build(sel))
    issues.renderables(issues.rows(sel))
    orgs.renderables(orgs.build(sel))
    one = select(catalog.plans, orgs=["政策局"])
    show.renderables(show.build(one))
    schedule.renderables(schedule.build(one))
    assert capsys.readouterr() == ("", "")
