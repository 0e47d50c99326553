"""The data set as one workbook: a sheet per table, headed with the columns' Japanese titles,
in the order of xplan.export.tables."""

from __future__ import annotations

import datetime

from xplan.export import tables as T
from xplan.output.xlsx import Sheet, workbook_bytes


def _value(v: object, column: T.Column) -> object:
    if column.type == T.DATE and isinstance(v, str):
        try:
            return datetime.date.fromisoformat(v)  # a date cell, not text
        except ValueError:
            return v
    return v


def sheets(data: T.DataSet) -> list[Sheet]:
    out = []
    for t in data.tables:
        cols = t.table.columns
        out.append(Sheet(t.table.title, [c.title for c in cols],
                         [[_value(v, c) for v, c in zip(row, cols)] for row in t.rows]))
    return out


def workbook(data: T.DataSet) -> bytes:
    return workbook_bytes(sheets(data))
