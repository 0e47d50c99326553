"""``xplan rollup``: issues grouped across organisations.

Real-plan expectations are literals counted by hand from the seed documents in ../shared/seeds
(line numbers below are lines of those files), never from the code under test:

- 000 小倉北区 R8: overview rows (lines 54–67) give 政策分野 A(1) まちづくり, A(2) 区役所改革,
  A(3) まちづくり, A(4) 観光大都市への進化, B(1) まちづくり, C(1) 区役所改革; ratings (lines 86,
  141, 198, 228, 264, 293): A(1) 高/高, A(2) 高/高, A(3) 高/低, A(4) 高/低, B(1) 高/低, C(1) 高/低.
- 001 総務市民局 R7: overview (lines 58–80) A(1) 働き方改革, A(2) 市民活動, B(1)–B(3) 地域振興,
  B(4) 市民センター, B(5) 組織体制, B(6) 人財戦略, B(7) 安全安心, C(1) 庁舎管理, C(2) 生涯学習;
  ratings (lines 92, 123, 167, 229, 292): A(1) 低/高, A(2) 高/低, B(1) 高/高, B(2) 高/低,
  B(3) 高/低; B(4)–C(2) have no detail page, so no rating (6 unrated).
- 003 政策局 R7: overview (lines 50–72) A: DX推進; B: 計画, 国際, 政策連携団体 ×3, DX推進;
  C: 計画 ×3, DX推進 ×2. All twelve detail headings are 【インパクト:高】【緊急度:高】.
- 002 八幡東区 R6: 15 issues A(1)–A(8), B(1)–B(5), C(1)–C(2) (headings lines 204–447), no
  政策分野, no ratings; themes: 感動区役所 A(1)–A(6), B(1) = 7; 人とつながる市民センター A(7),
  A(8), B(4), B(5), C(2) = 5; いきいき地域 B(2), B(3), C(1) = 3.
- 004 保健福祉局 R6: 17 rows A(1)–A(3), B(1)–B(11), C(1)–C(3), no 政策分野, no ratings.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.commands.rollup import rollup_data
from xplan.config import Config
from xplan.formats import render_text
from xplan.plan.catalog import load_catalog
from xplan.plan.select import select
from xplan.rollup.groups import Period, Rollup, period, period_table, rollup
from xplan.rollup.output import rollup_output

FIXTURES = Path(__file__).parent / "fixtures" / "rollup"
VOCAB = {"DX推進": ["DX", "デジタル化"]}


@pytest.fixture(scope="module")
def real() -> list:  # type: ignore[type-arg]
    return load_catalog(PLANS).plans


@pytest.fixture(scope="module")
def synthetic() -> list:  # type: ignore[type-arg]
    return load_catalog(FIXTURES).plans


def counts(r: Rollup) -> dict[str, int]:
    return {g.key: g.count for g in r.groups}


def group(r: Rollup, key: str) -> dict:  # type: ignore[type-arg]
    return next(g.to_json() for g in r.groups if g.key == key)


def run(*args: str) -> tuple[int, str, str]:
    from xplan.cli import app
    from xplan.i18n import set_language

    result = CliRunner().invoke(app, list(args), env={"XPLAN_LANG": "en"})
    set_language("ja")  # the library calls in these tests speak the default language
    return result.exit_code, result.stdout, result.stderr


# -- real plans ----------------------------------------------------------------------------------

def test_by_field_counts_from_the_seeds(real: list) -> None:  # type: ignore[type-arg]
    r = rollup_data(real, "field")
    assert counts(r) == {
        "DX推進": 4, "計画": 4,  # 003: A, B(6), C(4), C(5) / B(1), C(1)–C(3)
        "まちづくり": 3, "地域振興": 3, "政策連携団体": 3,  # 000 A(1),A(3),B(1) / 001 B(1)–B(3) / 003 B(3)–B(5)
        "区役所改革": 2,  # 000 A(2), C(1)
        "人財戦略": 1, "働き方改革": 1, "国際": 1, "安全安心": 1, "市民センター": 1, "市民活動": 1,
        "庁舎管理": 1, "生涯学習": 1, "組織体制": 1, "観光大都市への進化": 1,
        "(未設定)": 32,  # 002's 15 + 004's 17: the R6 layouts have no 政策分野
    }
    assert r.total == 61 == 6 + 11 + 15 + 12 + 17
    keys = [g.key for g in r.groups]
    assert keys[:2] == ["DX推進", "計画"] and keys[-1] == "(未設定)"  # count desc, (未設定) last


def test_by_field_group_detail(real: list) -> None:  # type: ignore[type-arg]
    r = rollup_data(real, "field")
    dx = group(r, "DX推進")
    assert dx["domains"] == {"A": 1, "B": 1, "C": 2}
    assert dx["quadrants"] == {"高/高": 4, "高/低": 0, "低/高": 0, "低/低": 0, "unrated": 0}
    assert dx["orgs"] == ["政策局"]
    assert [(i["org"], i["year"], i["code"]) for i in dx["issues"]] == \
        [("政策局", "R7", "A1"), ("政策局", "R7", "B6"), ("政策局", "R7", "C4"), ("政策局", "R7", "C5")]
    town = group(r, "まちづくり")  # 000 A(1) 高/高, A(3) 高/低, B(1) 高/低
    assert town["domains"] == {"A": 2, "B": 1, "C": 0}
    assert town["quadrants"]["高/高"] == 1 and town["quadrants"]["高/低"] == 2
    region = group(r, "地域振興")  # 001 B(1) 高/高, B(2) 高/低, B(3) 高/低
    assert region["quadrants"] == {"高/高": 1, "高/低": 2, "低/高": 0, "低/低": 0, "unrated": 0}
    unset = group(r, "(未設定)")
    assert unset["domains"] == {"A": 8 + 3, "B": 5 + 11, "C": 2 + 3}
    assert unset["quadrants"]["unrated"] == 32
    assert sorted(unset["orgs"]) == ["保健福祉局", "八幡東区"]
    assert group(r, "市民センター")["quadrants"]["unrated"] == 1  # 001 B(4): no detail page


def test_by_quadrant(real: list) -> None:  # type: ignore[type-arg]
    r = rollup_data(real, "quadrant")
    # 高/高: 000 ×2 + 001 B(1) + 003 ×12; 高/低: 000 ×4 + 001 ×3; 低/高: 001 A(1);
    # unrated: 001 B(4)–C(2) ×6 + 002 ×15 + 004 ×17. No issue is 低/低, so there is no such group.
    assert counts(r) == {"高/高": 15, "高/低": 7, "低/高": 1, "unrated": 38}
    assert [g.key for g in r.groups][-1] == "unrated"
    assert sorted(group(r, "高/低")["orgs"]) == ["小倉北区", "総務市民局"]


def test_by_domain_org_year_theme(real: list) -> None:  # type: ignore[type-arg]
    # domains: A 4+2+8+1+3, B 1+7+5+6+11, C 1+2+2+5+3 (000, 001, 002, 003, 004)
    assert counts(rollup_data(real, "domain")) == {"B": 30, "A": 18, "C": 13}
    assert counts(rollup_data(real, "org")) == {"保健福祉局": 17, "八幡東区": 15, "政策局": 12, "総務市民局": 11,
                                                "小倉北区": 6}
    assert counts(rollup_data(real, "year")) == {"R6": 32, "R7": 23, "R8": 6}
    assert counts(rollup_data(real, "theme")) == {"感動区役所": 7, "人とつながる市民センター": 5, "いきいき地域": 3,
                                                  "(未設定)": 61 - 15}


def test_selection_options_apply(real: list) -> None:  # type: ignore[type-arg]
    r = rollup_data(real, "field", domains=["Ｃ"])  # C: 000 1, 001 2, 002 2, 003 5, 004 3
    assert r.total == 13
    assert counts(r)["計画"] == 3 and counts(r)["DX推進"] == 2 and counts(r)["(未設定)"] == 5
    r = rollup_data(real, "org", fields=["ＤＸ推進"])  # NFKC: full-width matches DX推進
    assert counts(r) == {"政策局": 4}
    r = rollup_data(real, "field", orgs=["小倉北区役所"])  # alias
    assert counts(r) == {"まちづくり": 3, "区役所改革": 2, "観光大都市への進化": 1}


def test_vocabulary_maps_synonyms_in_selection_and_groups(real: list) -> None:  # type: ignore[type-arg]
    cfg = Config(fields={"DX推進": ["DX"], "地域づくり": ["まちづくり", "地域振興"]})
    r = rollup_data(real, "field", vocabulary=cfg)
    assert counts(r)["地域づくり"] == 6 and "まちづくり" not in counts(r)  # 000's 3 + 001's 3
    assert r.total == 61
    assert rollup_data(real, "field", fields=["dx"], vocabulary=cfg).total == 4


def test_years_side_by_side_on_real_plans(real: list) -> None:  # type: ignore[type-arg]
    p = rollup_data(real, "field", year_range="R6..R8")
    assert isinstance(p, Period)
    assert p.years == ["R6", "R7", "R8"] and p.plans == {"R6": 2, "R7": 2, "R8": 1}
    assert p.totals == {"R6": 32, "R7": 23, "R8": 6}
    # no organisation has plans in two of these years: there is no change to report (issue 16, item 2)
    assert p.total_changes == {"R6→R7": None, "R7→R8": None}
    dx = next(g for g in p.groups if g.key == "DX推進")
    assert p.counts(dx) == {"R6": 0, "R7": 4, "R8": 0}


# -- synthetic plans (tests/fixtures/rollup) -----------------------------------------------------
# Latest per org: アルファ局 R7 (A1 DX推進 高/高, B1 「地域 振興」 高/低, B2 まちづくり 低/低, C1 no field),
# ベータ区 R7 (A1 「DX 推進」 低/高, B1 まちづくり推進 高/高), ガンマ局 R8 (A1 デジタル化 高/低, C1 観光 高/低).
# アルファ局 R6 adds A1 ＤＸ, A2 地域振興, B1 no field, all unrated.

def test_whitespace_and_nfkc_variants_are_one_group(synthetic: list) -> None:  # type: ignore[type-arg]
    r = rollup(select(synthetic).issues, "field")
    assert counts(r) == {"DX推進": 2, "まちづくり": 1, "まちづくり推進": 1, "デジタル化": 1, "地域 振興": 1,
                         "観光": 1, "(未設定)": 1}
    assert r.total == 8
    assert group(r, "DX推進")["orgs"] == ["アルファ局", "ベータ区"]
    assert group(r, "DX推進")["quadrants"]["低/高"] == 1
    assert group(r, "まちづくり")["quadrants"]["低/低"] == 1


def test_vocabulary_from_config_file(synthetic: list, tmp_path: Path) -> None:  # type: ignore[type-arg]
    cfg = tmp_path / ".xplan.toml"
    cfg.write_text('[fields]\n"DX推進" = ["DX", "デジタル化"]\n', encoding="utf-8")
    r = rollup_data(synthetic, "field", all_years=True, vocabulary=cfg)
    # DX推進: R6 ＤＸ, R7 DX推進, R7 「DX 推進」, R8 デジタル化; 地域振興: R6 地域振興 + R7 「地域 振興」
    assert counts(r) == {"DX推進": 4, "地域振興": 2, "まちづくり": 1, "まちづくり推進": 1, "観光": 1, "(未設定)": 2}
    assert r.total == 11
    dx = group(r, "DX推進")
    assert dx["orgs"] == ["アルファ局", "ガンマ局", "ベータ区"]
    assert dx["quadrants"] == {"高/高": 1, "高/低": 1, "低/高": 1, "低/低": 0, "unrated": 1}
    assert [(i["year"], i["code"]) for i in dx["issues"]] == [("R6", "A1"), ("R7", "A1"), ("R8", "A1"), ("R7", "A1")]


def test_empty_selection_is_an_empty_rollup(synthetic: list) -> None:  # type: ignore[type-arg]
    r = rollup_data(synthetic, "field", orgs=["alpha"], fields=["観光"])  # 観光 is ガンマ局's only
    assert r.groups == [] and r.total == 0
    assert r.to_json() == {"version": 1, "by": "field", "groups": [], "total": 0}
    p = period([], [], ["R6", "R7"], "field")
    assert p.totals == {"R6": None, "R7": None} and p.total_changes == {"R6→R7": None}


def test_years_with_several_years_and_missing_ones(synthetic: list) -> None:  # type: ignore[type-arg]
    p = rollup_data(synthetic, "field", year_range="R5..R8", vocabulary=VOCAB)
    assert p.years == ["R5", "R6", "R7", "R8"] and p.plans == {"R5": 0, "R6": 1, "R7": 2, "R8": 1}
    table = {g.key: p.counts(g) for g in p.groups}
    assert table["DX推進"] == {"R5": None, "R6": 1, "R7": 2, "R8": 1}  # R5: no plan, not zero
    assert table["地域振興"] == {"R5": None, "R6": 1, "R7": 1, "R8": 0}
    assert table["(未設定)"] == {"R5": None, "R6": 1, "R7": 1, "R8": 0}
    assert p.totals == {"R5": None, "R6": 3, "R7": 6, "R8": 2}
    # R6→R7 compares アルファ局 alone (3 -> 4): ベータ区 filed no R6 plan; nobody filed both R7 and R8
    assert p.total_changes == {"R5→R6": None, "R6→R7": 1, "R7→R8": None}
    assert [g.key for g in p.groups][-1] == "(未設定)"
    only_alpha = rollup_data(synthetic, "domain", orgs=["アルファ局"], year_range="all")
    assert only_alpha.years == ["R6", "R7"]
    assert {g.key: only_alpha.counts(g) for g in only_alpha.groups} == \
        {"A": {"R6": 2, "R7": 1}, "B": {"R6": 1, "R7": 2}, "C": {"R6": 0, "R7": 1}}


# -- command line --------------------------------------------------------------------------------

def test_cli_json_contract_on_real_plans() -> None:
    code, out, _ = run("rollup", "--plans", str(PLANS), "--format", "json", "--field", "DX推進")
    assert code == 0
    assert json.loads(out) == {
        "version": 1, "by": "field", "total": 4,
        "groups": [{"key": "DX推進", "count": 4, "domains": {"A": 1, "B": 1, "C": 2},
                    "quadrants": {"高/高": 4, "高/低": 0, "低/高": 0, "低/低": 0, "unrated": 0},
                    "orgs": ["政策局"],
                    "issues": [{"org": "政策局", "year": "R7", "code": c} for c in ("A1", "B6", "C4", "C5")]}],
    }


def test_cli_csv_total_row_and_issue_list(real: list) -> None:  # type: ignore[type-arg]
    rows = list(csv.reader(io.StringIO(render_text(rollup_output(rollup_data(real, "org")), "csv"))))
    assert rows[0][:2] == ["組織", "課題数"]
    assert rows[-1][:5] == ["合計", "61", "18", "30", "13"]
    _code, out, _ = run("rollup", "--plans", str(PLANS), "--org", "小倉北区", "--issues", "-F", "csv", "--bom")
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["Field", "Organisation", "Year", "Issue", "Title"]  # run() is in English
    assert ["区役所改革", "小倉北区", "R8", "課題C（1）", "小倉北区役所庁舎のあるべき姿の実現に向けたプランづくり"] in rows
    assert len(rows) == 1 + 6


def test_cli_markdown_with_issues_and_years(real: list) -> None:  # type: ignore[type-arg]
    code, out, _ = run("rollup", "--plans", str(PLANS), "--by", "theme", "--issues", "-F", "markdown")
    assert code == 0
    assert "| 感動区役所 " in out and "| (no theme) " in out and "Issues of each group" in out
    assert "接遇と空間改善" in out  # 八幡東区 A(1)'s title in the issue list
    out = render_text(rollup_output(rollup_data(real, year_range="R6..R8")), "tsv")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["政策分野", "R6", "R7", "R8", "増減 R6→R7", "増減 R7→R8"]  # the library speaks ja by default
    assert lines[-1] == ["合計", "32", "23", "6", "", ""]


def test_cli_rich_and_piped_output_has_no_colour(tmp_path: Path) -> None:
    code, out, _ = run("rollup", "--plans", str(FIXTURES), "--by", "year", "--all", "--width", "120")
    assert code == 0 and "\x1b[" not in out
    assert "R6" in out and "Total" in out
    svg = tmp_path / "rollup.svg"
    code, _, err = run("rollup", "--plans", str(FIXTURES), "--export", str(svg))
    assert code == 0 and svg.read_text(encoding="utf-8").startswith("<svg") and "wrote" in err


def test_cli_vocabulary_from_config_option(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.xplan.fields]\n"DX推進" = ["DX", "デジタル化"]\n', encoding="utf-8")
    code, out, _ = run("rollup", "--plans", str(FIXTURES), "--config", str(cfg), "--field", "DX", "-F", "json")
    assert code == 0
    data = json.loads(out)
    assert [(g["key"], g["count"]) for g in data["groups"]] == [("DX推進", 3)]  # R7 ×2 and R8 デジタル化
    assert data["total"] == 3
    # the views read the same configuration the same way: the same three issues
    code, out, _ = run("issues", "--plans", str(FIXTURES), "--config", str(cfg), "--field", "DX", "-F", "json")
    assert code == 0 and len(json.loads(out)["issues"]) == 3
    code, out, _ = run("issues", "--plans", str(FIXTURES), "--field", "DX", "-F", "json")  # without it: no synonyms
    assert code == 0 and len(json.loads(out)["issues"]) < 3


@pytest.mark.parametrize("args, message", [
    (["--by", "colour"], "--by 'colour'"),
    (["--org", "alpa"], "アルファ局"),  # did you mean
    (["--year", "R7", "--years", "all"], "--years"),
    (["--by", "year", "--years", "R6..R7"], "--by year"),
    (["--years", "R8..R6"], "R8..R6"),
    (["--format", "nope"], "nope"),
    (["--domain", "D"], "D"),
])
def test_cli_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    code, out, err = run("rollup", "--plans", str(FIXTURES), *args)
    assert code == 2, out
    assert message in err and "Traceback" not in err


def test_years_leave_a_missing_plan_out_of_counts_and_changes(real: list, synthetic: list) -> None:  # type: ignore[type-arg]
    """Issue 16, item 2: 保健福祉局 has no R7 plan; it is absent there (—, null, an empty csv
    cell), not 0 with a change of −17, and changes compare only organisations with both plans."""
    p = rollup_data(real, "org", year_range="all")
    table = {g.key: (p.counts(g), p.changes(g)) for g in p.groups}
    assert table["保健福祉局"] == ({"R6": 17, "R7": None, "R8": None}, {"R6→R7": None, "R7→R8": None})
    assert table["政策局"] == ({"R6": None, "R7": 12, "R8": None}, {"R6→R7": None, "R7→R8": None})
    data = json.loads(render_text(rollup_output(p), "json"))
    hoken = next(g for g in data["groups"] if g["key"] == "保健福祉局")
    assert hoken["counts"] == {"R6": 17, "R7": None, "R8": None} and hoken["changes"]["R6→R7"] is None
    assert data["compared"] == {"R6→R7": [], "R7→R8": []}
    rows = list(csv.reader(io.StringIO(render_text(rollup_output(p), "csv"))))
    assert ["保健福祉局", "17", "", "", "", ""] in rows
    rich = "\n".join(str(c) for row in period_table(p).rows for c in row)
    assert "—" in rich and "−" not in rich and "±" not in rich

    # アルファ局 filed R6 and R7, ベータ区 only R7: ベータ区's issues are not "added" in R6→R7
    s = rollup_data(synthetic, "field", year_range="R6..R7", vocabulary=VOCAB)
    dx = next(g for g in s.groups if g.key == "DX推進")
    assert s.counts(dx) == {"R6": 1, "R7": 2} and s.changes(dx) == {"R6→R7": 0}  # ベータ区's DX 推進 left out
    town = next(g for g in s.groups if g.key == "まちづくり推進")  # ベータ区 only
    assert s.changes(town) == {"R6→R7": 0}
    by_org = rollup_data(synthetic, "org", year_range="R6..R7")
    assert {g.key: by_org.changes(g)["R6→R7"] for g in by_org.groups} == {"アルファ局": 1, "ベータ区": None}
    rows = list(csv.reader(io.StringIO(render_text(rollup_output(by_org), "csv"))))
    assert rows[1:] == [["アルファ局", "3", "4", "1"], ["ベータ区", "", "2", ""], ["合計", "3", "6", "1"]]
    down = rollup_data(synthetic, "domain", orgs=["アルファ局"], year_range="R6..R7")  # A: 2 -> 1, B: 1 -> 2
    cells = {r[0]: r[-1] for r in csv.reader(io.StringIO(render_text(rollup_output(down), "csv")))}
    assert cells["A"] == "-1" and cells["B"] == "1"
    cells = {r[0]: r[-1] for r in csv.reader(io.StringIO(render_text(rollup_output(s), "tsv"), ), delimiter="\t")}
    assert cells["地域振興"] == "0"  # アルファ局 R6 地域振興, R7 「地域 振興」: no change, a plain 0
