"""Excel workbooks (openpyxl): one sheet per table, made for reading Japanese.

openpyxl rather than XlsxWriter: it also reads workbooks, so the tests read back what was written
with the same well-kept library, and it writes in memory, so a file is written atomically in one
piece. Every sheet gets a font that shows Japanese (游ゴシック; Excel and LibreOffice substitute
their own Japanese font where it is missing), a bold header row that stays in view when
scrolling (frozen) and carries an autofilter, column widths from the display width of the text
(a Japanese character is two columns wide), and wrapping in long or multi-line cells. Numbers stay
numbers, booleans booleans, dates dates; text that a spreadsheet would read as a formula stays
text (``cells``). The workbook records no time, so the same sheets give the same bytes.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.output.cells import looks_like_formula

FONT = "游ゴシック"
MAX_WIDTH = 60   # columns: wider text wraps
MIN_WIDTH = 6
LINE_HEIGHT = 15.5  # points per line of 11-point Japanese text
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


class MissingLibrary(ImportError):
    """openpyxl is not installed: one line saying how to install it (exit 2)."""


@dataclass
class Sheet:
    name: str                       # the tab's name (cut to Excel's 31 characters)
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingLibrary("xlsx: openpyxl is not installed; pip install 'xplan[office]'") from None
    return openpyxl


def display_width(text: str) -> int:
    """The widest line of a cell's text, in terminal columns (wcwidth: 2 for a Japanese character)."""
    from wcwidth import wcswidth

    return max((max(wcswidth(line), len(line)) for line in text.split("\n")), default=0)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` display columns wide."""
    from wcwidth import wcswidth

    return sum(max(1, -(-max(wcswidth(line), len(line)) // max(1, width))) for line in text.split("\n"))


def _value(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, datetime.date)):
        return v
    if isinstance(v, (list, tuple)):
        return "\n".join(str(x) for x in v)
    return str(v)


def sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_BAD_SHEET_CHARS)[:31] or "Sheet"
    out, n = base, 1
    while out.casefold() in taken:
        n += 1
        out = f"{base[:31 - len(str(n)) - 1]}_{n}"
    taken.add(out.casefold())
    return out


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file's bytes."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from xplan.output.zipped import stable_zip

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    normal = wb._named_styles["Normal"]  # empty cells and new rows show the Japanese font too
    normal.font = Font(name=FONT, size=11)
    fixed = datetime.datetime(2000, 1, 1)  # openpyxl stamps the time of writing; the same sheets, the same bytes
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "xplan"
    body_font, head_font = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    # Each body cell's style is copied from a prototype's: openpyxl's setters (cell.font = …) look
    # every font and alignment up again by hashing it, four fifths of a large workbook's styling time
    scratch = wb.create_sheet()
    proto = scratch.cell(1, 1)
    proto.font, proto.alignment = body_font, wrap
    wrapped = copy(proto._style)
    proto.alignment = top
    plain = copy(proto._style)
    proto.number_format = "yyyy-mm-dd"
    dated = copy(proto._style)
    wb.remove(scratch)
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(sheet_name(sheet.name, taken))
        widths = [display_width(str(h)) for h in sheet.headers]
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font, cell.fill, cell.alignment = head_font, head_fill, wrap
        for row in sheet.rows:
            values = [_value(v) for v in row]
            ws.append(values)
            for i, v in enumerate(values):
                if isinstance(v, str):
                    widths[i] = max(widths[i], display_width(v))
        long_columns = {i for i, w in enumerate(widths) if w > MAX_WIDTH}
        # a little room for the filter button beside the heading
        widths = [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) + 1 for w in widths]
        for i, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = w
        for r in ws.iter_rows(min_row=2):
            lines = 1
            for cell in r:
                v = cell.value
                if isinstance(v, str) and ("\n" in v or cell.column - 1 in long_columns):
                    cell._style = copy(wrapped)
                    lines = max(lines, wrapped_lines(v, widths[cell.column - 1] - 2))
                else:
                    cell._style = copy(dated if isinstance(v, datetime.date) else plain)
                if isinstance(v, str) and looks_like_formula(v):
                    # text, never a formula (openpyxl writes a formula for "=…"): stored as text with
                    # Excel's quote prefix, so the value is the plan's and editing keeps it text
                    cell.data_type, cell.quotePrefix = "s", True
            if lines > 1:
                # LibreOffice keeps a row one line high unless told (Excel measures it itself): the
                # wrapped lines, measured by display width as the columns are
                ws.row_dimensions[r[0].row].height = min(409, LINE_HEIGHT * lines)
        ws.freeze_panes = "A2"
        # printed (or turned into PDF): landscape, as wide as the page, the header on every page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        if sheet.headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{max(1, ws.max_row)}"
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue())


def write_sheets(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write a workbook of ``sheets`` to ``path``, atomically (OutputError for a path it cannot write)."""
    from xplan.output.files import write_atomic

    write_atomic(path, workbook_bytes(sheets))
