"""Plan text made safe for the formats it is written into: markdown and spreadsheets.

Plan text is data, never markup or a formula. Every writer of a markdown table or heading calls
``markdown_text``; every writer of spreadsheet cells (``-F csv``/``tsv``, xlsx workbooks) calls
``neutralise_formula`` or, where the cell can be typed as text, ``looks_like_formula``.

Spreadsheet formula injection (OWASP, "CSV Injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula, which can fetch URLs or run commands (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). OWASP's
remedy is to prefix such a cell with a single quote, which spreadsheets read as "this is text"; the
CSV's own quoting (the ``csv`` module) does the rest. A cell that is a plain number (``-17``,
``+3.5``) is left alone: it is no formula, and rollup's change columns must stay numbers.
"""

from __future__ import annotations

import re

# the characters OWASP lists: a cell starting with one of them is a formula to a spreadsheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?%?")

# What markdown reads as formatting, links, HTML or a table's column break: backslashed
# (CommonMark lets any ASCII punctuation be escaped so). ``&`` too, so that ``&lt;`` stays text.
_MARKDOWN = frozenset("\\`*_[]<>#|&~")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (and it is not a plain number)."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def neutralise_formula(text: str) -> str:
    """``text`` as a spreadsheet cell that can never be a formula: a leading ``'`` where OWASP asks
    for one (``=SUM(A1)`` → ``'=SUM(A1)``), else unchanged."""
    return "'" + text if looks_like_formula(text) else text


def markdown_text(text: str) -> str:
    """``text`` for a markdown heading or table cell: every character markdown would read as
    formatting, a link, HTML or a column break is backslashed, so it shows as written."""
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)
