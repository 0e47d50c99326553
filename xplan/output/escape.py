"""Plan text made safe for markdown: every writer of a markdown table, heading or list item calls
``markdown_text``, so plan text shows as written and never as formatting, a link, HTML or a
column break. (Spreadsheet cells: ``xplan.output.cells``, OWASP's formula neutralising.)
"""

from __future__ import annotations

# What markdown reads as formatting, links, HTML or a table's column break: backslashed
# (CommonMark lets any ASCII punctuation be escaped so). ``&`` too, so that ``&lt;`` stays text.
_MARKDOWN = frozenset("\\`*_[]<>#|&~")


def markdown_text(text: str) -> str:
    """``text`` for a markdown heading or table cell: every character markdown would read as
    formatting, a link, HTML or a column break is backslashed, so it shows as written."""
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)
