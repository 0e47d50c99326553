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


# -- PDF ----------------------------------------------------------------------------------------

_PDF_CSS = """@page { size: A4; margin: 15mm; }
body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10pt; line-height: 1.5; }
p { margin: 0 0 0.8em 0; break-inside: avoid; } h3 { font-size: 11pt; margin: 0 0 0.8em 0; }
table { border-collapse: separate; border-spacing: 0; width: 100%; margin: 0 0 0.8em 0; }
tr { break-inside: avoid; }
td { border: 1px solid #000; vertical-align: top; padding: 2px 4px; font-size: 9pt; }"""


def seed_to_html(text: str) -> str:
    """The seed laid out as an A4 page: headings, paragraphs (their line breaks kept), list items
    indented by their level, tables with each item of a cell on its own line."""
    import html

    out: list[str] = []
    para: list[str] = []
    style = [""]
    rows: list[list[str]] = []

    def flush_p() -> None:
        if para:
            out.append(f"<p{style[0]}>" + "<br>".join(html.escape(x) for x in para) + "</p>")
            para.clear()
            style[0] = ""

    def flush_t() -> None:
        if not rows:
            return
        out.append("<table>")
        for cells in rows:
            if all(set(c.strip()) <= set("-ー") for c in cells):
                continue  # the extraction's ruled separator row, not part of a printed table
            tds = []
            for c in cells:
                items, _ = cell_items(c)
                if len(items) > 1:  # items apart: each on its own line, with a bullet
                    items = [i if i.startswith(("・", "→")) else "・" + i for i in items]
                tds.append("<td>" + "".join(f"<div>{html.escape(i)}</div>" for i in items) + "</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            flush_p()
            rows.append(line.split("\t"))
            continue
        flush_t()
        if not line.strip():
            flush_p()
            continue
        m = _HEAD.match(line)
        if m:
            flush_p()
            out.append(f"<h3>{html.escape(m.group(2))}</h3>")
            continue
        m = _LIST.match(line)
        if m:
            flush_p()
            style[0] = f' style="margin-left:{(len(m.group(1)) // 2 + 1) * 2}em"'
            para.append(m.group(2).rstrip())
            continue
        para.append(line.rstrip())
    flush_p()
    flush_t()
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>{_PDF_CSS}</style></head><body>'
            + "\n".join(out) + "</body></html>")


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    return exe


def print_pdf(page_html: str, folder: Path) -> bytes:
    """The page printed by headless Chromium (a real PDF writer)."""
    page = folder / "plan.html"
    page.write_text(page_html, encoding="utf-8")
    out = folder / "plan.pdf"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], capture_output=True, timeout=180, check=True)
    return out.read_bytes()


def _squashed(data: Any) -> Any:
    """A plan compared as PDF text can be: NFKC, the wave dash alike (fonts print ～ and 〜 with one
    glyph), and no spaces (a PDF drops the space where it broke a line)."""
    import unicodedata

    if isinstance(data, dict):
        return {k: _squashed(v) for k, v in data.items() if k not in ("source",)}
    if isinstance(data, list):
        return [_squashed(v) for v in data]
    if isinstance(data, str):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", data.replace("〜", "～")))
    return data


@pytest.mark.parametrize("key", [*CURRENT, "R6/yahatahigashi"])
def test_pdf_gives_the_same_plan_as_the_text(key: str, tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    year = "R6" if key == "R6/yahatahigashi" else None
    text = seed_text(key)
    raw = print_pdf(seed_to_html(text), tmp_path)
    from_pdf = plain(import_text(text_of(raw, "plan.pdf"), "plan.pdf", year=year).data)
    from_text = plain(import_text(text, SOURCES[key], year=year).data)
    assert _squashed(from_pdf) == _squashed(from_text)


def test_encrypted_and_textless_pdfs_are_refused(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ImportFailure, match="文字のない PDF"):
        text_of(buf.getvalue(), "scan.pdf")
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ImportFailure, match="暗号化"):
        text_of(buf.getvalue(), "locked.pdf")


@pytest.mark.parametrize(("module", "name", "magic"), [("pdfplumber", "plan.pdf", b"%PDF-1.7\n"),
                                                       ("docx", "plan.docx", None), ("openpyxl", "plan.xlsx", None)])
def test_a_missing_format_library_is_one_line(module: str, name: str, magic: bytes | None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the import extra: a one-line message saying what to install."""
    import sys
    import zipfile

    if magic is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml" if name.endswith("docx") else "xl/workbook.xml", "<x/>")
        magic = buf.getvalue()
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ImportFailure, match=r"pip install 'xplan\[import\]'"):
        text_of(magic, name)
