"""``xplan export -o FILE.xlsx``: one workbook, a sheet per table, read back with openpyxl, pandas and
LibreOffice Calc (headless, every sheet to CSV); the values are the database's and ``-F json``'s."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from robust_helpers import xplan

openpyxl = pytest.importorskip("openpyxl")

from xplan.export import tables as T  # noqa: E402
from xplan.output.xlsx import Sheet, display_width, workbook_bytes  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("xlsx")
    for name in ("plans.xlsx", "plans.db"):
        r = xplan("export", "--all", "-o", str(folder / name), cwd=ROOT)
        assert r.returncode == 0, r.stderr
    return folder / "plans.xlsx", folder / "plans.db"


def _db_rows(db: Path, table: str) -> list[list[object]]:
    con = sqlite3.connect(db)
    try:
        return [list(r) for r in con.execute(f'SELECT * FROM "{table}"')]
    finally:
        con.close()


def _as_read(v: object, column: T.Column) -> object:
    """A database value as the workbook holds it: booleans as booleans, dates as dates."""
    if v is None:
        return None
    if column.type == T.BOOLEAN:
        return bool(v)
    if column.type == T.DATE:
        return datetime.datetime.fromisoformat(str(v))
    return v


def test_every_sheet_equals_its_table(exported: tuple[Path, Path]) -> None:
    xlsx, db = exported
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == [t.title for t in T.TABLES]
    for table in T.TABLES:
        ws = wb[table.title]
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        assert values[0] == [c.title for c in table.columns]  # Japanese headings
        want = [[_as_read(v, c) for v, c in zip(row, table.columns)] for row in _db_rows(db, table.name)]
        got = [[None if v == "" else v for v in row] for row in values[1:]]
        assert got == [[None if v == "" else v for v in row] for row in want], table.name
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws["A1"].font.b and ws["A2"].font.name == "游ゴシック"
    # numbers are numbers, booleans booleans
    issues = wb["課題"]
    assert isinstance(issues["E2"].value, int) and isinstance(issues["P2"].value, bool)


def test_pandas_reads_the_issues_of_json(exported: tuple[Path, Path]) -> None:
    pd = pytest.importorskip("pandas")
    xlsx, _db = exported
    frame = pd.read_excel(xlsx, sheet_name="課題")
    issues = json.loads(xplan("issues", "--all", "-F", "json", cwd=ROOT).stdout)["issues"]
    got = sorted((r["組織名"], r["年度"], r["課題コード"], r["課題名"], r["取組数"])
                 for r in frame.to_dict("records"))
    assert got == sorted((i["org"], i["year"], i["code"], i["title"], i["actions"]) for i in issues)
    assert str(frame["取組数"].dtype).startswith("int")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_calc_reads_every_sheet(exported: tuple[Path, Path], tmp_path: Path) -> None:
    xlsx, db = exported
    # UTF-8 (76), every sheet to its own file (the last option, -1): LibreOffice 7.2 and later
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path), str(xlsx)], capture_output=True, timeout=300, check=True)
    for table in T.TABLES:
        with (tmp_path / f"plans-{table.title}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [c.title for c in table.columns]
        want = _db_rows(db, table.name)
        assert len(rows) - 1 == len(want), table.name

        def shown(v: object, c: T.Column) -> str:
            if v is None:
                return ""
            if c.type == T.BOOLEAN:
                return "TRUE" if v else "FALSE"
            return str(v)

        assert rows[1:] == [[shown(v, c) for v, c in zip(row, table.columns)] for row in want], table.name


def test_same_data_same_bytes_and_widths_by_display_width() -> None:
    sheets = [Sheet("表", ["名前", "数"], [["八幡東区役所のおもてなし", 3], ["ab", None]])]
    first = workbook_bytes(sheets)
    assert workbook_bytes(sheets) == first
    import io

    ws = openpyxl.load_workbook(io.BytesIO(first))["表"]
    # 12 Japanese characters are 24 columns wide, not 12
    assert display_width("八幡東区役所のおもてなし") == 24
    assert ws.column_dimensions["A"].width >= 24 > ws.column_dimensions["B"].width
    long = "あ" * 100
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([Sheet("x", ["t"], [[long], ["a\nb"]])])))["x"]
    assert ws["A2"].alignment.wrap_text and ws["A3"].alignment.wrap_text and ws.column_dimensions["A"].width <= 61
