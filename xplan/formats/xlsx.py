"""xlsx: the view's records as one worksheet named after the view (xplan.output.xlsx), for Excel
and LibreOffice Calc: one row per record, numbers as numbers, ISO dates as dates. A binary format:
only with ``-o FILE``."""

from __future__ import annotations

import datetime
import re
from typing import Any

from xplan.output.view import Options, ViewOutput
from xplan.output.xlsx import Sheet, workbook_bytes

BINARY = True
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def value(v: Any) -> Any:
    """A date written as text in a table (2025-12-01) is a date in a spreadsheet."""
    if isinstance(v, str) and _DATE.fullmatch(v):
        try:
            return datetime.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def render(view: ViewOutput, options: Options) -> bytes:
    table = view.records()
    # records only: a total row (the table's footer) is not a record, and the JSON gives totals apart
    return workbook_bytes([Sheet(view.sheet, table.headers, [[value(v) for v in row] for row in table.rows])])
