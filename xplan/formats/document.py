"""A view's sections as one text document, in a format that heads tables and lists notes its way
(markdown, html, tabulate's formats). Shared by those formats' modules."""

from __future__ import annotations

from collections.abc import Callable

from xplan.output.tables import Table
from xplan.output.view import Section


class Style:
    """How a document format writes the parts of a section."""

    def __init__(self, table: Callable[[Table], str], heading: Callable[[str], str],
                 table_heading: Callable[[str], str], note: Callable[[str], str], notes_lead: str = "") -> None:
        self.table = table  # a table's rows, without its title
        self.heading = heading  # a section's heading standing alone
        self.table_heading = table_heading  # the title above a table
        self.note = note  # one note after the tables
        self.notes_lead = notes_lead  # between the tables and the notes


def tables_text(tables: list[Table], style: Style, notes: list[str] | None = None) -> str:
    """Several tables separated by blank lines, the notes after them."""
    text = "\n".join((style.table_heading(t.title) if t.title else "") + style.table(t) + "\n" for t in tables)
    if notes:
        text += style.notes_lead + "".join(style.note(n) for n in notes)
    return text


def sections_text(sections: list[Section], style: Style) -> str:
    return "\n".join((style.heading(s.heading) if s.heading is not None else "")
                     + tables_text(s.tables, style, s.notes) for s in sections)
