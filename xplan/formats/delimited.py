"""csv and tsv: the view's records, one row per record under one header row, so that a
spreadsheet reads them (``--bom`` starts the file with a UTF-8 BOM, which Excel looks for).
tsv keeps a row on one line: a cell's lines are joined with `` / ``."""

from __future__ import annotations

import csv
import io

from xplan.output.cells import neutralise
from xplan.output.tables import Table, text_rows
from xplan.output.view import Options, ViewOutput

BOM = True  # --bom goes with these formats


def table_text(table: Table, fmt: str, bom: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow([neutralise(h) for h in table.headers])
    # a cell a spreadsheet would run as a formula gets OWASP's leading ' (xplan/output/cells.py)
    writer.writerows([[neutralise(c.replace("\n", " / ") if fmt == "tsv" else c) for c in row]
                      for row in text_rows(table)])
    return ("\ufeff" if bom else "") + buf.getvalue()


def render(view: ViewOutput, options: Options) -> str:
    return table_text(view.records(), options.fmt, options.bom)
