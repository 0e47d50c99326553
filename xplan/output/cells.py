"""Spreadsheet cells that must never run as formulas (CSV/formula injection, OWASP).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some strip before reading) as a formula; plan text is data, so such a cell must stay text.
In a CSV file the only way is to change the text (``neutralise``: a leading apostrophe, which Excel
and LibreOffice hide and read as "this is text"); in a workbook the cell is stored as text with
Excel's quote prefix, so its value is unchanged (``xplan.output.sheets``).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """The text a spreadsheet shows as written and never evaluates (for CSV cells)."""
    return "'" + text if looks_like_formula(text) else text
