"""Excel (.xlsx) through openpyxl: each row of each sheet a tab-separated row; the lines of a
cell kept apart (U+2028). Empty rows are blank lines."""

from __future__ import annotations

import io

from xplan.i18n import _
from xplan.importer.core import ImportFailure
from xplan.importer.read import missing

CELL_BREAK = "\u2028"


def read_xlsx(raw: bytes) -> str:
    try:
        import openpyxl
    except ImportError:
        raise missing("openpyxl", _("Excel workbooks (.xlsx)")) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook: one message, no traceback
        raise ImportFailure(_("cannot read the Excel workbook ({reason})").format(reason=type(exc).__name__)) from None
    out: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).replace("\r\n", "\n").replace("\n", CELL_BREAK).strip() for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if not any(cells):
                out.append("")
                continue
            out.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
        out.append("")
    return "\n".join(out)
