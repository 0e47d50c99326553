"""Policy fields: normalisation, the [tool.xplan.fields] vocabulary, near-duplicate flags and
``xplan fields``. Synthetic fixtures in tests/fixtures/rollup (see test_rollup.py for what they
hold); real-plan counts are from the seeds' overview tables (000 lines 54–67, 001 lines 58–80,
003 lines 50–72; 002 and 004 have no 政策分野 column)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.commands.rollup import fields_data
from xplan.config import Config, ConfigError
from xplan.plan.catalog import load_catalog
from xplan.rollup.fields import Vocabulary, display_form, group_names, load_vocabulary, near_duplicates, similar
from xplan.rollup.output import fields_json

FIXTURES = Path(__file__).parent / "fixtures" / "rollup"


@pytest.fixture(scope="module")
def synthetic() -> list:  # type: ignore[type-arg]
    return load_catalog(FIXTURES).plans


def run(*args: str) -> tuple[int, str, str]:
    from xplan.cli import app

    result = CliRunner().invoke(app, list(args), env={"XPLAN_LANG": "en"})
    return result.exit_code, result.stdout, result.stderr


def test_display_form_and_names() -> None:
    assert display_form("ＤＸ　 推進 ") == "DX 推進"
    assert group_names(["DX 推進", "DX推進", "DX推進", "ＤＸ推進"]) == {"dx推進": "DX推進"}  # most used form
    assert group_names(["地域 振興", "地域振興"]) == {"地域振興": "地域 振興"}  # tie: first seen


def test_vocabulary_maps_synonyms_after_nfkc() -> None:
    vocab = Vocabulary({"DX推進": ["DX", "デジタル化"]})
    assert vocab.canonical("ＤＸ") == "DX推進" and vocab.canonical("デジタル 化") == "DX推進"
    assert vocab.canonical("dx推進") == "DX推進"
    assert vocab.canonical("観光") == "観光" and not vocab.maps("観光") and vocab.maps("dx")
    assert vocab.key("デジタル化") == vocab.key("DX 推進")
    assert Vocabulary({"DX推進": "DX"}).canonical("DX") == "DX推進"  # a single synonym as a string


def test_vocabulary_conflict_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="ＤＸ"):
        Vocabulary({"DX推進": ["DX"], "デジタル": ["ＤＸ"]})


def test_load_vocabulary_sources(tmp_path: Path) -> None:
    toml = tmp_path / ".xplan.toml"
    toml.write_text('[fields]\n"計画" = ["企画"]\n', encoding="utf-8")
    assert load_vocabulary(toml).canonical("企画") == "計画"
    assert load_vocabulary(str(toml)).canonical("企画") == "計画"
    assert load_vocabulary(Config(fields={"計画": ["企画"]})).canonical("企画") == "計画"
    assert load_vocabulary({"計画": ["企画"]}).canonical("企画") == "計画"
    with pytest.raises(ConfigError):
        load_vocabulary(tmp_path / "missing.toml")


def test_similar_names() -> None:
    assert similar("まちづくり", "まちづくり推進")  # containment
    assert similar("DX推進", "DXの推進")  # ratio 0.89
    assert not similar("計画", "国際")
    assert not similar("市民センター", "市民活動")  # shares only 市民: ratio 0.4
    assert not similar("地域振興", "地域づくり", threshold=0.7)
    assert near_duplicates(["まちづくり", "観光", "まちづくり推進"]) == [("まちづくり", "まちづくり推進")]


def test_real_plan_fields_have_no_look_alikes() -> None:
    counts, unset = fields_data(load_catalog(PLANS).plans)
    found = {f.name: f.count for f in counts}
    # 16 distinct fields: 000 has 3, 001 has 10, 003 has 4 (DX推進, 計画, 国際, 政策連携団体), none shared
    assert len(found) == 16 and sum(found.values()) == 6 + 11 + 12
    assert found["DX推進"] == 4 and found["政策連携団体"] == 3 and found["観光大都市への進化"] == 1
    assert unset == 15 + 17
    assert all(f.similar == [] for f in counts)


def test_fields_with_vocabulary_across_years(synthetic: list) -> None:  # type: ignore[type-arg]
    counts, unset = fields_data(synthetic, all_years=True, vocabulary={"DX推進": ["DX", "デジタル化"]})
    by_name = {f.name: f for f in counts}
    dx = by_name["DX推進"]
    assert dx.count == 4 and dx.in_vocabulary
    assert dict(dx.spellings) == {"ＤＸ": 1, "DX推進": 1, "DX 推進": 1, "デジタル化": 1}
    assert dx.years == ["R6", "R7", "R8"] and dx.orgs == ["アルファ局", "ガンマ局", "ベータ区"]
    assert by_name["地域振興"].count == 2 and dict(by_name["地域振興"].spellings) == {"地域振興": 1, "地域 振興": 1}
    assert by_name["まちづくり"].similar == ["まちづくり推進"]
    assert by_name["まちづくり推進"].similar == ["まちづくり"]
    assert unset == 2  # アルファ局 R6 B1, R7 C1
    data = fields_json(counts, unset)
    assert data["total"] == 11 and data["unset"] == {"name": None, "count": 2}


def test_fields_without_vocabulary_keeps_synonyms_apart(synthetic: list) -> None:  # type: ignore[type-arg]
    counts, unset = fields_data(synthetic)  # latest per org: アルファ局 R7, ベータ区 R7, ガンマ局 R8
    assert {f.name: f.count for f in counts} == {"DX推進": 2, "まちづくり": 1, "まちづくり推進": 1,
                                                 "デジタル化": 1, "地域 振興": 1, "観光": 1}
    assert unset == 1


def test_cli_fields_outputs(synthetic: list) -> None:  # type: ignore[type-arg]
    code, out, _ = run("fields", "--plans", str(FIXTURES), "--all", "-F", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 11 and data["unset"]["count"] == 2
    assert [f["name"] for f in data["fields"]][:2] == ["DX推進", "地域振興"]
    code, out, _ = run("fields", "--plans", str(FIXTURES), "-F", "github")
    assert code == 0 and "| まちづくり推進" in out and "1 similar pairs" in out and "| (no field)" in out and "| Total" in out
    code, _, err = run("fields", "--plans", str(FIXTURES), "--similarity", "1.5")
    assert code == 2 and "--similarity" in err


def test_fields_pairs_each_organisation_with_its_own_year() -> None:
    """Issue 16, item 11: a field merged across plans lists (organisation, year) pairs with their
    issues; the organisations and the years were sorted apart and read 小倉北区 R7 / 総務市民局 R8."""
    vocab = {"組織改革": ["区役所改革", "組織体制"]}  # 小倉北区 R8 区役所改革 ×2 (A2, C1), 総務市民局 R7 組織体制 ×1 (B5)
    counts, _ = fields_data(load_catalog(PLANS).plans, all_years=True, vocabulary=vocab)
    merged = next(f for f in counts if f.name == "組織改革")
    assert list(merged.plans.items()) == [(("小倉北区", "R8"), 2), (("総務市民局", "R7"), 1)]
    assert fields_json(counts, 0)["fields"][[f.name for f in counts].index("組織改革")]["plans"] == [
        {"org": "小倉北区", "year": "R8", "count": 2}, {"org": "総務市民局", "year": "R7", "count": 1}]
    from xplan.formats.delimited import table_text
    from xplan.rollup.fields import fields_table

    row = next(r for r in fields_table(counts, 0).rows if r[0] == "組織改革")
    assert ["小倉北区 R8 (2)", "総務市民局 R7 (1)"] in row
    tsv_row = next(line for line in table_text(fields_table(counts, 0), "tsv").splitlines() if line.startswith("組織改革"))
    assert "小倉北区 R8 (2) / 総務市民局 R7 (1)" in tsv_row


def test_the_terminal_table_keeps_each_field_on_its_row_at_80_columns() -> None:
    """Frameless like the other count tables (rollup, orgs): in a frame the count "(3)" went to a
    second line at 80 columns."""
    from wcwidth import wcswidth

    from xplan.cli import app

    result = CliRunner().invoke(app, ["fields", "--all", "--plans", str(PLANS), "--width", "80"],
                                env={"XPLAN_LANG": "ja", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not any(ch in result.stdout for ch in "┃│┏")
    assert all(wcswidth(line) <= 80 for line in lines)
    for name, count in (("DX推進", 4), ("地域振興", 3), ("政策連携団体", 3)):
        assert any(line.startswith(name) and f"{name} ({count})" in line for line in lines), name
