"""Markdown: GitHub's tables (one physical line per row), titles as ``##`` headings, notes as a list."""

from __future__ import annotations

from xplan.formats.document import Style, sections_text
from xplan.output.escape import markdown_text
from xplan.output.tables import tabulated
from xplan.output.view import Options, ViewOutput

# plan text shows as written: headings, cells and notes escaped (xplan/output/escape.py)
STYLE = Style(table=lambda t: tabulated(t, "github"), heading=lambda title: f"## {markdown_text(title)}\n",
              table_heading=lambda title: f"## {markdown_text(title)}\n\n",
              note=lambda n: f"- {markdown_text(n)}\n", notes_lead="\n")


def render(view: ViewOutput, options: Options) -> str:
    own = view.documents.get("markdown")
    return own() if own is not None else sections_text(view.sections(), STYLE)
