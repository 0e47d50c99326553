"""``xplan export -o FILE.db``: the bundled plans as a SQLite database, read back with sqlite3 and
with Datasette (its command line and its JSON API on a real server), compared with ``-F json``
and with the plan files themselves."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, ROOT
from robust_helpers import TRACEBACK, xplan

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "plans.db"
    r = xplan("export", "--all", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert out.is_file() and (out.parent / "plans.metadata.json").is_file()
    return out


def rows(db: Path, sql: str, *args: Any) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def plan_files() -> list[dict[str, Any]]:
    from xplan.plan.loader import load

    out = []
    for f in sorted(PLANS.glob("*/*.yaml")):
        loaded = load(f)
        assert loaded.data is not None
        out.append(loaded.data)
    return out


def test_issues_equal_the_issues_json(exported: Path) -> None:
    r = xplan("issues", "--all", "-F", "json", cwd=ROOT)
    want = json.loads(r.stdout)["issues"]
    got = rows(exported, "SELECT * FROM issues ORDER BY plan_id, position")
    # the same issues; JSON lists them in the city's order, the database by plan
    key = lambda d: (d["year"], d["org"], d["code"])  # noqa: E731
    as_json = sorted(({"org": g["organisation"], "year": g["fiscal_year"], "code": g["code"], "domain": g["domain"],
                       "number": g["number"], "field": g["field"], "title": g["title"], "impact": g["impact"],
                       "urgency": g["urgency"], "actions": g["action_count"]} for g in got), key=key)
    assert as_json == sorted(want, key=key)
    assert len(got) == 61


def test_schedule_cells_and_progress_equal_the_plan_files(exported: Path) -> None:
    cells = [((r["organisation"], r["fiscal_year"], r["issue_code"], r["action_number"], r["quarter"]), r)
             for r in rows(exported, "SELECT * FROM quarterly_schedule")]
    checked = 0
    for data in plan_files():
        org, year = data["organisation"]["name"], data["fiscal_year"]
        for issue in data.get("issues", []):
            for action in issue.get("actions") or []:
                for row in action.get("schedule") or []:
                    for n, q in enumerate(("q1", "q2", "q3", "q4"), 1):
                        if q not in row:
                            continue
                        text = "\n".join("→" if isinstance(i, dict) else i for i in row[q])
                        got = [c for k, c in cells if k[:3] == (org, year, issue["id"])
                               and k[3] == action.get("number") and k[4] == n and c["text"] == text]
                        assert got, (org, year, issue["id"], action.get("number"), q, text)
                        assert got[0]["continues"] == any(isinstance(i, dict) for i in row[q])
                        checked += 1
            progress = rows(exported, "SELECT p.* FROM progress p JOIN issues i ON i.id = p.issue_id "
                                      "WHERE i.organisation = ? AND i.fiscal_year = ? AND i.code = ? ORDER BY position",
                            org, year, issue["id"])
            assert [p["as_of"] for p in progress] == [c.get("as_of") for c in issue.get("progress") or []]
            assert [p["action_number"] for p in progress] == [c.get("action") for c in issue.get("progress") or []]
    assert checked > 150


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_every_text_of_every_plan_is_in_the_database(exported: Path) -> None:
    con = sqlite3.connect(exported)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite%'")]
    everything = "\n".join(str(v) for t in tables for row in con.execute(f'SELECT * FROM "{t}"') for v in row
                           if isinstance(v, str))
    con.close()
    missing = []
    for data in plan_files():
        for key, value in data.items():
            if key in ("source", "schema_version"):  # the transcriber's notes, not the document's words
                continue
            missing += [s for s in _strings(value) if s not in everything]
    assert missing == []


def test_keys_views_and_full_text_search(exported: Path) -> None:
    con = sqlite3.connect(exported)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {(t, r[2], r[3]) for t in ("plans", "issues", "actions", "schedule_rows", "schedule_cells", "progress",
                                     "lint_findings", "texts")
           for r in con.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("plans", "organisations", "organisation_id"), ("issues", "plans", "plan_id"),
            ("actions", "issues", "issue_id"), ("schedule_cells", "schedule_rows", "row_id"),
            ("progress", "actions", "action_id"), ("lint_findings", "plans", "plan_id")} <= fks
    views = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == {"issue_overview", "quarterly_schedule", "progress_by_action", "findings_by_plan"}
    # trigram: a Japanese phrase inside a sentence, no word splitter
    hits = con.execute("SELECT t.organisation, t.section, t.text FROM texts_fts JOIN texts t ON t.id = texts_fts.rowid "
                       "WHERE texts_fts MATCH ?", ("窓口予約サービス",)).fetchall()
    assert hits and all("窓口予約サービス" in h[2] for h in hits) and {h[0] for h in hits} == {"政策局"}
    issue = con.execute("SELECT DISTINCT t.issue_id FROM texts_fts JOIN texts t ON t.id = texts_fts.rowid "
                        "WHERE texts_fts MATCH ? AND t.section = '課題名'", ("ローコードツール",)).fetchall()
    assert ("R7/seisaku/A1",) in issue
    # lint findings: what xplan lint -F json says about the same files
    lint = json.loads(xplan("lint", "-F", "json", cwd=ROOT).stdout)["findings"]
    got = con.execute("SELECT file, line, column, code, severity, message FROM lint_findings").fetchall()
    assert sorted(got) == sorted((f["file"].removeprefix("plans/"), f["line"], f["column"], f["code"], f["severity"],
                                  f["message"]) for f in lint)
    con.close()


def test_the_same_plans_give_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "plans.db"
    assert xplan("export", "--all", "-o", str(again), cwd=ROOT).returncode == 0
    assert again.read_bytes() == exported.read_bytes()
    meta = exported.parent / "plans.metadata.json"
    assert (tmp_path / "plans.metadata.json").read_bytes() == meta.read_bytes()


def test_selection_options(tmp_path: Path) -> None:
    out = tmp_path / "seisaku.sqlite"
    r = xplan("export", "--org", "seisaku", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert [tuple(p) for p in rows(out, "SELECT id, organisation, fiscal_year FROM plans")] == [
        ("R7/seisaku", "政策局", "R7")]
    assert {r[0] for r in rows(out, "SELECT DISTINCT plan_id FROM lint_findings")} <= {"R7/seisaku"}
    # without --all: each organisation's latest plan; --year picks a year
    latest = tmp_path / "latest.db"
    assert xplan("export", "-o", str(latest), cwd=ROOT).returncode == 0
    assert len(rows(latest, "SELECT * FROM plans")) == 5
    r6 = tmp_path / "r6.db"
    assert xplan("export", "--year", "令和6", "-o", str(r6), "--plans", str(PLANS), cwd=tmp_path).returncode == 0
    assert {r[0] for r in rows(r6, "SELECT fiscal_year FROM plans")} == {"R6"}
    assert {r[0] for r in rows(r6, "SELECT file FROM plans")} == {"R6/hoken-fukushi.yaml", "R6/yahatahigashi.yaml"}


def test_metadata_for_datasette(exported: Path) -> None:
    meta = json.loads((exported.parent / "plans.metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["plans"]["tables"]
    con = sqlite3.connect(exported)
    for name in ("organisations", "plans", "issues", "actions", "schedule_rows", "schedule_cells", "progress",
                 "lint_findings", "texts"):
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
        assert set(tables[name]["columns"]) == set(columns), name  # every column described, in Japanese
        assert all(any("\u3040" <= ch <= "\u9fff" for ch in d) for d in tables[name]["columns"].values())
        assert tables[name]["title"] and tables[name]["description"]
        assert set(tables[name].get("facets", [])) <= set(columns)
    assert {"field", "domain", "organisation", "fiscal_year"} <= set(tables["issues"]["facets"])
    con.close()


def _datasette(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def test_datasette_get(exported: Path) -> None:
    meta = str(exported.parent / "plans.metadata.json")
    r = _datasette(str(exported), "-m", meta, "--get", "/plans/issues.json?_shape=array&_size=max"
                                                          "&organisation=政策局&_sort=position")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    want = list(json.loads(xplan("issues", "--org", "政策局", "-F", "json", cwd=ROOT).stdout)["issues"])
    assert [(g["code"], g["title"], g["field"]) for g in got] == [(w["code"], w["title"], w["field"]) for w in want]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_server_json_api(exported: Path) -> None:
    port = _free_port()
    exe = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    proc = subprocess.Popen([exe, "serve", str(exported), "-m", str(exported.parent / "plans.metadata.json"),
                             "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)

        def get(path: str) -> Any:
            with urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?&=_."), timeout=20) as resp:
                return json.load(resp)

        # full-text search through Datasette (it finds texts_fts from the metadata / content=)
        found = get("/plans/texts.json?_search=窓口予約サービス&_shape=array")
        assert found and all("窓口予約サービス" in t["text"] for t in found)
        # facets from the metadata, counted by Datasette: the domains of every issue
        data = get("/plans/issues.json?_size=0")
        facets = data["facet_results"]
        domains = {f["value"]: f["count"] for f in facets["domain"]["results"]}
        issues = json.loads(xplan("issues", "--all", "-F", "json", cwd=ROOT).stdout)["issues"]
        assert domains == {d: sum(1 for i in issues if i["domain"] == d) for d in "ABC"}
        assert {"organisation", "fiscal_year", "field"} <= set(facets)
        # the titles people see are the Japanese ones
        meta = get("/-/metadata.json")
        assert meta["databases"]["plans"]["tables"]["issues"]["title"] == "課題"
        view = get("/plans/quarterly_schedule.json?_shape=array&continues=1&_size=max")
        assert view and all("→" in r["text"] for r in view)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_bad_targets_are_usage_errors(tmp_path: Path) -> None:
    cases = {
        "missing folder": str(tmp_path / "nowhere" / "plans.db"),
        "unknown suffix": str(tmp_path / "plans.txt"),
    }
    readonly = tmp_path / "readonly.db"
    readonly.write_bytes(b"old")
    readonly.chmod(0o444)
    cases["read-only file"] = str(readonly)
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    cases["a file for a folder"] = str(a_file)
    for why, target in cases.items():
        r = xplan("export", "-o", target, cwd=ROOT)
        assert r.returncode == 2, (why, r.stderr)
        assert TRACEBACK not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, (why, r.stderr)
    assert readonly.read_bytes() == b"old" and a_file.read_text() == "x"
    assert not (tmp_path / "nowhere").exists()
    r = xplan("export", "-o", str(tmp_path / "x.db"), "--org", "門司区", cwd=ROOT)
    assert r.returncode == 2 and TRACEBACK not in r.stderr


def test_text_no_format_can_hold_is_replaced_alike_in_every_format(tmp_path: Path) -> None:
    """A lone surrogate (not UTF-8) and a control character (not XML) in a plan: every export is
    written, with U+FFFD in their place, and the formats agree."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    target = plans / "R7" / "seisaku.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("- 生成AIを中心としたAIの徹底活用やkintone等を活用した業務効率化の推進。", '- "生成\\x01AI\\ud800"', 1)
    target.write_text(text, encoding="utf-8")
    for name in ("x.db", "x.xlsx", "csv"):
        r = xplan("export", "--all", "--plans", str(plans), "-o", str(tmp_path / name), cwd=tmp_path)
        assert r.returncode in (0, 1) and TRACEBACK not in r.stderr, r.stderr
    got = rows(tmp_path / "x.db", "SELECT approach FROM issues WHERE id = 'R7/seisaku/A1'")[0][0]
    assert got == "生成\ufffdAI\ufffd"
    assert "生成\ufffdAI\ufffd" in (tmp_path / "csv" / "issues.csv").read_text(encoding="utf-8-sig")
    r = xplan("show", "--plans", str(plans), "--org", "政策局", "A1", "-F", "docx", "-o", str(tmp_path / "a1.docx"),
              cwd=tmp_path)
    assert r.returncode == 0 and TRACEBACK not in r.stderr, r.stderr


def test_a_cold_export_parses_each_plan_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             parsed_files: list[str]) -> None:
    """Lint runs first and leaves the plans it parses in the cache, so the loader reads them from
    there: every plan file is parsed exactly once (it was twice: 9 s instead of 4.5 s cold on 200
    generated plans, bench/export.py), and the database is the one --no-cache gives."""
    from xplan.commands.export import run_export

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "cache"))
    cold = tmp_path / "cold.db"
    assert run_export(cold, all_years=True, plans=plans, quiet=True) == 0
    files = sorted(str(f) for f in plans.glob("*/*.yaml"))
    assert sorted(parsed_files) == files  # 5 plan files → 5 parses, not 10
    parsed_files.clear()
    warm = tmp_path / "warm.db"
    assert run_export(warm, all_years=True, plans=plans, quiet=True) == 0
    assert parsed_files == []  # and none at all once the cache is warm
    uncached = tmp_path / "uncached.db"
    assert run_export(uncached, all_years=True, plans=plans, quiet=True, no_cache=True) == 0
    assert cold.read_bytes() == warm.read_bytes() == uncached.read_bytes()
