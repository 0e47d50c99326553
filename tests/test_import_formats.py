"""`xplan import` of Word, Excel and PDF documents the tests write from the seed texts: each gives
the same plan as the text it was written from."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import SOURCES, seed_text
from xplan.importer import ImportFailure, import_text
from xplan.importer.blocks import cell_items
from xplan.importer.emit import plain
from xplan.importer.read import text_of

CURRENT = ["R8/kokurakita", "R7/somu-shimin", "R7/seisaku"]
_HEAD = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST = re.compile(r"^( *)-\s+(.*)$")


def _same_plan(doc: dict[str, Any], text: dict[str, Any]) -> None:
    a, b = plain(doc), plain(text)
    for d in (a, b):
        d["source"].pop("sha256", None)
        d["source"].pop("document", None)
    assert a == b


# -- Word ---------------------------------------------------------------------------------------

def seed_to_docx(text: str) -> bytes:
    """The seed as a Word document: headings as Heading styles, list items as List Bullet (2),
    paragraphs with their line breaks, tables with each item of a cell its own paragraph."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    para = None
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        width = max(len(r) for r in table_rows)
        table = document.add_table(rows=len(table_rows), cols=width)
        for r, cells in enumerate(table_rows):
            for c, cell in enumerate(cells):
                items, _ = cell_items(cell)
                target = table.cell(r, c)
                target.paragraphs[0].text = items[0] if items else ""
                for item in items[1:]:
                    target.add_paragraph(item)
        table_rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            table_rows.append(line.split("\t"))
            para = None
            continue
        flush_table()
        if not line.strip():
            para = None
            continue
        m = _HEAD.match(line)
        if m:
            document.add_heading(m.group(2), level=min(len(m.group(1)), 9))
            para = None
            continue
        m = _LIST.match(line)
        if m:
            depth = len(m.group(1)) // 2
            para = document.add_paragraph(m.group(2).rstrip(), style="List Bullet" if depth == 0 else "List Bullet 2")
            continue
        if para is not None:  # a line of the same paragraph (no blank line between)
            para.add_run().add_break()
            para.add_run(line.rstrip())
        else:
            para = document.add_paragraph(line.rstrip())
    flush_table()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("key", CURRENT)
def test_word_gives_the_same_plan_as_the_text(key: str) -> None:
    text = seed_text(key)
    raw = seed_to_docx(text)
    from_word = import_text(text_of(raw, "plan.docx"), "plan.docx")
    _same_plan(from_word.data, import_text(text, SOURCES[key]).data)


# -- Excel --------------------------------------------------------------------------------------

def _cell_text(blocks: list[Any]) -> str:
    """A column's blocks written back as the sheet's cell text: one paragraph per block."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out.append("・" + b)
        elif "heading" in b:
            out.append("\n".join([b["heading"], *("・" + x for x in b["items"] if isinstance(x, str))]))
        elif "lead" in b:
            out.append("\n".join(["・" + b["lead"], *("　" + x for x in b["items"] if isinstance(x, str))]))
    return "\n\n".join(out) or "ー"


def sheet_to_xlsx(data: dict[str, Any], labels: list[str]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["R６保健福祉局Ｘ方針 振り返りシート（設定した課題の取組結果）"])
    sheet.append(["項目No.\nABC", "①\n課題名", "②\n課題の内容", "③\n課題の背景", "④\n課題に対する取組み",
                  f"⑤\n{labels[0]}", f"⑥\n{labels[1]}", "⑦\n変革が実現した課題・取組内容・市民に\nもたらされた効果",
                  "⑧\n取組・進捗が十分でなかった項目・内容（理由）\n令和７年度に向けた考え"])
    for issue in data["issues"]:
        progress = issue.get("progress") or [{}, {}]
        retro = issue.get("retrospective") or {}
        sheet.append([f"{issue['domain']}（{issue['number']}）", issue["title"],
                      *(_cell_text(issue.get(k) or []) for k in ("content", "background", "measures")),
                      *(_cell_text(p.get("items") or []) for p in progress),
                      _cell_text(retro.get("achieved") or []), _cell_text(retro.get("fell_short") or [])])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_excel_sheet_gives_the_same_plan_as_the_text() -> None:
    key = "R6/hoken-fukushi"
    text_import = plain(import_text(seed_text(key), SOURCES[key]).data)
    labels = [p["label"] for p in text_import["issues"][0]["progress"]]
    raw = sheet_to_xlsx(text_import, labels)
    from_excel = plain(import_text(text_of(raw, "sheet.xlsx"), "sheet.xlsx").data)
    assert from_excel["layout"] == "retrospective" and from_excel["fiscal_year"] == "R6"
    assert [i["id"] for i in from_excel["issues"]] == [i["id"] for i in text_import["issues"]]
    for got, want in zip(from_excel["issues"], text_import["issues"]):
        for key_ in ("title", "content", "background", "measures", "progress", "retrospective"):
            assert got.get(key_) == want.get(key_), (got["id"], key_)


def test_damaged_office_files_are_one_message() -> None:
    with pytest.raises(ImportFailure):
        text_of(b"PK\x03\x04" + b"\x00" * 64, "x.xlsx")
