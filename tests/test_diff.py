"""``xplan diff``: the JSON contract on the synthetic fixture pair, the renderings, exit codes,
and the real plans.

The expected report below was written by hand from tests/fixtures/diff/plans (R7/kaku.yaml vs
R8/kaku.yaml, whose header comment lists every deliberate difference), not from the code under
test. Scores are difflib ratios of the normalised titles, counted by hand (matching characters M,
ratio 2M / (len a + len b), rounded to 3 places):
- A2 子育て世代向け相談窓口の案内強化 (16) / …の案内の強化と周知 (20): M = 14 + 2 → 32/36 = 0.889
- B1→A4 地域の担い手不足への支援 (12) / 地域の担い手確保に向けた支援の拡充 (17): M = 6 + 2 → 16/29 = 0.552
- B2→C1 公園愛護会の活動支援 (10) / …の見直し (14): M = 10 → 20/24 = 0.833
- C1→C2 将来の区役所のあり方検討 (12) / 将来の区役所のあり方の検討 (13): M = 12 → 24/25 = 0.96
- A3 区役所庁舎の案内サイン改善 (13) / 災害時の避難所運営訓練 (11): M = 1 (所) → 2/24 = 0.08 (unpaired)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app
from xplan.commands.diff import run_diff
from xplan.diff.report import build_report, render_brief
from xplan.diff.sides import resolve_pair

FIXTURES = Path(__file__).parent / "fixtures" / "diff" / "plans"
runner = CliRunner()


def invoke(*args: str) -> Any:
    # English: these tests read the report's words (test_i18n covers the Japanese)
    return runner.invoke(app, ["diff", *args], env={"XPLAN_LANG": "en"})


def fixture_json(*extra: str) -> dict[str, Any]:
    result = invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def issue(change: str, old: str | None, new: str | None, match: str | None, score: float | None,
          **fields: list[Any]) -> dict[str, Any]:
    return {"change": change, "old": old, "new": new, "match": match, "score": score, "fields": fields}


EXPECTED_KAKU = [
    issue("carried", "A1", "A1", "id", 1.0, **{
        "field": ["DX推進", "区役所改革"],
        "impact": ["低", "高"],
        "quadrant": ["低/高", "高/高"],
        "content": [["窓口での申請手続は紙の様式が中心である。"], ["窓口での申請手続は電子申請が中心になりつつある。"]],
        "actions.1.schedule.1.q3": [["→"], ["オンライン申請の試行"]],
        "actions.2.title": ["窓口案内の電子化", "窓口案内のデジタル化"],
        "actions.3": [None, {"number": 3, "title": "職員向け研修の実施"}],
        "progress.2026-12": [None, ["対象手続を10件追加した。"]],
    }),
    issue("renamed", "A2", "A2", "id", 0.889, **{
        "title": ["子育て世代向け相談窓口の案内強化", "子育て世代向け相談窓口の案内の強化と周知"],
        "actions.2": [{"number": 2, "title": "SNSでの周知"}, None],
    }),
    issue("added", None, "A3", None, None),
    issue("moved", "B1", "A4", "lineage", 0.552, id=["B1", "A4"], domain=["B", "A"], title=["地域の担い手不足への支援", "地域の担い手確保に向けた支援の拡充"]),
    issue("carried", "B3", "B1", "title", 1.0, id=["B3", "B1"]),
    issue("added", None, "B2", None, None),
    issue("moved", "B2", "C1", "lineage", 0.833, id=["B2", "C1"], domain=["B", "C"], title=["公園愛護会の活動支援", "公園愛護会の活動支援の見直し"]),
    issue("renamed", "C1", "C2", "similar", 0.96, id=["C1", "C2"], title=["将来の区役所のあり方検討", "将来の区役所のあり方の検討"], urgency=["低", "高"], quadrant=["高/低", "高/高"]),
    issue("removed", "A3", None, None, None),
    issue("removed", "B4", None, None, None),
]


def test_fixture_json_contract() -> None:
    data = fixture_json()
    assert {k: data[k] for k in ("version", "old", "new")} == {"version": 1, "old": "R7", "new": "R8"}
    # the city's order: bureaus (局) first, then wards
    assert [(o["org"], o["status"]) for o in data["orgs"]] == [
        ("架空局", "only_old"), ("模擬局", "only_new"), ("架空区", "both")]
    kyoku, mogi, kaku = data["orgs"]
    assert [{k: v for k, v in i.items() if k != "notes"} for i in kaku["issues"]] == EXPECTED_KAKU
    assert kyoku["issues"] == [] and mogi["issues"] == []
    assert kaku["old_plan"].endswith("R7/kaku.yaml") and kaku["new_plan"].endswith("R8/kaku.yaml")
    assert kyoku["new_plan"] is None and mogi["old_plan"] is None


def test_fixture_notes_say_why() -> None:
    issues = next(o for o in fixture_json()["orgs"] if o["org"] == "架空区")["issues"]
    notes = {(i["old"], i["new"]): i["notes"] for i in issues}
    # same id A3 with unrelated titles: both sides say so
    assert any("A3" in n and "番号は同じですが" in n for n in notes[(None, "A3")])
    assert any("番号は同じですが" in n for n in notes[("A3", None)])
    # the similar match is reported as "likely the same, renamed" with its score
    assert notes[("C1", "C2")] == ["名称を変えた同じ課題とみられます（課題名の類似度 0.96）"]
    # JSON says it in the default language (fixture_json runs in English); the text report follows --lang
    ja = runner.invoke(app, ["--lang", "ja", "diff", "R7", "R8", "--plans", str(FIXTURES), "-F", "json"])
    assert json.loads(ja.stdout) == fixture_json()
    text = invoke("R7", "R8", "--plans", str(FIXTURES)).stdout
    assert "likely the same issue, renamed (title similarity 0.96)" in text and "類似度" not in text
    # B4 -> B2 changed too much: nothing pairs them, and nothing claims they are one issue
    assert notes[("B4", None)] == [] and notes[(None, "B2")] == []


def test_org_filter_and_unknown_org() -> None:
    data = fixture_json("--org", "kaku")  # slug
    assert [o["org"] for o in data["orgs"]] == ["架空区"]
    data = fixture_json("--org", "模擬局", "--org", "架空局")
    assert [o["org"] for o in data["orgs"]] == ["架空局", "模擬局"]
    result = invoke("R7", "R8", "--plans", str(FIXTURES), "--org", "架空市")
    assert result.exit_code == 2
    assert "架空市" in result.stderr and "架空区" in result.stderr


def test_file_sides_give_the_same_pairs() -> None:
    result = invoke(str(FIXTURES / "R7" / "kaku.yaml"), str(FIXTURES / "R8" / "kaku.yaml"), "-F", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"].endswith("R7/kaku.yaml")
    assert [{k: v for k, v in i.items() if k != "notes"} for i in data["orgs"][0]["issues"]] == EXPECTED_KAKU


def test_plain_text_report() -> None:
    result = invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "plain", "--text")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    assert "2 carried over, 2 renamed, 2 moved, 2 added, 2 removed; 6 matched with changes" in out
    assert ("~ B1 ⇒ A4  地域の担い手確保に向けた支援の拡充  (moved to another domain B⇒A; by the lineage marker "
            "追加(R7B領域からの派生), score 0.55)") in out
    assert "Impact: 低 ⇒ 高" in out
    assert "Quadrant: 低/高 ⇒ 高/高" in out  # the plans' own values, never high_high
    # word-level diff of ② in the [-…-]{+…+} notation; the document's → in a cell is shown as
    # "continues", and a change is ⇒, never → (the documents' own continuation mark; issue 31)
    assert "窓口での申請手続は[-紙の様式-]{+電子申請+}が中心[-である-]{+になりつつある+}。" in out
    assert "action (1) Q3: continues ⇒ オンライン申請の試行" in out
    assert "+ action (3) added: 職員向け研修の実施" in out
    assert "- action (2) removed: SNSでの周知" in out
    assert "+ ⑥進捗状況(令和8年12月時点) added (1 paragraph)" in out
    assert "- 架空局  only in R7 (1 issue" in out
    # without --text, only that the section changed
    plain = invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "plain").stdout
    assert "② content: changed (1 paragraph ⇒ 1 paragraph)" in plain
    assert "[-紙の様式-]" not in plain


def test_markdown_for_minutes() -> None:
    out = invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "markdown", "--text").stdout
    lines = out.splitlines()
    assert lines[0] == "# xplan diff R7 → R8"
    assert "## 架空区  (R7 → R8)" in lines
    # symbols that would start a nested list are escaped
    assert "- \\+ A3  災害時の避難所運営訓練  (added)" in lines
    assert "  - \\- action (2) removed: SNSでの周知" in lines
    assert "    - 窓口での申請手続は[-紙の様式-]{+電子申請+}が中心[-である-]{+になりつつある+}。" in lines


def test_rich_output_piped_has_no_colour() -> None:
    result = invoke("R7", "R8", "--plans", str(FIXTURES), "--text", "--width", "200")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    # the diff markers remain, so deletions read without colour
    assert "[-紙の様式-]{+電子申請+}" in result.stdout


def test_brief_counts() -> None:
    out = invoke("R7", "R8", "--plans", str(FIXTURES), "--brief").stdout.splitlines()
    assert out == [
        "xplan diff R7 → R8",
        "架空局: only in R7 (1 issue)",
        "模擬局: only in R8 (1 issue)",
        "架空区: 2 carried over, 2 renamed, 2 moved, 2 added, 2 removed; 6 matched with changes",
        "total: 3 organisations (2 on one side only); 2 carried over, 2 renamed, 2 moved, 2 added, 2 removed; "
        "6 matched with changes",
    ]
    data = fixture_json("--brief")
    assert data["orgs"][2]["counts"] == {"carried": 2, "renamed": 2, "moved": 2, "added": 2, "removed": 2,
                                         "changed": 6}


def test_exit_codes() -> None:
    assert run_diff("R7", "R8", plans=FIXTURES, fmt="json") == 0
    assert run_diff("R7", "R8", plans=FIXTURES, fmt="json", exit_code=True) == 1
    assert run_diff("R7", "R7", plans=FIXTURES, fmt="json", exit_code=True) == 0  # no changes
    assert invoke("R7", "R8", "--plans", str(FIXTURES), "--brief", "--exit-code").exit_code == 1
    assert invoke("R7", "R9", "--plans", str(FIXTURES), "--exit-code").exit_code == 2
    assert invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "nonsense").exit_code == 2
    assert invoke("R7", "R8", "--plans", str(FIXTURES), "-F", "json", "--bom").exit_code == 2


@pytest.mark.parametrize("args, message", [
    (["R9", "R8"], "no plan for R9"),
    (["nonsense", "R8"], "neither a fiscal year"),
    (["missing.yaml", "R8"], "cannot read the plan"),
    (["R7@", "R8"], "after @"),
])
def test_bad_sides_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args, "--plans", str(FIXTURES))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_years_typed_any_way() -> None:
    a = fixture_json()
    result = invoke("令和7", "FY2026", "--plans", str(FIXTURES), "-F", "json")
    assert json.loads(result.stdout)["orgs"] == a["orgs"]


# -- the real plans ---------------------------------------------------------------------------------

def test_real_plans_r6_r7_only_one_year_each() -> None:
    """plans/ holds R6 八幡東区 and 保健福祉局, R7 総務市民局 and 政策局 (and R8 小倉北区, in neither):
    no organisation is in both years, and the report says exactly that."""
    result = invoke("R6", "R7", "--plans", str(PLANS), "-F", "json", "--exit-code")
    assert result.exit_code == 1  # organisations present in one year only are changes
    data = json.loads(result.stdout)
    status = {o["org"]: o["status"] for o in data["orgs"]}
    assert status == {"八幡東区": "only_old", "保健福祉局": "only_old", "総務市民局": "only_new", "政策局": "only_new"}
    assert all(o["issues"] == [] for o in data["orgs"])


def test_real_plans_brief_counts_issues_per_plan(english: None) -> None:
    a, b = resolve_pair("R6", "R7", PLANS)
    brief = render_brief(build_report(a, b, ["八幡東区", "somu-shimin"]))
    # 15 issues in seed 002 (A(1)–A(8), B(1)–B(5), C(1)–C(2)); 11 in seed 001's overview
    assert brief.splitlines()[1:] == ["総務市民局: only in R7 (11 issues)",  # the city's order: bureaus first
                                      "八幡東区: only in R6 (15 issues)",
                                      "total: 2 organisations (2 on one side only); no issues compared"]


def test_real_plan_against_itself_has_no_changes() -> None:
    seisaku = str(PLANS / "R7" / "seisaku.yaml")
    result = invoke(seisaku, seisaku, "-F", "json", "--exit-code")
    assert result.exit_code == 0
    issues = json.loads(result.stdout)["orgs"][0]["issues"]
    assert len(issues) == 12  # A1, B1–B6, C1–C5 in seed 003
    assert {(i["change"], i["match"], bool(i["fields"])) for i in issues} == {("carried", "id", False)}


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.yaml")), ids=lambda p: p.name)
def test_fixtures_are_valid_and_marked_synthetic(path: Path) -> None:
    from xplan.plan.loader import load
    from xplan.plan.schema import check

    loaded = load(path)
    assert loaded.data is not None, loaded.findings
    assert check(loaded.data, str(path)) == []
    assert any("SYNTHETIC test fixture" in n for n in loaded.data["source"]["notes"])
    assert PLANS.resolve() not in path.resolve().parents  # never among the real plans


def test_a_year_wins_over_a_folder_of_the_same_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, item 4: inside plans/, `xplan diff R6 R7` means the fiscal years (the plans
    directory comes from the configuration found above), not the folders R6/ and R7/; written
    ./R6 it is the folder, which is not a side."""
    monkeypatch.chdir(PLANS)
    result = invoke("R6", "R7", "-F", "json")
    assert result.exit_code == 0, result.output
    status = {o["org"]: o["status"] for o in json.loads(result.stdout)["orgs"]}
    assert status == {"八幡東区": "only_old", "保健福祉局": "only_old", "総務市民局": "only_new", "政策局": "only_new"}
    result = invoke("./R6", "R7")
    assert result.exit_code == 2 and "./R6" in result.stderr and "Traceback" not in result.output
    assert invoke("R6/", "R7").exit_code == 2  # with a separator: the folder
