"""Spreadsheet cells that must never run as formulas (CSV/formula injection, OWASP).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some strip before reading) as a formula; plan text is data, so such a cell must stay text.
In a CSV file the only way is to change the text (``neutralise``: a leading apostrophe, which Excel
and LibreOffice hide and read as "this is text"); in a workbook the cell is stored as text with
Excel's quote prefix, so its value is unchanged (``xplan.output.sheets``).
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a plain number (-17, +3.5, 1e3, 50%) is no formula: rollup's change columns must stay numbers
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?%?")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """The text a spreadsheet shows as written and never evaluates (for CSV cells)."""
    return "'" + text if looks_like_formula(text) else text
