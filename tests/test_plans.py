"""The five transcribed plans: valid, and saying what their seed documents say.

Expectations are read off the seed text itself (detail headings, rating markers, quarter-table
rows, overview rows), so a dropped or invented issue, rating, table or cell fails here. The
literal pins below were counted from the seeds by hand and agree with those readings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from conftest import PLANS, ROOT, SOURCES, plan, seed_text

CURRENT = ["R8/kokurakita", "R7/somu-shimin", "R7/seisaku"]
HEADING = re.compile(r"^[#\-\s]*課題([ABC])\s*[（(]\s*(\d+)\s*[)）]")
QUARTER_HEADER = re.compile(r"第\s*1\s*四半期")


def test_plans_directory_holds_the_five_documents() -> None:
    assert sorted(p.relative_to(PLANS).with_suffix("").as_posix() for p in PLANS.rglob("*.yaml")) == sorted(SOURCES)


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_source_document_is_a_file_of_the_repository(key: str) -> None:
    """The published text a plan was transcribed from is in the repository (sources/), named by the
    plan's source.document relative to the plan, so the fidelity and plan tests run on any clone."""
    from xplan.plan.loader import load

    path = PLANS / f"{key}.yaml"
    document = load(path).data["source"]["document"]
    source = (path.parent / document).resolve()
    assert source.parent == ROOT / "sources" and source.is_file(), document
    if shutil.which("git") and (ROOT / ".git").exists():  # a checkout (not an unpacked archive): committed
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(source)], cwd=ROOT,
                                 capture_output=True, text=True)
        assert tracked.returncode == 0, f"{source} is not committed"


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_plan_validates_and_starts_with_schema_line(key: str) -> None:
    from xplan.plan.loader import load
    from xplan.plan.schema import check

    path = PLANS / f"{key}.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../schema/plan.schema.json"
    loaded = load(path)
    assert loaded.findings == []
    assert check(loaded.data, str(path)) == []


def test_schema_is_valid_2020_12_with_bilingual_docs() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["$id"]

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, where
            for name, sub in node.get("properties", {}).items():
                if sub is False:
                    continue  # a key forbidden in a branch (schedule row's then): documented where it is allowed
                assert " / " in sub.get("title", ""), f"{where}/{name} needs 'ja / en' title"
                assert " / " in sub.get("description", ""), f"{where}/{name} needs 'ja / en' description"
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(schema, "#")


@pytest.mark.skipif(shutil.which("check-jsonschema") is None, reason="check-jsonschema not installed")
def test_independent_validator_accepts_plans_and_schema() -> None:
    files = [str(p) for p in sorted(PLANS.rglob("*.yaml"))]
    r = subprocess.run(["check-jsonschema", "--schemafile", str(ROOT / "schema/plan.schema.json"), *files],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(["check-jsonschema", "--check-metaschema", str(ROOT / "schema/plan.schema.json")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


# -- current layout: read the structure off the seed -----------------------------------------

def seed_details(text: str) -> dict[str, dict[str, object]]:
    """Per detail heading: rating, number of quarter tables, filled cells, ⑥ sections."""
    out: dict[str, dict[str, object]] = {}
    lines = text.splitlines()
    cur = None
    for i, raw in enumerate(lines):
        line = unicodedata.normalize("NFKC", raw)
        m = HEADING.match(line)
        if m:
            cur = f"{m.group(1)}{int(m.group(2))}"
            out.setdefault(cur, {"rating": None, "tables": 0, "cells": 0, "progress": 0})
            continue
        if cur is None:
            continue
        r = re.search(r"【インパクト[:：]\s*(.)】\s*【緊急度[:：]\s*(.)】", line)
        if r:
            out[cur]["rating"] = (r.group(1), r.group(2))
        if QUARTER_HEADER.match(line):
            out[cur]["tables"] += 1  # type: ignore[operator]
            j = i + 1
            # the table's rows: tab-separated lines up to the next header or action paragraph
            while j < len(lines) and "\t" in lines[j] and "<p>" not in lines[j] and not QUARTER_HEADER.match(lines[j]):
                cols = [re.sub(r"<[^>]+>|\s", "", c) for c in lines[j].split("\t")]
                if not (cols[0].startswith("○") and not any(cols[1:])):  # a row label, not a cell
                    out[cur]["cells"] += sum(1 for c in cols if c)  # type: ignore[operator]
                j += 1
        if "進捗状況(令和" in line:  # NFKC turns ⑥ into 6
            out[cur]["progress"] += 1  # type: ignore[operator]
    return out


def seed_overview(text: str) -> dict[str, list[tuple[str, str, str | None]]]:
    """The 課題一覧 rows per domain: (policy field, title, lineage marker)."""
    rows: dict[str, list[tuple[str, str, str | None]]] = {}
    dom = None
    for line in text.splitlines():
        m = re.match(r"^[#\s]*課題領域\s*([ABC])\s*$", line)
        if m:
            dom = m.group(1)
            continue
        if "凡例" in line:
            dom = None
        if dom and "\t" in line and not line.startswith("政策分野"):
            cols = line.split("\t")
            marker = re.search(r"<div[^>]*>(.*?)</div>", cols[1])
            title = re.sub(r"^\(\d+\)", "", re.sub(r"<div[^>]*>.*?</div>\s*", "", cols[1])).strip()
            rows.setdefault(dom, []).append((cols[0].strip(), title, marker.group(1) if marker else None))
    return rows


@pytest.mark.parametrize("key", CURRENT)
def test_detail_sections_match_seed(key: str) -> None:
    expected = seed_details(seed_text(key))
    p = plan(key)
    assert {i.code for i in p.issues if i.has_detail} == set(expected)
    for issue in p.issues:
        if not issue.has_detail:
            continue
        e = expected[issue.code]
        assert (issue.impact, issue.urgency) == e["rating"], issue.code
        tables = sum(1 for a in issue.actions or [] if a.schedule) + (1 if issue.schedule else 0)
        assert tables == e["tables"], issue.code
        assert sum(1 for _, row in issue.schedules() for c in row.cells.values() if c) == e["cells"], issue.code
        assert len({c.label for c in issue.progress}) == e["progress"], issue.code


@pytest.mark.parametrize("key", CURRENT)
def test_overview_rows_match_seed(key: str) -> None:
    expected = seed_overview(seed_text(key))
    got: dict[str, list[tuple[str | None, str | None, str | None]]] = {}
    for i in plan(key).issues:
        if i.in_overview:
            got.setdefault(i.domain, []).append((i.field, i.overview_title or i.title,
                                                 i.lineage.marker if i.lineage else None))
    assert got == expected


# -- literal pins, counted by hand from each seed ---------------------------------------------

PINS = {
    # key: (codes per domain, actions, filled quarter cells, progress checkpoints)
    "R8/kokurakita": ({"A": 4, "B": 1, "C": 1}, 13, 52, 0),
    "R7/somu-shimin": ({"A": 2, "B": 7, "C": 2}, 8, 14, 0),
    "R7/seisaku": ({"A": 1, "B": 6, "C": 5}, 27, 97, 27),
    "R6/yahatahigashi": ({"A": 8, "B": 5, "C": 2}, 0, 0, 0),
    "R6/hoken-fukushi": ({"A": 3, "B": 11, "C": 3}, 0, 0, 34),
}


@pytest.mark.parametrize("key", sorted(PINS))
def test_pinned_counts(key: str) -> None:
    domains, actions, cells, progress = PINS[key]
    p = plan(key)
    got = {d: sum(1 for i in p.issues if i.domain == d) for d in "ABC"}
    assert got == domains
    assert [i.code for i in p.issues] == [f"{d}{n}" for d in "ABC" for n in range(1, domains[d] + 1)]
    assert sum(i.action_count for i in p.issues) == actions
    assert sum(1 for i in p.issues for _, r in i.schedules() for c in r.cells.values() if c) == cells
    assert sum(len(i.progress) for i in p.issues) == progress


def test_kokurakita_titles_ratings_and_lineage() -> None:
    p = plan("R8/kokurakita")
    assert [(i.code, i.impact, i.urgency) for i in p.issues] == [
        ("A1", "高", "高"), ("A2", "高", "高"), ("A3", "高", "低"), ("A4", "高", "低"), ("B1", "高", "低"), ("C1", "高", "低")]
    a2, a4 = p.issue("A2"), p.issue("A4")
    assert a2.title == "市民サービス向上やまちづくりにつながる業務改革"
    assert a2.overview_title == "市民サービス向上やまちづくりにつながる業務改革・環境改善"
    assert a4.overview_title == "区内の観光資源の掘り起こし・情報発信の強化、並びに区の垣根を超えた周遊観光の促進"
    assert [(i.code, i.lineage.year, i.lineage.domain) for i in p.issues if i.lineage] == [("A3", "R7", "B"), ("A4", "R7", "B")]
    assert p.raw["basic_info"]["budget"]["text"] == "記載不要"


def test_somu_shimin_gaps_are_kept_as_gaps() -> None:
    p = plan("R7/somu-shimin")
    assert [i.code for i in p.issues if not i.has_detail] == ["B4", "B5", "B6", "B7", "C1", "C2"]
    for i in p.issues:
        if not i.has_detail:  # only what the overview says
            assert i.impact is i.urgency is i.content is i.actions is None
    b3 = p.issue("B3")
    assert b3.actions is None and b3.outcomes  # stops after ④
    a2 = p.issue("A2")
    assert a2.actions[0].schedule[0].cells["q1"] == [] and a2.actions[1].schedule[0].cells["q4"] == []
    for code in ("B1", "B2"):
        row = p.issue(code).schedule[0]
        assert row.cells["q1"] == row.cells["q2"] == [] and row.cells["q3"] and row.cells["q4"]
    budget = p.raw["basic_info"]["budget"]
    assert budget["general_account"]["oku_yen"] == 177.6 and budget["special_account"]["oku_yen"] == 5.3


def test_seisaku_continuations_and_progress() -> None:
    from xplan.plan.model import CONTINUES

    p = plan("R7/seisaku")
    assert all((i.impact, i.urgency) == ("高", "高") for i in p.issues)
    arrows = sum(1 for i in p.issues for _, r in i.schedules() for c in r.cells.values() if c and CONTINUES in c)
    seed_arrows = sum(line.count("→") for line in seed_text("R7/seisaku").splitlines()
                      if "\t" in line and "→" in line)
    assert arrows == seed_arrows
    assert {c.as_of for i in p.issues for c in i.progress} == {"2025-12"}
    assert p.raw["basic_info"]["budget"]["special_account"] == {"text": "なし"}


def test_yahatahigashi_issues_themes_and_titles() -> None:
    text = seed_text("R6/yahatahigashi")
    heads = re.findall(r"^課題([ABC])\((\d)\)(.+)$", text, flags=re.M)
    p = plan("R6/yahatahigashi")
    assert [(i.code, i.theme) for i in p.issues] == [(f"{d}{n}", theme.strip()) for d, n, theme in heads]
    # ① 課題名 <title>(<sub-theme>) may wrap onto the next line: read each heading block whole
    blocks = re.findall(r"^課題[ABC]\(\d\).*?\n(.*?)② 課題の内容", text, flags=re.M | re.S)
    assert len(blocks) == 15
    for issue, block in zip(p.issues, blocks):
        flat = "".join(block.split())
        heading = "①課題名" + "".join(issue.title.split())
        assert flat.startswith(("-" + heading, heading)), issue.code
        assert flat.rstrip("-").endswith(f"({issue.sub_theme})"), issue.code
    assert p.fiscal_year == "R6" and p.template == "R6"
    assert all(i.impact is None and i.field is None and i.actions is None for i in p.issues)
    assert [t["name"] for t in p.themes] == ["感動区役所", "いきいき地域", "人とつながる市民センター"]
    assert p.issue("A8").approach is None  # the diagram's entry is cut off


def test_hoken_fukushi_rows_and_columns() -> None:
    text = unicodedata.normalize("NFKC", seed_text("R6/hoken-fukushi"))
    labels = re.findall(r"^([ABC])\((\d+)\)\s*(\S+)", text, flags=re.M)
    p = plan("R6/hoken-fukushi")
    # every row label of the sheet is an issue, and its title starts with the label's text
    assert sorted(f"{d}{n}" for d, n, _ in labels) == sorted(i.code for i in p.issues)
    for d, n, start in labels:
        title = unicodedata.normalize("NFKC", p.issue(f"{d}{n}").title or "")
        assert title.startswith(start), (d, n, start, title)
    for i in p.issues:
        assert [c.as_of for c in i.progress] == ["2024-11", "2025-03"], i.code
        assert i.content and i.background and i.measures is not None and i.fell_short is not None, i.code
    assert [i.code for i in p.issues if i.achieved == []] == ["A3", "B5", "B6", "B8", "B9", "B10", "C3"]


# -- placements that rest on a reading of the layout (issue 15; reasons in source.notes) ------

def test_seisaku_b6_completion_on_the_row_the_progress_text_supports() -> None:
    """「→ 100%完了」 ends the 対象手続きオンライン化 row: ⑥ speaks of オンライン化100%."""
    from xplan.plan.model import CONTINUES

    p = plan("R7/seisaku")
    b6 = p.issue("B6")
    progress = [s for s in b6.progress[0].items if isinstance(s, str) and "100%" in s]
    assert progress == ["年度内の対象手続きオンライン化100%に向けた伴走支援を実施中(予定どおり進捗)。"]
    rows = b6.actions[0].schedule
    target = next(r for r in rows if r.cells["q1"] and r.cells["q1"][0] in progress[0])
    assert target.cells["q1"] == ["対象手続きオンライン化"]
    assert target.cells["q4"] == [CONTINUES, "100%完了"]
    other = next(r for r in rows if r is not target)
    assert other.cells["q3"] == ["プロジェクトの効果検証"] and other.cells["q4"] == []
    assert any("100%完了" in n and "2行目" in n for n in p.raw["source"]["notes"])


# Each sub-topic band of the sheet's A(1)/A(2) rows, and the words of the issue's ② that name it.
HOKEN_BANDS = {
    "A1": [("【電子申請の導入の検討】", "電子申請等の導入を進め"),
           ("【電子申請を進める際の検討課題】", "電子申請等の導入を進め"),
           ("【保護課　窓口相談へ出向く前の基礎的なオンライン対応】", "生活保護などの相談業務")],
    "A2": [("【介護事業所からの定例的な問い合わせに対応のデジタル活用】", "事業所からの定例的な問い合わせに対応するためのＡＩ活用"),
           ("【保護課　外出先で活用できるタブレットの導入】", "外出先で活用できるタブレットの導入"),
           ("【民生委員活動のデジタル化】", "民生委員の業務"),
           ("【保健所　結核患者登録票による管理のデジタル化】", None),  # ② does not name it
           ("【kintoneなどの既存アプリの積極的な活用】", "kintoneなどの既存アプリ・ツールの積極的な活用")],
}


def test_hoken_fukushi_a1_a2_bands_sit_with_the_issue_whose_content_names_them() -> None:
    from xplan.plan.model import Headed

    p = plan("R6/hoken-fukushi")
    for code, bands in HOKEN_BANDS.items():
        issue = p.issue(code)
        content = "".join(s for s in issue.content if isinstance(s, str))
        assert [b.heading for b in issue.measures if isinstance(b, Headed)] == [h for h, _ in bands], code
        for heading, words in bands:
            assert words is None or words in content, (code, heading)
        # the ⑤ column repeats the headings it prints, in the same order
        p5 = [b.heading for b in issue.progress[0].items if isinstance(b, Headed)]
        assert p5 == [h for h, _ in bands if h in p5], code
    a2 = p.issue("A2")
    assert a2.progress[0].items[0].heading == "【介護事業所からの定例的な問い合わせに対応のデジタル活用】"
    assert a2.progress[1].items[0].startswith("生成AIを活用した介護保険制度への疑義回答システムの構築")
    assert a2.fell_short[0] == "介護事業所向けに生成AIを活用した介護保険制度の疑義回答システムを導入する。"
    assert not any("介護保険制度" in line for line in
                   [s for s in p.issue("A1").progress[1].items if isinstance(s, str)] + p.issue("A1").fell_short)
    assert any("A（2）とした" in n for n in p.raw["source"]["notes"])
