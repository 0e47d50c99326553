"""-F xlsx on every table command: a real workbook, read back with openpyxl and converted by
LibreOffice Calc headless, holding the rows of ``-F csv`` with numbers as numbers, and the values
of ``-F json``; refused on a terminal; text that looks like a formula stays text."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xplan.cli import app

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
ENV = {"NO_COLOR": "1", "XPLAN_LANG": "ja", "COLUMNS": None}
SOFFICE = shutil.which("soffice")
# every table command, with the sheet its workbook names
COMMANDS: dict[str, tuple[list[str], str]] = {
    "issues": (["issues", "--all"], "課題"),
    "matrix": (["matrix", "--all"], "マトリクス"),
    "rollup": (["rollup", "--all"], "集計"),
    "fields": (["fields", "--all"], "政策分野"),
    "orgs": (["orgs", "--all"], "組織"),
    "agenda": (["agenda", "--year", "R7", "--quarter", "3"], "議題"),
    "progress": (["progress", "--as-of", "2025-12"], "進捗"),
    "schedule": (["schedule", "--org", "政策局"], "四半期スケジュール"),
    "rules": (["rules"], "ルール"),
}


def run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--plans", str(PLANS)] if args[0] != "rules" else list(args), env=ENV)


def sheet_rows(path: Path) -> tuple[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    return ws.title, [list(r) for r in ws.iter_rows(values_only=True)]


def as_text(v: Any) -> str:
    return "" if v is None else str(v)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("xlsx")
    paths = {}
    for name, (args, _sheet) in COMMANDS.items():
        paths[name] = out / f"{name}.xlsx"
        r = run(*args, "-F", "xlsx", "-o", str(paths[name]), "-q")
        assert r.exit_code == 0, r.output
    return paths


def csv_rows(text: str) -> list[list[str]]:
    """The rows of `-F csv` as a spreadsheet shows them: a cell that could run as a formula carries
    the leading ' that OWASP recommends for CSV (xplan/output/cells.py), which the workbook needs not
    (there the cell is typed as text)."""
    from xplan.output.cells import looks_like_formula

    return [[c[1:] if c.startswith("'") and looks_like_formula(c[1:]) else c for c in row]
            for row in csv.reader(io.StringIO(text))]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_workbook_holds_the_csv_rows_typed(name: str, workbooks: dict[str, Path]) -> None:
    args, sheet = COMMANDS[name]
    title, rows = sheet_rows(workbooks[name])
    assert title == sheet
    expected = csv_rows(run(*args, "-F", "csv").stdout)
    assert rows[0] == expected[0]  # the Japanese headings
    assert [[as_text(v) for v in r] for r in rows[1:]] == expected[1:len(rows)]
    # one row per record: only a total row (the footer of orgs) is left out
    assert all(r[0] == "合計" for r in expected[len(rows):])
    assert len(rows) > 1
    for r, e in zip(rows[1:], expected[1:]):
        for v, text in zip(r, e):
            if text.lstrip("-").isdigit():
                assert isinstance(v, int), (name, text)  # numbers as numbers
    ws = openpyxl.load_workbook(workbooks[name]).worksheets[0]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert ws.cell(1, 1).font.b and ws.cell(2, 1).font.name == "游ゴシック"
    assert all(ws.column_dimensions[ws.cell(1, c).column_letter].width >= 6 for c in range(1, ws.max_column + 1))


def test_issues_hold_the_values_of_json(workbooks: dict[str, Path]) -> None:
    _title, rows = sheet_rows(workbooks["issues"])
    issues = json.loads(run("issues", "--all", "-F", "json").stdout)["issues"]
    assert len(rows) - 1 == len(issues)
    for row, i in zip(rows[1:], issues):
        org, year, code, field, title, impact, urgency, actions = row
        assert (org, year, code, title, actions) == (i["org"], i["year"], i["code"], i["title"], i["actions"])
        assert field == (i["field"] if i["field"] is not None else "(未設定)")
        assert (impact, urgency) == tuple(v if v is not None else "未評価" for v in (i["impact"], i["urgency"]))
    # a column is as wide as its text is on screen (a Japanese character is two columns)
    ws = openpyxl.load_workbook(workbooks["issues"]).worksheets[0]
    assert ws.column_dimensions["E"].width > 2 * max(len(i["title"] or "") for i in issues[:5]) // 2
    wrapped = [c for c in ws["E"][1:] if len(c.value or "") > 30]
    assert wrapped and all(c.alignment.wrap_text for c in wrapped)


def test_lint_findings_hold_the_values_of_json(tmp_path: Path) -> None:
    out = tmp_path / "lint.xlsx"
    r = CliRunner().invoke(app, ["lint", str(PLANS), "-F", "xlsx", "-o", str(out), "-q", "--no-cache"], env=ENV)
    assert r.exit_code in (0, 1), r.output
    title, rows = sheet_rows(out)
    findings = json.loads(CliRunner().invoke(app, ["lint", str(PLANS), "-F", "json", "--no-cache"], env=ENV).stdout)
    assert title == "指摘"
    assert rows[0][:3] == ["ファイル", "行", "列"]
    keys = ["file", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "path"]
    assert [dict(zip(keys, r)) for r in rows[1:]] == findings["findings"]


def test_the_same_tables_give_the_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        assert run("issues", "--all", "-F", "xlsx", "-o", str(path), "-q").exit_code == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("args", [["issues"], ["rollup"], ["lint", str(PLANS)]])
def test_a_binary_format_goes_to_a_file_or_a_pipe_never_a_terminal(args: list[str], tmp_path: Path) -> None:
    import pty

    main, side = pty.openpty()
    try:
        r = subprocess.run([sys.executable, "-m", "xplan", *args, "-F", "xlsx"], stdout=side, stderr=subprocess.PIPE,
                           cwd=ROOT, timeout=120, env={**os.environ, "XPLAN_LANG": "ja"})
    finally:
        os.close(main)
        os.close(side)
    assert r.returncode == 2 and b"-o FILE.xlsx" in r.stderr and r.stderr.count(b"\n") == 1, r.stderr
    piped = subprocess.run([sys.executable, "-m", "xplan", *args, "-F", "xlsx"], capture_output=True, cwd=ROOT,
                           timeout=120)
    assert piped.returncode in (0, 1) and piped.stdout.startswith(b"PK")  # the workbook itself, a zip
    (tmp_path / "piped.xlsx").write_bytes(piped.stdout)
    assert openpyxl.load_workbook(tmp_path / "piped.xlsx").worksheets[0].max_row > 1


def test_without_openpyxl_one_line_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    r = run("issues", "-F", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 2 and "pip install" in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()


def _formula_plans(tmp_path: Path) -> Path:
    """A synthetic copy of one plan whose first issue title looks like a formula."""
    plans = tmp_path / "plans" / "R8"
    plans.mkdir(parents=True)
    text = (PLANS / "R8" / "kokurakita.yaml").read_text(encoding="utf-8")
    title = json.loads(run("issues", "--org", "小倉北区", "-F", "json").stdout)["issues"][0]["title"]
    assert text.count(f"title: {title}") == 1
    (plans / "kokurakita.yaml").write_text(text.replace(f"title: {title}", "title: '=1+2'"), encoding="utf-8")
    return plans.parent


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    plans = _formula_plans(tmp_path)
    out = tmp_path / "i.xlsx"
    r = CliRunner().invoke(app, ["issues", "--plans", str(plans), "-F", "xlsx", "-o", str(out), "-q",
                                 "--no-cache"], env=ENV)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).worksheets[0]
    cell = ws["E2"]
    assert cell.value == "=1+2" and cell.data_type == "s" and cell.quotePrefix


def _soffice_csv(paths: list[Path], out: Path) -> dict[str, list[list[str]]]:
    """LibreOffice Calc's own reading of the workbooks, as UTF-8 CSV (its own profile, so that
    parallel runs do not share one)."""
    profile = out / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    return {p.stem: list(csv.reader(io.StringIO((out / f"{p.stem}.csv").read_text(encoding="utf-8"))))
            for p in paths}


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_rows_of_csv(workbooks: dict[str, Path], tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI installs libreoffice-calc-nogui (.ci/run)"
    plans = _formula_plans(tmp_path)
    formula = tmp_path / "formula.xlsx"
    assert CliRunner().invoke(app, ["issues", "--plans", str(plans), "-F", "xlsx", "-o", str(formula), "-q",
                                    "--no-cache"], env=ENV).exit_code == 0
    read = _soffice_csv([*workbooks.values(), formula], tmp_path)
    for name, (args, _sheet) in COMMANDS.items():
        expected = csv_rows(run(*args, "-F", "csv").stdout)
        assert read[name] == expected[:len(read[name])], name
        assert all(r[0] == "合計" for r in expected[len(read[name]):])
    assert read["formula"][1][4] == "=1+2"  # shown as written, never evaluated to 3
