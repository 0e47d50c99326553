"""Organisations, years and issues as users type them, through the view commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from xplan.cli import app
from xplan.plan.catalog import Catalog, load_catalog
from xplan.plan.select import SelectionError
from xplan.views.common import parse_issue_ref

PLANS = Path(__file__).resolve().parents[1] / "plans"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "COLUMNS": None}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(PLANS)


def invoke(args: list[str], catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setattr("xplan.commands.common.load_plans", lambda plans, *args, **kwargs: catalog)
    return CliRunner().invoke(app, args, env=ENV)


def orgs_years(result: Result) -> list[tuple[str, str]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return sorted({(i["org"], i["year"]) for i in data["issues"]})


@pytest.mark.parametrize("typed", ["小倉北区", "kokurakita", "KOKURAKITA", "ｋｏｋｕｒａｋｉｔａ", "小倉北区役所",
                                   " 小倉北区 ", "小倉 北区", "小倉北区　"])
def test_org_as_typed(typed: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--org", typed, "--format", "json"], catalog, monkeypatch)
    assert orgs_years(result) == [("小倉北区", "R8")]


def test_org_repeatable(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--org", "seisaku", "--org", "総務市民局", "--format", "json"], catalog, monkeypatch)
    assert orgs_years(result) == [("政策局", "R7"), ("総務市民局", "R7")]


def test_unknown_org_lists_known_and_suggests(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["matrix", "--org", "小倉北"], catalog, monkeypatch)
    assert result.exit_code == 2
    assert "もしかして 小倉北区 ですか?" in result.stderr  # the suggestion
    for name in ("保健福祉局", "八幡東区", "小倉北区", "政策局", "総務市民局"):
        assert name in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed", ["R7", "r7", "令和7", "令和7年度", "令和７", "2025", "FY2025", "fy2025", "ＦＹ２０２５"])
def test_year_as_typed(typed: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--year", typed, "--format", "json"], catalog, monkeypatch)
    assert orgs_years(result) == [("政策局", "R7"), ("総務市民局", "R7")]


def test_default_is_each_organisations_latest_plan(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--format", "json"], catalog, monkeypatch)
    assert orgs_years(result) == sorted((p.org.name, p.fiscal_year) for p in catalog.plans)  # one plan each today


def test_bad_year_is_a_usage_error(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["orgs", "--year", "令和"], catalog, monkeypatch)
    assert result.exit_code == 2
    assert "R7、令和7、2025、FY2025" in result.stderr


@pytest.mark.parametrize("typed", ["A1", "a1", "Ａ１", "A(1)", "A（1）", "課題A（1）", "課題Ａ（１）", "A (1)", "a-1"])
def test_issue_reference_as_typed(typed: str) -> None:
    assert parse_issue_ref(typed) == "A1"


def test_issue_reference_two_digits() -> None:
    assert parse_issue_ref("課題B（11）") == "B11"


@pytest.mark.parametrize("typed", ["D1", "A", "1", "課題", "AA1", ""])
def test_bad_issue_reference(typed: str) -> None:
    with pytest.raises(SelectionError):
        parse_issue_ref(typed)


@pytest.mark.parametrize("typed", ["a2", "課題Ａ（２）"])
def test_show_finds_the_issue_as_typed(typed: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["show", "--org", "小倉北区", typed, "--format", "json"], catalog, monkeypatch)
    assert result.exit_code == 0, result.output
    issues = json.loads(result.stdout)["plans"][0]["issues"]
    assert [i["id"] for i in issues] == ["A2"]


def test_show_unknown_issue_lists_the_plans_issues(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["show", "--org", "小倉北区", "B2"], catalog, monkeypatch)
    assert result.exit_code == 2
    assert "A1, A2, A3, A4, B1, C1" in result.stderr


@pytest.mark.parametrize("command", ["show", "schedule"])
def test_one_plan_views_need_an_org_when_several_exist(command: str, catalog: Catalog,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([command], catalog, monkeypatch)
    assert result.exit_code == 2
    assert "--org" in result.stderr


def test_field_filter_compares_after_nfkc(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--field", "ＤＸ推進", "--format", "json"], catalog, monkeypatch)
    data = json.loads(result.stdout)
    assert {(i["org"], i["code"]) for i in data["issues"]} == {
        ("政策局", c) for c in ("A1", "B6", "C4", "C5")}


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_export_saves_the_rich_rendering(suffix: str, tmp_path: Path, catalog: Catalog,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / f"matrix{suffix}"
    result = invoke(["matrix", "--org", "小倉北区", "--export", str(target)], catalog, monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # saved, not printed
    content = target.read_text(encoding="utf-8")
    assert content.lstrip().startswith("<svg" if suffix == ".svg" else "<!DOCTYPE html>")
    assert "インパクト:高" in content.replace("&#160;", " ")


def test_export_to_an_unknown_kind_of_file_is_a_usage_error(tmp_path: Path, catalog: Catalog,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["orgs", "--export", str(tmp_path / "orgs.png")], catalog, monkeypatch)
    assert result.exit_code == 2
    assert not (tmp_path / "orgs.png").exists()


def test_bom_for_excel(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["issues", "--org", "小倉北区", "--format", "csv", "--bom"], catalog, monkeypatch)
    assert result.stdout.startswith("\ufeff組織,年度,課題,政策分野,課題名,インパクト,緊急度,取組数\n")
    plain = invoke(["issues", "--org", "小倉北区", "--format", "csv"], catalog, monkeypatch)
    assert plain.stdout.startswith("組織,")
